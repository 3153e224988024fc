// Port of micropython/tests/extmod/asyncio_cancel_wait_on_finished.py
// Test cancelling a task that is waiting on a task that just finishes.

import * as asyncio from "asyncio";
import { print, repr } from "../py";

async function sleep_task() {
  print("sleep_task sleep");
  await asyncio.sleep(0);
  print("sleep_task wake");
}

async function wait_task(t: asyncio.Task) {
  print("wait_task wait");
  await t;
  print("wait_task wake");
}

async function main() {
  const waiting_task = asyncio.create_task(wait_task(asyncio.create_task(sleep_task())));

  print("main sleep");
  await asyncio.sleep(0);
  print("main sleep");
  await asyncio.sleep(0);

  waiting_task.cancel();
  print("main wait");
  try {
    await waiting_task;
  } catch (er) {
    if (!(er instanceof asyncio.CancelledError)) throw er;
    print(repr(er));
  }
}

asyncio.run(main());
