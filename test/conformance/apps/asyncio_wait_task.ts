// Port of micropython/tests/extmod/asyncio_wait_task.py
// Test waiting on a task

import * as asyncio from "asyncio";
import * as time from "time";
import { print, format, round, range } from "../py";

// `time` is MicroPython's utime: it has ticks_ms, so the test's fallback is not needed.
const ticks = time.ticks_ms;
const ticks_diff = time.ticks_diff;

async function task(t: number) {
  print("task", t);
}

async function delay_print(t: number, s: string) {
  await asyncio.sleep(t);
  print(s);
}

async function task_raise() {
  print("task_raise");
  throw new asyncio.ValueError();
}

async function main() {
  print("start");

  // Wait on a task
  let t = asyncio.create_task(task(1));
  await t;

  // Wait on a task that's already done
  t = asyncio.create_task(task(2));
  await asyncio.sleep(0.001);
  await t;

  // Wait again on same task
  await t;

  print("----");

  // Create 2 tasks
  const ts1 = asyncio.create_task(delay_print(0.2, "hello"));
  const ts2 = asyncio.create_task(delay_print(0.4, "world"));

  // Time how long the tasks take to finish, they should execute in parallel
  print("start");
  const t0 = ticks();
  await ts1;
  const t1 = ticks();
  await ts2;
  const t2 = ticks();
  print(format("took {} {}", round(ticks_diff(t1, t0), -2), round(ticks_diff(t2, t1), -2)));

  // Wait on a task that raises an exception
  t = asyncio.create_task(task_raise());
  try {
    await t;
  } catch (e) {
    if (!(e instanceof asyncio.ValueError)) throw e;
    print("ValueError");
  }

  // Wait on a task that raises, but the waiting is done some time later.
  // Need to suppress the "Task exception wasn't retrieved" message.
  asyncio.get_event_loop().set_exception_handler((loop: any, context: any) => null);
  t = asyncio.create_task(task_raise());
  for (const _ of range(5)) {
    await asyncio.sleep(0);
  }
  try {
    await t;
  } catch (e) {
    if (!(e instanceof asyncio.ValueError)) throw e;
    print("ValueError");
  }
}

asyncio.run(main());
