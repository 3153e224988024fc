// Port of micropython/tests/extmod/asyncio_threadsafeflag.py
// Test Event class
//
// micropython.schedule() comes from ../micropython.ts: on the sim board the callback runs as
// an outside event (not inside any task) one virtual millisecond later.

import * as asyncio from "asyncio";
import * as micropython from "../micropython";
import { print } from "../py";

async function task(id: number, flag: asyncio.ThreadSafeFlag) {
  print("task", id);
  await flag.wait();
  print("task", id, "done");
}

function set_from_schedule(flag: asyncio.ThreadSafeFlag): void {
  flag.set();
}

async function main() {
  const flag = new asyncio.ThreadSafeFlag();

  // Set the flag from within the loop.
  let t = asyncio.create_task(task(1, flag));
  print("yield");
  await asyncio.sleep(0);
  print("set event");
  flag.set();
  print("yield");
  await asyncio.sleep(0);
  print("wait task");
  await t;

  // Set the flag from scheduler context.
  print("----");
  t = asyncio.create_task(task(2, flag));
  print("yield");
  await asyncio.sleep(0);
  print("set event");
  micropython.schedule(set_from_schedule, flag);
  print("yield");
  await asyncio.sleep(0);
  print("wait task");
  await t;

  // Flag already set.
  print("----");
  print("set event");
  flag.set();
  t = asyncio.create_task(task(3, flag));
  print("yield");
  await asyncio.sleep(0);
  print("wait task");
  await t;

  // Flag set, cleared, and set again.
  print("----");
  print("set event");
  flag.set();
  print("yield");
  await asyncio.sleep(0);
  print("clear event");
  flag.clear();
  print("yield");
  await asyncio.sleep(0);
  t = asyncio.create_task(task(4, flag));
  print("yield");
  await asyncio.sleep(0);
  print("set event");
  flag.set();
  print("yield");
  await asyncio.sleep(0);
  print("wait task");
  await t;
}

asyncio.run(main());
