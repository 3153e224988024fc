// Port of micropython/tests/extmod/asyncio_task_done.py
// Test the Task.done() method

import * as asyncio from "asyncio";
import { print, repr, repeat } from "../py";

async function task(t: number, exc: any = null) {
  print("task start");
  if (t >= 0) {
    await asyncio.sleep(t);
  }
  if (exc) {
    // Python's `raise exc` with exc a class raises an instance with no args.
    throw new exc();
  }
  print("task done");
}

async function main() {
  // Task that finishes immediately.
  print(repeat("=", 10));
  let t = asyncio.create_task(task(-1));
  print(t.done());
  await asyncio.sleep(0);
  print(t.done());
  await t;
  print(t.done());

  // Task that starts, runs and finishes.
  print(repeat("=", 10));
  t = asyncio.create_task(task(0.01));
  print(t.done());
  await asyncio.sleep(0);
  print(t.done());
  await t;
  print(t.done());

  // Task that raises immediately.
  print(repeat("=", 10));
  t = asyncio.create_task(task(-1, asyncio.ValueError));
  print(t.done());
  await asyncio.sleep(0);
  print(t.done());
  try {
    await t;
  } catch (er) {
    if (!(er instanceof asyncio.ValueError)) throw er;
    print(repr(er));
  }
  print(t.done());

  // Task that raises after a delay.
  print(repeat("=", 10));
  t = asyncio.create_task(task(0.01, asyncio.ValueError));
  print(t.done());
  await asyncio.sleep(0);
  print(t.done());
  try {
    await t;
  } catch (er) {
    if (!(er instanceof asyncio.ValueError)) throw er;
    print(repr(er));
  }
  print(t.done());
}

asyncio.run(main());
