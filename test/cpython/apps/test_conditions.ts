// Port of test/cpython/test_conditions.py: CPython 3.11's own Condition tests (test_asyncio/
// test_locks.py), the same assertions; its output must equal what CPython prints
// (test/cpython/test_conditions.exp). `async with x:` is __aenter__/__aexit__ around the body.
import * as asyncio from "asyncio";
import { check, soon, cancelled, run, raises_cancelled } from "./cases";

async function raises(exc: any, f: () => any) {
  try {
    await f();
  } catch (e) {
    if (e instanceof exc) return true;
    throw e;
  }
  return false;
}

async function test_wait() {
  const cond = new asyncio.Condition();
  const result: number[] = [];
  async function c(n: number) {
    await cond.acquire();
    if (await cond.wait()) result.push(n);
    return true;
  }
  const ts = [asyncio.create_task(c(1)), asyncio.create_task(c(2)), asyncio.create_task(c(3))];
  await asyncio.sleep(0);
  check("nobody yet", result, []);
  check("unlocked", cond.locked(), false);
  check("acquire", await cond.acquire(), true);
  cond.notify();
  await asyncio.sleep(0);
  check("notified, lock held", result, []);
  check("locked", cond.locked(), true);
  cond.release();
  await asyncio.sleep(0);
  check("1 in", result, [1]);
  check("locked by 1", cond.locked(), true);
  cond.notify(2);
  await asyncio.sleep(0);
  check("2 waits for the lock", result, [1]);
  check("still locked", cond.locked(), true);
  cond.release();
  await asyncio.sleep(0);
  check("2 in", result, [1, 2]);
  check("locked by 2", cond.locked(), true);
  cond.release();
  await asyncio.sleep(0);
  check("3 in", result, [1, 2, 3]);
  check("locked by 3", cond.locked(), true);
  for (let i = 0; i < ts.length; i++) {
    check(`t${i + 1} done`, ts[i].done(), true);
    check(`t${i + 1} result`, await ts[i], true);
  }
}

async function test_wait_cancel() {
  const cond = new asyncio.Condition();
  await cond.acquire();
  const wait = asyncio.create_task(cond.wait());
  soon(() => wait.cancel());
  check("CancelledError", await raises_cancelled(wait), true);
  check("no waiter", cond._waiters.peek() !== null, false);
  check("locked", cond.locked(), true);
}

async function test_wait_cancel_contested() {
  const cond = new asyncio.Condition();
  await cond.acquire();
  check("locked", cond.locked(), true);
  const wait_task = asyncio.create_task(cond.wait());
  await asyncio.sleep(0);
  check("released by wait", cond.locked(), false);
  // Notify, but contest the lock before cancelling
  await cond.acquire();
  check("locked again", cond.locked(), true);
  cond.notify();
  soon(() => wait_task.cancel());
  soon(() => cond.release());
  try {
    await wait_task;
  } catch (e) {
    // Should not happen, since no cancellation points
    if (!(e instanceof asyncio.CancelledError)) throw e;
  }
  check("locked at the end", cond.locked(), true);
}

async function test_wait_cancel_after_notify() {
  let waited = false;
  const cond = new asyncio.Condition();
  async function wait_on_cond() {
    await cond.__aenter__();
    try {
      waited = true; // Make sure this area was reached
      await cond.wait();
    } finally {
      await cond.__aexit__();
    }
  }
  const waiter = asyncio.create_task(wait_on_cond());
  await asyncio.sleep(0); // Start waiting
  await cond.acquire();
  cond.notify();
  await asyncio.sleep(0); // Get to acquire()
  waiter.cancel();
  await asyncio.sleep(0); // Activate cancellation
  cond.release();
  await asyncio.sleep(0); // Cancellation should occur
  check("cancelled", await cancelled(waiter), true);
  check("waited", waited, true);
}

async function test_wait_unacquired() {
  const cond = new asyncio.Condition();
  check("RuntimeError", (await raises(asyncio.RuntimeError, () => cond.wait())) ? "RuntimeError" : null, "RuntimeError");
}

async function test_wait_for() {
  const cond = new asyncio.Condition();
  let presult = false;
  const predicate = () => presult;
  const result: number[] = [];
  async function c1(result: number[]) {
    await cond.acquire();
    if (await cond.wait_for(predicate)) {
      result.push(1);
      cond.release();
    }
    return true;
  }
  const t = asyncio.create_task(c1(result));
  await asyncio.sleep(0);
  check("nobody yet", result, []);
  await cond.acquire();
  cond.notify();
  cond.release();
  await asyncio.sleep(0);
  check("predicate false", result, []);
  presult = true;
  await cond.acquire();
  cond.notify();
  cond.release();
  await asyncio.sleep(0);
  check("predicate true", result, [1]);
  check("done", t.done(), true);
  check("result", await t, true);
}

async function test_wait_for_unacquired() {
  const cond = new asyncio.Condition();
  const res = await cond.wait_for(() => [1, 2, 3]);
  check("predicate true at once", res, [1, 2, 3]);
  check("RuntimeError", (await raises(asyncio.RuntimeError, () => cond.wait_for(() => false))) ? "RuntimeError" : null, "RuntimeError");
}

function notified(cond: asyncio.Condition, result: number[], n: number): asyncio.Task[] {
  async function c(k: number) {
    await cond.acquire();
    if (await cond.wait()) {
      result.push(k);
      cond.release();
    }
    return true;
  }
  const ts: asyncio.Task[] = [];
  for (let i = 0; i < n; i++) ts.push(asyncio.create_task(c(i + 1)));
  return ts;
}

async function test_notify() {
  const cond = new asyncio.Condition();
  const result: number[] = [];
  const ts = notified(cond, result, 3);
  await asyncio.sleep(0);
  check("nobody yet", result, []);
  await cond.acquire();
  cond.notify(1);
  cond.release();
  await asyncio.sleep(0);
  check("one", result, [1]);
  await cond.acquire();
  cond.notify(1);
  cond.notify(2048);
  cond.release();
  await asyncio.sleep(0);
  check("all", result, [1, 2, 3]);
  for (let i = 0; i < ts.length; i++) {
    check(`t${i + 1} done`, ts[i].done(), true);
    check(`t${i + 1} result`, await ts[i], true);
  }
}

async function test_notify_all() {
  const cond = new asyncio.Condition();
  const result: number[] = [];
  const ts = notified(cond, result, 2);
  await asyncio.sleep(0);
  check("nobody yet", result, []);
  await cond.acquire();
  cond.notify_all();
  cond.release();
  await asyncio.sleep(0);
  check("both", result, [1, 2]);
  for (let i = 0; i < ts.length; i++) {
    check(`t${i + 1} done`, ts[i].done(), true);
    check(`t${i + 1} result`, await ts[i], true);
  }
}

async function test_notify_unacquired() {
  const cond = new asyncio.Condition();
  const fs: [string, () => void][] = [
    ["notify", () => cond.notify()],
    ["notify_all", () => cond.notify_all()],
  ];
  for (const [name, f] of fs) {
    check(`${name} RuntimeError`, (await raises(asyncio.RuntimeError, f)) ? "RuntimeError" : null, "RuntimeError");
  }
}

async function test_context_manager() {
  const cond = new asyncio.Condition();
  check("unlocked", cond.locked(), false);
  await cond.__aenter__();
  try {
    check("locked", cond.locked(), true);
  } finally {
    await cond.__aexit__();
  }
  check("unlocked after", cond.locked(), false);
}

async function test_explicit_lock() {
  async function f(lock: asyncio.Lock | null = null, cond: asyncio.Condition | null = null) {
    if (lock === null) lock = new asyncio.Lock();
    if (cond === null) cond = new asyncio.Condition(lock);
    check("its lock", cond._lock === lock, true);
    check("unlocked", [lock.locked(), cond.locked()], [false, false]);
    await cond.__aenter__();
    try {
      check("locked by cond", [lock.locked(), cond.locked()], [true, true]);
    } finally {
      await cond.__aexit__();
    }
    check("unlocked again", [lock.locked(), cond.locked()], [false, false]);
    await lock.__aenter__();
    try {
      check("locked by lock", [lock.locked(), cond.locked()], [true, true]);
    } finally {
      await lock.__aexit__();
    }
    check("unlocked at the end", [lock.locked(), cond.locked()], [false, false]);
  }
  await f();
  await f(new asyncio.Lock());
  const lock = new asyncio.Lock();
  await f(lock, new asyncio.Condition(lock));
}

async function test_timeout_in_block() {
  const condition = new asyncio.Condition();
  await condition.__aenter__();
  try {
    check(
      "TimeoutError",
      (await raises(asyncio.TimeoutError, () => asyncio.wait_for(condition.wait(), 0.5))) ? "TimeoutError" : null,
      "TimeoutError",
    );
  } finally {
    await condition.__aexit__();
  }
}

async function main() {
  const tests: [string, () => Promise<void>][] = [
    ["test_wait", test_wait],
    ["test_wait_cancel", test_wait_cancel],
    ["test_wait_cancel_contested", test_wait_cancel_contested],
    ["test_wait_cancel_after_notify", test_wait_cancel_after_notify],
    ["test_wait_unacquired", test_wait_unacquired],
    ["test_wait_for", test_wait_for],
    ["test_wait_for_unacquired", test_wait_for_unacquired],
    ["test_notify", test_notify],
    ["test_notify_all", test_notify_all],
    ["test_notify_unacquired", test_notify_unacquired],
    ["test_context_manager", test_context_manager],
    ["test_explicit_lock", test_explicit_lock],
    ["test_timeout_in_block", test_timeout_in_block],
  ];
  await run(tests);
}

asyncio.run(main());
