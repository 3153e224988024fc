// Port of micropython/tests/extmod/asyncio_micropython.py
// Test MicroPython extensions on CPython asyncio:
// - sleep_ms
// - wait_for_ms

import * as asyncio from "asyncio";
import * as time from "time";
import { print, floordiv } from "../py";

async function task(id: number, t: number) {
  print("task start", id);
  await asyncio.sleep_ms(t);
  print("task end", id);
  return id * 2;
}

async function main() {
  // Simple sleep_ms
  const t0 = time.ticks_ms();
  await asyncio.sleep_ms(1);
  print(time.ticks_diff(time.ticks_ms(), t0) < 100);

  try {
    // Sleep 1ms beyond maximum allowed sleep value
    await asyncio.sleep_ms(floordiv(time.ticks_add(0, -1), 2) + 1);
  } catch (e) {
    if (!(e instanceof asyncio.OverflowError)) throw e;
    print("OverflowError");
  }

  // When task finished before the timeout
  print(await asyncio.wait_for_ms(task(1, 5), 50));

  // When timeout passes and task is cancelled
  try {
    print(await asyncio.wait_for_ms(task(2, 50), 5));
  } catch (e) {
    if (!(e instanceof asyncio.TimeoutError)) throw e;
    print("timeout");
  }

  print("finish");
}

asyncio.run(main());
