// Port of micropython/tests/extmod/asyncio_current_task.py
// Test current_task() function

import * as asyncio from "asyncio";
import { print } from "../py";

async function task(result: any[]) {
  result[0] = asyncio.current_task();
}

async function main() {
  const result: any[] = [null];
  const t = asyncio.create_task(task(result));
  await asyncio.sleep(0);
  await asyncio.sleep(0);
  print(t === result[0]);
}

try {
  print(asyncio.current_task());
} catch (e) {
  if (!(e instanceof asyncio.RuntimeError)) throw e;
  print("RuntimeError");
}

asyncio.run(main());

try {
  print(asyncio.current_task());
} catch (e) {
  if (!(e instanceof asyncio.RuntimeError)) throw e;
  print("RuntimeError");
}
