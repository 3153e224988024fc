// Port of micropython/tests/extmod/asyncio_fair.py
// Test fairness of scheduler

import * as asyncio from "asyncio";
import { print } from "../py";

async function task(id: number, t: number) {
  print("task start", id);
  while (true) {
    if (t > 0) {
      print("task work", id);
    }
    await asyncio.sleep(t);
  }
}

async function main() {
  const t1 = asyncio.create_task(task(1, -0.01));
  const t2 = asyncio.create_task(task(2, 0.1));
  const t3 = asyncio.create_task(task(3, 0.18));
  const t4 = asyncio.create_task(task(4, -100));
  await asyncio.sleep(0.45); // t2 prints 5 times, t3 prints 3 times
  t1.cancel();
  t2.cancel();
  t3.cancel();
  t4.cancel();
  print("finish");
}

asyncio.run(main());
