// Port of test/cpython/semaphore.py (CPython 3.11's asyncio.Semaphore, BoundedSemaphore); its
// output must equal what CPython prints (test/cpython/semaphore.exp).
import * as asyncio from "asyncio";
import { print, repr, range } from "../../conformance/py";

async function main() {
  print("-- at most 2 at a time, served in arrival order");
  let sem = new asyncio.Semaphore(2);
  const inside: number[] = [];
  const s2 = sem;
  const worker = async (n: number) => {
    await s2.__aenter__();
    try {
      inside.push(n);
      print("in", n, "inside", inside.length, "locked", s2.locked());
      await asyncio.sleep(0.01 * (n + 1));
      inside.splice(inside.indexOf(n), 1);
      print("out", n);
    } finally {
      await s2.__aexit__();
    }
  };
  await asyncio.gather(...range(5).map((n) => worker(n)));
  print("locked", sem.locked());

  print("-- release() hands the unit over: no barging");
  sem = new asyncio.Semaphore(0);
  const log: string[] = [];
  const waiter = async (s: asyncio.Semaphore, name: string) => {
    await s.acquire();
    log.push(name);
  };
  let t = asyncio.create_task(waiter(sem, "first"));
  await asyncio.sleep(0);
  sem.release();
  print("locked after release", sem.locked());
  const barged = !sem.locked();
  if (barged) {
    await sem.acquire();
    log.push("barger");
  }
  await t;
  print(repr(log), "barged", barged);

  print("-- a woken waiter cancelled before it runs passes the unit on");
  sem = new asyncio.Semaphore(0);
  log.splice(0, log.length); // (Espruino: "Assignment to a constant" for .length = 0)
  const t1 = asyncio.create_task(waiter(sem, "w1"));
  const t2 = asyncio.create_task(waiter(sem, "w2"));
  await asyncio.sleep(0);
  sem.release(); // hands it to w1
  t1.cancel();
  await asyncio.sleep(0);
  await asyncio.sleep(0);
  print(repr(log), "locked", sem.locked());
  await t2;

  print("-- a cancelled acquire() leaves the count as it was");
  sem = new asyncio.Semaphore(1);
  await sem.acquire();
  t = asyncio.create_task(sem.acquire());
  await asyncio.sleep(0);
  t.cancel();
  try {
    await t;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    print("acquire cancelled");
  }
  sem.release();
  print("locked", sem.locked());
  print("acquired", await sem.acquire());

  print("-- BoundedSemaphore");
  const b = new asyncio.BoundedSemaphore(2);
  await b.acquire();
  b.release();
  try {
    b.release();
  } catch (e) {
    if (!(e instanceof asyncio.ValueError)) throw e;
    print("ValueError", e.message);
  }
  try {
    new asyncio.Semaphore(-1);
  } catch (e) {
    if (!(e instanceof asyncio.ValueError)) throw e;
    print("ValueError", e.message);
  }
}

asyncio.run(main());
