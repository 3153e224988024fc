// Port of micropython/tests/extmod/asyncio_wait_for.py
// Test asyncio.wait_for

import * as asyncio from "asyncio";
import { print, repr, range, repeat, assert } from "../py";

async function task(id: number, t: number) {
  print("task start", id);
  await asyncio.sleep(t);
  print("task end", id);
  return id * 2;
}

async function task_catch() {
  print("task_catch start");
  try {
    await asyncio.sleep(0.2);
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    print("ignore cancel");
  }
  print("task_catch done");
}

async function task_raise() {
  print("task start");
  throw new asyncio.ValueError();
}

async function task_cancel_other(t: number, other: asyncio.Task) {
  print("task_cancel_other start");
  await asyncio.sleep(t);
  print("task_cancel_other cancel");
  other.cancel();
}

async function task_wait_for_cancel(id: number, t: number, t_wait: number) {
  print("task_wait_for_cancel start");
  try {
    await asyncio.wait_for(task(id, t), t_wait);
  } catch (er) {
    if (!(er instanceof asyncio.CancelledError)) throw er;
    print("task_wait_for_cancel cancelled");
    throw er;
  }
}

async function task_wait_for_cancel_ignore(t_wait: number) {
  print("task_wait_for_cancel_ignore start");
  try {
    await asyncio.wait_for(task_catch(), t_wait);
  } catch (er) {
    if (!(er instanceof asyncio.CancelledError)) throw er;
    print("task_wait_for_cancel_ignore cancelled");
    throw er;
  }
}

async function main() {
  const sep = repeat("-", 10);

  // When task finished before the timeout
  print(await asyncio.wait_for(task(1, 0.01), 10));
  print(sep);

  // When timeout passes and task is cancelled
  try {
    print(await asyncio.wait_for(task(2, 10), 0.01));
  } catch (e) {
    if (!(e instanceof asyncio.TimeoutError)) throw e;
    print("timeout");
  }
  print(sep);

  // When timeout passes and task is cancelled, but task ignores the cancellation request
  try {
    print(await asyncio.wait_for(task_catch(), 0.1));
  } catch (e) {
    if (!(e instanceof asyncio.TimeoutError)) throw e;
    print("TimeoutError");
  }
  print(sep);

  // When task raises an exception
  try {
    print(await asyncio.wait_for(task_raise(), 1));
  } catch (e) {
    if (!(e instanceof asyncio.ValueError)) throw e;
    print("ValueError");
  }
  print(sep);

  // Timeout of None means wait forever
  print(await asyncio.wait_for(task(3, 0.1), null));
  print(sep);

  // When task is cancelled by another task
  let t = asyncio.create_task(task(4, 10));
  asyncio.create_task(task_cancel_other(0.01, t));
  try {
    print(await asyncio.wait_for(t, 1));
  } catch (er) {
    if (!(er instanceof asyncio.CancelledError)) throw er;
    print(repr(er));
  }
  print(sep);

  // When wait_for gets cancelled
  t = asyncio.create_task(task_wait_for_cancel(4, 1, 2));
  await asyncio.sleep(0.01);
  t.cancel();
  await asyncio.sleep(0.01);
  print(sep);

  // When wait_for gets cancelled and awaited task ignores the cancellation request
  t = asyncio.create_task(task_wait_for_cancel_ignore(2));
  await asyncio.sleep(0.01);
  t.cancel();
  await asyncio.sleep(0.01);
  print(sep);

  // When wait_for gets cancelled and the task it's waiting on finishes around the
  // same time as the cancellation of the wait_for
  for (const num_sleep of range(1, 5)) {
    t = asyncio.create_task(task_wait_for_cancel(4 + num_sleep, 0, 2));
    for (const _ of range(num_sleep)) {
      await asyncio.sleep(0);
    }
    assert(!t.done());
    print("cancel wait_for");
    t.cancel();
    try {
      await t;
    } catch (er) {
      if (!(er instanceof asyncio.CancelledError)) throw er;
      print(repr(er));
    }
    print(sep);
  }

  print("finish");
}

asyncio.run(main());
