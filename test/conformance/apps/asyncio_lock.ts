// Port of micropython/tests/extmod/asyncio_lock.py
// Test Lock class
//
// Python's `async with lock:` is written out as what it does:
// `await lock.acquire(); try { ... } finally { lock.release(); }`.

import * as asyncio from "asyncio";
import { print, range } from "../py";

async function task_loop(id: number, lock: asyncio.Lock) {
  print("task start", id);
  for (const i of range(3)) {
    // async with lock:
    await lock.acquire();
    try {
      print("task have", id, i);
    } finally {
      lock.release();
    }
  }
  print("task end", id);
}

async function task_sleep(lock: asyncio.Lock) {
  // async with lock:
  await lock.acquire();
  try {
    print("task have", lock.locked());
    await asyncio.sleep(0.2);
  } finally {
    lock.release();
  }
  print("task release", lock.locked());
  await lock.acquire();
  print("task have again");
  lock.release();
}

async function task_cancel(id: number, lock: asyncio.Lock, to_cancel: any[] | null = null) {
  try {
    // async with lock:
    await lock.acquire();
    try {
      print("task got", id);
      await asyncio.sleep(0.1);
    } finally {
      lock.release();
    }
    print("task release", id);
    if (to_cancel) {
      to_cancel[0].cancel();
    }
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    print("task cancel", id);
  }
}

async function main() {
  const lock = new asyncio.Lock();

  // Basic acquire/release
  print(lock.locked());
  await lock.acquire();
  print(lock.locked());
  await asyncio.sleep(0);
  lock.release();
  print(lock.locked());
  await asyncio.sleep(0);

  // Use with "async with"
  await lock.acquire();
  try {
    print("have lock");
  } finally {
    lock.release();
  }

  // 3 tasks wanting the lock
  print("----");
  asyncio.create_task(task_loop(1, lock));
  asyncio.create_task(task_loop(2, lock));
  const t3 = asyncio.create_task(task_loop(3, lock));
  await lock.acquire();
  await asyncio.sleep(0);
  lock.release();
  await t3;

  // 2 sleeping tasks both wanting the lock
  print("----");
  asyncio.create_task(task_sleep(lock));
  await asyncio.sleep(0.1);
  await task_sleep(lock);

  // 3 tasks, the first cancelling the second, the third should still run
  print("----");
  const ts: any[] = [null];
  asyncio.create_task(task_cancel(0, lock, ts));
  ts[0] = asyncio.create_task(task_cancel(1, lock));
  asyncio.create_task(task_cancel(2, lock));
  await asyncio.sleep(0.3);
  print(lock.locked());

  // 3 tasks, the second and third being cancelled while waiting on the lock
  print("----");
  const t0 = asyncio.create_task(task_cancel(0, lock));
  const t1 = asyncio.create_task(task_cancel(1, lock));
  const t2 = asyncio.create_task(task_cancel(2, lock));
  await asyncio.sleep(0.05);
  t1.cancel();
  await asyncio.sleep(0.1);
  t2.cancel();
  await asyncio.sleep(0.1);
  print(lock.locked());
}

asyncio.run(main());
