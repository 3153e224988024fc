// Port of test/cpython/test_semaphores.py: CPython 3.11's own Semaphore tests (test_asyncio/
// test_locks.py), the same assertions; its output must equal what CPython prints
// (test/cpython/test_semaphores.exp). `async with sem:` is __aenter__/__aexit__ around the body.
import * as asyncio from "asyncio";
import { check, soon, run, raises_cancelled } from "./cases";

// The tasks waiting, woken or not (CPython's len(sem._waiters)).
function waiting(sem: asyncio.Semaphore): number {
  let n = sem._woke.length;
  for (let t: any = sem._waiters.head; t !== null; t = t.ph_next) n++;
  return n;
}

async function test_initial_value_zero() {
  const sem = new asyncio.Semaphore(0);
  check("locked", sem.locked(), true);
}

async function test_semaphore() {
  const sem = new asyncio.Semaphore();
  check("value", sem._value, 1);
  check("not locked", sem.locked(), false);
}

async function test_semaphore_value() {
  try {
    new asyncio.Semaphore(-1);
    check("ValueError", null, "ValueError");
  } catch (e) {
    if (!(e instanceof asyncio.ValueError)) throw e;
    check("ValueError", "ValueError", "ValueError");
  }
}

async function test_acquire() {
  const sem = new asyncio.Semaphore(3);
  const result: number[] = [];
  check("acquire 1", await sem.acquire(), true);
  check("acquire 2", await sem.acquire(), true);
  check("not locked", sem.locked(), false);
  async function c(n: number) {
    await sem.acquire();
    result.push(n);
    return true;
  }
  const t1 = asyncio.create_task(c(1));
  const t2 = asyncio.create_task(c(2));
  const t3 = asyncio.create_task(c(3));
  await asyncio.sleep(0);
  check("result", result, [1]);
  check("locked", sem.locked(), true);
  check("waiters", waiting(sem), 2);
  check("value", sem._value, 0);
  const t4 = asyncio.create_task(c(4));
  sem.release();
  sem.release();
  check("value after releases", sem._value, 0);
  await asyncio.sleep(0);
  check("value later", sem._value, 0);
  check("three in", result.length, 3);
  check("locked again", sem.locked(), true);
  check("one waiter", waiting(sem), 1);
  check("t1 done", t1.done(), true);
  check("t1 result", await t1, true);
  const race_tasks = [t2, t3, t4];
  check("two of the race done", race_tasks.filter((t) => t.done()).length, 2);
  sem.release();
  await asyncio.gather(...race_tasks);
}

async function test_acquire_cancel() {
  const sem = new asyncio.Semaphore();
  await sem.acquire();
  const acquire = asyncio.create_task(sem.acquire());
  soon(() => acquire.cancel());
  check("CancelledError", await raises_cancelled(acquire), true);
  check("no waiter left", waiting(sem), 0);
}

async function test_acquire_cancel_before_awoken() {
  const sem = new asyncio.Semaphore(0);
  const t1 = asyncio.create_task(sem.acquire());
  const t2 = asyncio.create_task(sem.acquire());
  const t3 = asyncio.create_task(sem.acquire());
  const t4 = asyncio.create_task(sem.acquire());
  await asyncio.sleep(0);
  t1.cancel();
  t2.cancel();
  sem.release();
  await asyncio.sleep(0);
  await asyncio.sleep(0);
  check("one done", [t3, t4].filter((t) => t.done()).length, 1);
  check("t3 done", t3.done(), true);
  check("t4 waits", t4.done(), false);
  t3.cancel();
  t4.cancel();
  await asyncio.sleep(0);
}

async function test_acquire_hang() {
  const sem = new asyncio.Semaphore(0);
  const t1 = asyncio.create_task(sem.acquire());
  const t2 = asyncio.create_task(sem.acquire());
  await asyncio.sleep(0);
  t1.cancel();
  sem.release();
  await asyncio.sleep(0);
  await asyncio.sleep(0);
  check("locked", sem.locked(), true);
  check("t2 done", t2.done(), true);
}

async function test_acquire_no_hang() {
  const sem = new asyncio.Semaphore(1);
  let t2: asyncio.Task;
  async function c1() {
    await sem.__aenter__();
    try {
      await asyncio.sleep(0);
    } finally {
      await sem.__aexit__();
    }
    t2.cancel();
  }
  async function c2() {
    await sem.__aenter__();
    try {
      check("never", false, true);
    } finally {
      await sem.__aexit__();
    }
  }
  const t1 = asyncio.create_task(c1());
  t2 = asyncio.create_task(c2());
  const [r1, r2] = await asyncio.gather(t1, t2, { return_exceptions: true });
  check("r1 None", r1 === undefined, true);
  check("r2 CancelledError", r2 instanceof asyncio.CancelledError, true);
  await asyncio.wait_for(sem.acquire(), 1.0);
  check("acquired", true, true);
}

async function test_release_not_acquired() {
  const sem = new asyncio.BoundedSemaphore();
  try {
    sem.release();
    check("ValueError", null, "ValueError");
  } catch (e) {
    if (!(e instanceof asyncio.ValueError)) throw e;
    check("ValueError", "ValueError", "ValueError");
  }
}

async function test_release_no_waiters() {
  const sem = new asyncio.Semaphore();
  await sem.acquire();
  check("locked", sem.locked(), true);
  sem.release();
  check("unlocked", sem.locked(), false);
}

async function test_acquire_fifo_order() {
  const sem = new asyncio.Semaphore(1);
  const result: string[] = [];
  async function coro(tag: string) {
    await sem.acquire();
    result.push(`${tag}_1`);
    await asyncio.sleep(0.01);
    sem.release();
    await sem.acquire();
    result.push(`${tag}_2`);
    await asyncio.sleep(0.01);
    sem.release();
  }
  await new asyncio.TaskGroup().run(async (tg) => {
    tg.create_task(coro("c1"));
    tg.create_task(coro("c2"));
    tg.create_task(coro("c3"));
  });
  check("order", result, ["c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"]);
}

async function test_acquire_fifo_order_2() {
  const sem = new asyncio.Semaphore(1);
  const result: number[] = [];
  async function c1(result: number[]) {
    await sem.acquire();
    result.push(1);
    return true;
  }
  async function c2(result: number[]) {
    await sem.acquire();
    result.push(2);
    sem.release();
    await sem.acquire();
    result.push(4);
    return true;
  }
  async function c3(result: number[]) {
    await sem.acquire();
    result.push(3);
    return true;
  }
  const t1 = asyncio.create_task(c1(result));
  const t2 = asyncio.create_task(c2(result));
  const t3 = asyncio.create_task(c3(result));
  await asyncio.sleep(0);
  sem.release();
  sem.release();
  await asyncio.gather(t1, t2, t3);
  check("order", result, [1, 2, 3, 4]);
}

async function test_acquire_fifo_order_3() {
  const sem = new asyncio.Semaphore(0);
  const result: number[] = [];
  async function c(n: number) {
    await sem.acquire();
    result.push(n);
    return true;
  }
  const t1 = asyncio.create_task(c(1));
  const t2 = asyncio.create_task(c(2));
  const t3 = asyncio.create_task(c(3));
  await asyncio.sleep(0);
  t1.cancel();
  await asyncio.sleep(0);
  sem.release();
  sem.release();
  await asyncio.gather(t1, t2, t3, { return_exceptions: true });
  check("order", result, [2, 3]);
}

async function main() {
  const tests: [string, () => Promise<void>][] = [
    ["test_initial_value_zero", test_initial_value_zero],
    ["test_semaphore", test_semaphore],
    ["test_semaphore_value", test_semaphore_value],
    ["test_acquire", test_acquire],
    ["test_acquire_cancel", test_acquire_cancel],
    ["test_acquire_cancel_before_awoken", test_acquire_cancel_before_awoken],
    ["test_acquire_hang", test_acquire_hang],
    ["test_acquire_no_hang", test_acquire_no_hang],
    ["test_release_not_acquired", test_release_not_acquired],
    ["test_release_no_waiters", test_release_no_waiters],
    ["test_acquire_fifo_order", test_acquire_fifo_order],
    ["test_acquire_fifo_order_2", test_acquire_fifo_order_2],
    ["test_acquire_fifo_order_3", test_acquire_fifo_order_3],
  ];
  await run(tests);
}

asyncio.run(main());
