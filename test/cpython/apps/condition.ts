// Port of test/cpython/condition.py (CPython 3.11's asyncio.Condition and asyncio.Barrier);
// its output must equal what CPython prints (test/cpython/condition.exp).
import * as asyncio from "asyncio";
import { print, repr, range } from "../../conformance/py";

// CPython's `async with x:` body
async function using<T>(x: { __aenter__(): any; __aexit__(): any }, body: () => Promise<T>): Promise<T> {
  await x.__aenter__();
  try {
    return await body();
  } finally {
    await x.__aexit__();
  }
}

async function main() {
  print("-- notify(1) wakes waiters one at a time, in order; notify_all the rest");
  const cond = new asyncio.Condition();
  const log: number[] = [];
  const waiter = async (n: number) => {
    await using(cond, async () => {
      await cond.wait();
      log.push(n);
    });
  };
  const ts = range(4).map((n) => asyncio.create_task(waiter(n)));
  await asyncio.sleep(0);
  await using(cond, async () => cond.notify());
  await asyncio.sleep(0);
  print(repr(log));
  await using(cond, async () => cond.notify(2));
  await asyncio.sleep(0);
  print(repr(log));
  await using(cond, async () => cond.notify_all());
  await asyncio.gather(...ts);
  print(repr(log));

  print("-- wait_for(predicate)");
  const items: number[] = [];
  const consumer = async () => {
    await using(cond, async () => {
      const r = await cond.wait_for(() => items.length >= 2);
      print("consumer sees", repr(items), "predicate", r);
    });
  };
  let t = asyncio.create_task(consumer());
  for (let i = 0; i < 3; i++) {
    await asyncio.sleep(0);
    await using(cond, async () => {
      items.push(i);
      cond.notify_all();
    });
  }
  await t;

  print("-- errors without the lock");
  try {
    cond.notify();
  } catch (e) {
    if (!(e instanceof asyncio.RuntimeError)) throw e;
    print("RuntimeError", e.message);
  }
  try {
    await cond.wait();
  } catch (e) {
    if (!(e instanceof asyncio.RuntimeError)) throw e;
    print("RuntimeError", e.message);
  }

  print("-- a cancelled wait() holds the lock again when it raises");
  const cancelled_waiter = async () => {
    await using(cond, async () => {
      try {
        await cond.wait();
      } catch (e) {
        if (e instanceof asyncio.CancelledError) print("cancelled, locked", cond.locked());
        throw e;
      }
    });
  };
  t = asyncio.create_task(cancelled_waiter());
  await asyncio.sleep(0);
  t.cancel();
  try {
    await t;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    print("task cancelled, locked", cond.locked());
  }

  print("-- Barrier(3)");
  const b = new asyncio.Barrier(3);
  print("parties", b.parties, "n_waiting", b.n_waiting, "broken", b.broken);
  const party = async (n: number) => {
    await asyncio.sleep(0.01 * n);
    print("arrive", n, "n_waiting", b.n_waiting);
    const i = await b.wait();
    print("pass", n, "index", i);
    return i;
  };
  const sorted = (a: number[]) => a.slice().sort((x, y) => x - y);
  print(repr(sorted(await asyncio.gather(...range(3).map((n) => party(n))))));
  print("again", repr(sorted(await asyncio.gather(...range(3).map((n) => party(n))))));

  print("-- abort() breaks waiting and later wait() calls");
  const stuck = async () => {
    try {
      await b.wait();
    } catch (e) {
      if (!(e instanceof asyncio.BrokenBarrierError)) throw e;
      print("BrokenBarrierError", e.message);
    }
  };
  t = asyncio.create_task(stuck());
  await asyncio.sleep(0);
  print("n_waiting", b.n_waiting);
  await b.abort();
  await t;
  print("broken", b.broken);
  try {
    await b.wait();
  } catch (e) {
    if (!(e instanceof asyncio.BrokenBarrierError)) throw e;
    print("BrokenBarrierError", e.message);
  }
  await b.reset();
  print("after reset broken", b.broken);

  print("-- reset() while tasks wait");
  t = asyncio.create_task(stuck());
  await asyncio.sleep(0);
  await b.reset();
  await t;
  print("n_waiting", b.n_waiting, "broken", b.broken);
  try {
    new asyncio.Barrier(0);
  } catch (e) {
    if (!(e instanceof asyncio.ValueError)) throw e;
    print("ValueError", e.message);
  }
}

asyncio.run(main());
