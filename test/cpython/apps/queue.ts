// Port of test/cpython/queue.py (CPython 3.11's asyncio.Queue family); its output must equal
// what CPython prints (test/cpython/queue.exp).
import * as asyncio from "asyncio";
import { print, repr, tuple } from "../../conformance/py";

async function producer(q: asyncio.Queue, name: string, items: number[]) {
  for (const i of items) {
    await q.put(i);
    print(name, "put", i, "qsize", q.qsize());
  }
}

async function consumer(q: asyncio.Queue, name: string, n: number) {
  for (let k = 0; k < n; k++) {
    const v = await q.get();
    print(name, "got", v);
    q.task_done();
  }
}

async function main() {
  print("-- FIFO, maxsize 2: put waits for room, get waits for items");
  let q = new asyncio.Queue(2);
  print("maxsize", q.maxsize, "empty", q.empty(), "full", q.full());
  await asyncio.gather(producer(q, "p", [1, 2, 3, 4, 5]), consumer(q, "c", 5));
  print("empty", q.empty(), "qsize", q.qsize());

  print("-- nowait");
  q = new asyncio.Queue(1);
  q.put_nowait("a");
  try {
    q.put_nowait("b");
  } catch (e) {
    if (!(e instanceof asyncio.QueueFull)) throw e;
    print("QueueFull", repr(String(e.message)));
  }
  print(q.get_nowait());
  try {
    q.get_nowait();
  } catch (e) {
    if (!(e instanceof asyncio.QueueEmpty)) throw e;
    print("QueueEmpty", repr(String(e.message)));
  }

  print("-- getters are served first come, first served");
  q = new asyncio.Queue();
  const order: any[] = [];
  const getter = async (name: string) => {
    order.push(tuple(name, await q.get()));
  };
  const ts = ["g1", "g2", "g3"].map((n) => asyncio.create_task(getter(n)));
  await asyncio.sleep(0);
  for (let i = 0; i < 3; i++) q.put_nowait(i);
  await asyncio.gather(...ts);
  print(repr(order));

  print("-- a woken getter cancelled before it runs loses no item and skips no waiter");
  q = new asyncio.Queue();
  const t1 = asyncio.create_task(getter("w1"));
  const t2 = asyncio.create_task(getter("w2"));
  order.splice(0, order.length); // (Espruino: "Assignment to a constant" for .length = 0)
  await asyncio.sleep(0);
  q.put_nowait("x"); // wakes w1
  t1.cancel(); // before it runs
  await asyncio.sleep(0);
  await asyncio.sleep(0);
  let cancelled = false;
  try {
    await t1;
  } catch (e) {
    cancelled = e instanceof asyncio.CancelledError;
  }
  print(repr(order), "qsize", q.qsize(), "t1 cancelled", cancelled);
  await t2;

  print("-- a cancelled put() leaves the queue as it was");
  q = new asyncio.Queue(1);
  q.put_nowait(1);
  const t = asyncio.create_task(q.put(2));
  await asyncio.sleep(0);
  t.cancel();
  try {
    await t;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    print("put cancelled");
  }
  print("qsize", q.qsize(), q.get_nowait());

  print("-- task_done and join");
  q = new asyncio.Queue();
  for (let i = 0; i < 3; i++) q.put_nowait(i);
  const jq = q;
  const worker = async () => {
    while (true) {
      const v = await jq.get();
      await asyncio.sleep(0.01);
      print("done", v);
      jq.task_done();
    }
  };
  const w = asyncio.create_task(worker());
  await q.join();
  print("joined");
  w.cancel();
  try {
    q.task_done();
  } catch (e) {
    if (!(e instanceof asyncio.ValueError)) throw e;
    print("ValueError", e.message);
  }

  print("-- LifoQueue and PriorityQueue");
  const lq = new asyncio.LifoQueue();
  for (const i of [1, 2, 3]) lq.put_nowait(i);
  print(repr([lq.get_nowait(), lq.get_nowait(), lq.get_nowait()]));
  let pq = new asyncio.PriorityQueue();
  for (const e of [
    [3, "c"],
    [1, "a"],
    [2, "b"],
    [1, "0"],
    [5, "e"],
    [4, "d"],
  ])
    pq.put_nowait(e);
  const got: any[] = [];
  for (let i = 0; i < 6; i++) got.push(tuple(...pq.get_nowait()));
  print(repr(got));
  pq = new asyncio.PriorityQueue();
  for (const n of [5, 1, 4, 1, 3, 9, 2, 6]) pq.put_nowait(n);
  const nums: number[] = [];
  for (let i = 0; i < 8; i++) nums.push(pq.get_nowait());
  print(repr(nums));
}

asyncio.run(main());
