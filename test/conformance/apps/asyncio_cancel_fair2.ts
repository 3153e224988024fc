// Port of micropython/tests/extmod/asyncio_cancel_fair2.py
// Test fairness of cancelling a task
// That tasks which keeps being cancelled by multiple other tasks gets a chance to run

import * as asyncio from "asyncio";
import { print, range } from "../py";

async function task_a() {
  try {
    while (true) {
      print("sleep a");
      await asyncio.sleep(0);
    }
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    print("cancelled a");
  }
}

async function task_b(id: number, other: asyncio.Task) {
  while (other.cancel()) {
    print("sleep b", id);
    await asyncio.sleep(0);
  }
  print("done b", id);
}

async function main() {
  const t = asyncio.create_task(task_a());
  for (const i of range(3)) {
    asyncio.create_task(task_b(i, t));
  }
  await t;
}

asyncio.run(main());
