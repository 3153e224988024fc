// Port of micropython/tests/extmod/asyncio_lock_cancel.py
// Test that locks work when cancelling multiple waiters on the lock

import * as asyncio from "asyncio";
import { print, range } from "../py";

async function task(i: number, lock: asyncio.Lock, lock_flag: boolean[]) {
  print("task", i, "start");
  try {
    await lock.acquire();
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    print("task", i, "cancel");
    return;
  }
  print("task", i, "lock_flag", lock_flag[0]);
  lock_flag[0] = true;
  await asyncio.sleep(0);
  lock.release();
  lock_flag[0] = false;
  print("task", i, "done");
}

async function main() {
  // Create a lock and acquire it so the tasks below must wait
  const lock = new asyncio.Lock();
  await lock.acquire();
  const lock_flag = [true];

  // Create 4 tasks and let them all run
  const t0 = asyncio.create_task(task(0, lock, lock_flag));
  const t1 = asyncio.create_task(task(1, lock, lock_flag));
  const t2 = asyncio.create_task(task(2, lock, lock_flag));
  const t3 = asyncio.create_task(task(3, lock, lock_flag));
  await asyncio.sleep(0);

  // Cancel 2 of the tasks (which are waiting on the lock) and release the lock
  t1.cancel();
  t2.cancel();
  lock.release();
  lock_flag[0] = false;

  // Let the tasks run to completion
  for (const _ of range(4)) {
    await asyncio.sleep(0);
  }

  // The locke should be unlocked
  print(lock.locked());
}

asyncio.run(main());
