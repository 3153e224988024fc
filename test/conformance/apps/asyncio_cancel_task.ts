// Port of micropython/tests/extmod/asyncio_cancel_task.py
// Test cancelling a task

import * as asyncio from "asyncio";
import { print, range } from "../py";

async function task(s: number, allow_cancel: boolean) {
  try {
    print("task start");
    await asyncio.sleep(s);
    print("task done");
  } catch (er) {
    if (!(er instanceof asyncio.CancelledError)) throw er;
    print("task cancel");
    if (allow_cancel) {
      throw er;
    }
  }
}

async function task2(allow_cancel: boolean) {
  print("task 2");
  try {
    await asyncio.create_task(task(0.05, allow_cancel));
  } catch (er) {
    if (!(er instanceof asyncio.CancelledError)) throw er;
    print("task 2 cancel");
    throw er;
  }
  print("task 2 done");
}

async function main() {
  // Cancel task immediately
  let t = asyncio.create_task(task(2, true));
  print(t.cancel());

  // Cancel task after it has started
  t = asyncio.create_task(task(2, true));
  await asyncio.sleep(0.01);
  print(t.cancel());
  print("main sleep");
  await asyncio.sleep(0.01);

  // Cancel task multiple times after it has started
  t = asyncio.create_task(task(2, true));
  await asyncio.sleep(0.01);
  for (const _ of range(4)) {
    print(t.cancel());
  }
  print("main sleep");
  await asyncio.sleep(0.01);

  // Await on a cancelled task
  print("main wait");
  try {
    await t;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    print("main got CancelledError");
  }

  // Cancel task after it has finished
  t = asyncio.create_task(task(0.01, false));
  await asyncio.sleep(0.05);
  print(t.cancel());

  // Nested: task2 waits on task, task2 is cancelled (should cancel task then task2)
  print("----");
  t = asyncio.create_task(task2(true));
  await asyncio.sleep(0.01);
  print("main cancel");
  t.cancel();
  print("main sleep");
  await asyncio.sleep(0.1);

  // Nested: task2 waits on task, task2 is cancelled but task doesn't allow it (task2 should continue)
  print("----");
  t = asyncio.create_task(task2(false));
  await asyncio.sleep(0.01);
  print("main cancel");
  t.cancel();
  print("main sleep");
  await asyncio.sleep(0.1);
}

asyncio.run(main());
