// Port of test/cpython/test_queues.py: CPython 3.11's own queue tests (test_asyncio/test_queues.py),
// the same assertions; its output must equal what CPython prints (test/cpython/test_queues.exp).
// `async with asyncio.TaskGroup() as tg:` is `await new asyncio.TaskGroup().run(async (tg) => ...)`;
// "anyone waiting" in the queue's internals is its TaskQueue's peek().
import * as asyncio from "asyncio";
import { range } from "../../conformance/py";
import { check, run } from "./cases";

function later(ms: number, f: () => any): asyncio.Task {
  return asyncio.create_task(
    (async () => {
      await asyncio.sleep(ms / 1000);
      f();
    })(),
  );
}

async function raises(exc: any, f: () => any): Promise<boolean> {
  try {
    const r = f();
    if (r !== null && typeof r === "object" && (r instanceof asyncio.Task || typeof r.next === "function" || typeof r.then === "function"))
      await r;
  } catch (e) {
    if (e instanceof exc) return true;
    throw e;
  }
  return false;
}

async function test_empty() {
  const q = new asyncio.Queue();
  check("empty", q.empty(), true);
  await q.put(1);
  check("not empty", q.empty(), false);
  check("get", await q.get(), 1);
  check("empty again", q.empty(), true);
}

async function test_full() {
  let q = new asyncio.Queue();
  check("unbounded never full", q.full(), false);
  q = new asyncio.Queue(1);
  await q.put(1);
  check("full", q.full(), true);
}

async function test_order() {
  const q = new asyncio.Queue();
  for (const i of [1, 3, 2]) await q.put(i);
  const items = [];
  for (let k = 0; k < 3; k++) items.push(await q.get());
  check("fifo", items, [1, 3, 2]);
}

async function test_maxsize() {
  const q = new asyncio.Queue(2);
  check("maxsize", q.maxsize, 2);
  const have_been_put: number[] = [];
  async function putter() {
    for (const i of range(3)) {
      await q.put(i);
      have_been_put.push(i);
    }
    return true;
  }
  const t = asyncio.create_task(putter());
  for (let i = 0; i < 2; i++) await asyncio.sleep(0);
  check("putter blocked after two", have_been_put, [0, 1]);
  check("get 0", await q.get(), 0);
  await asyncio.sleep(0);
  check("putter resumed", have_been_put, [0, 1, 2]);
  check("get 1", await q.get(), 1);
  check("get 2", await q.get(), 2);
  check("done", t.done(), true);
  check("result", await t, true);
}

async function test_blocking_get() {
  const q = new asyncio.Queue();
  q.put_nowait(1);
  check("get", await q.get(), 1);
}

async function test_blocking_get_wait() {
  const q = new asyncio.Queue();
  const started = new asyncio.Event();
  let finished = false;
  async function queue_get() {
    started.set();
    const res = await q.get();
    finished = true;
    return res;
  }
  const queue_get_task = asyncio.create_task(queue_get());
  await started.wait();
  check("not finished", finished, false);
  later(10, () => q.put_nowait(1));
  const res = await queue_get_task;
  check("finished", finished, true);
  check("result", res, 1);
}

async function test_nonblocking_get() {
  const q = new asyncio.Queue();
  q.put_nowait(1);
  check("get_nowait", q.get_nowait(), 1);
}

async function test_nonblocking_get_exception() {
  const q = new asyncio.Queue();
  check("QueueEmpty", await raises(asyncio.QueueEmpty, () => q.get_nowait()), true);
}

async function test_get_cancelled_race() {
  const q = new asyncio.Queue();
  const t1 = asyncio.create_task(q.get());
  const t2 = asyncio.create_task(q.get());
  await asyncio.sleep(0);
  t1.cancel();
  await asyncio.sleep(0);
  check("t1 done", t1.done(), true);
  await q.put("a");
  await asyncio.sleep(0);
  check("t2 gets it", await t2, "a");
}

async function test_get_with_waiting_putters() {
  const q = new asyncio.Queue(1);
  asyncio.create_task(q.put("a"));
  asyncio.create_task(q.put("b"));
  check("a", await q.get(), "a");
  check("b", await q.get(), "b");
}

async function test_why_are_getters_waiting() {
  async function consumer(queue: asyncio.Queue, num_expected: number) {
    for (let k = 0; k < num_expected; k++) await queue.get();
  }
  async function producer(queue: asyncio.Queue, num_items: number) {
    for (const i of range(num_items)) await queue.put(i);
  }
  const q = new asyncio.Queue(1);
  await new asyncio.TaskGroup().run(async (tg) => {
    tg.create_task(producer(q, 5));
    tg.create_task(consumer(q, 5));
  });
  check("all passed", q.qsize(), 0);
}

async function test_cancelled_getters_not_being_held_in_self_getters() {
  const queue = new asyncio.Queue(5);
  check("TimeoutError", await raises(asyncio.TimeoutError, () => asyncio.wait_for(queue.get(), 0.1)), true);
  check("no getter left", queue._getters.peek() !== null, false);
}

async function test_blocking_put() {
  const q = new asyncio.Queue();
  await q.put(1);
  check("get", await q.get(), 1);
}

async function test_blocking_put_wait() {
  const q = new asyncio.Queue(1);
  const started = new asyncio.Event();
  let finished = false;
  async function queue_put() {
    started.set();
    await q.put(1);
    await q.put(2);
    finished = true;
  }
  later(10, () => q.get_nowait());
  const queue_put_task = asyncio.create_task(queue_put());
  await started.wait();
  check("not finished", finished, false);
  await queue_put_task;
  check("finished", finished, true);
}

async function test_nonblocking_put() {
  const q = new asyncio.Queue();
  q.put_nowait(1);
  check("get_nowait", q.get_nowait(), 1);
}

async function test_get_cancel_drop_one_pending_reader() {
  const q = new asyncio.Queue();
  let reader = asyncio.create_task(q.get());
  await asyncio.sleep(0);
  q.put_nowait(1);
  q.put_nowait(2);
  reader.cancel();
  try {
    await reader;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    reader = asyncio.create_task(q.get());
    await reader;
  }
  check("1 not dropped", await reader, 1);
}

async function test_get_cancel_drop_many_pending_readers() {
  const q = new asyncio.Queue();
  let reader2: asyncio.Task | null = null;
  let reader3: asyncio.Task | null = null;
  await new asyncio.TaskGroup().run(async (tg) => {
    const reader1 = tg.create_task(q.get());
    reader2 = tg.create_task(q.get());
    reader3 = tg.create_task(q.get());
    await asyncio.sleep(0);
    q.put_nowait(1);
    q.put_nowait(2);
    reader1.cancel();
    check("reader1 cancelled", await raises(asyncio.CancelledError, () => reader1), true);
    await reader3;
  });
  check("both items read", [await reader2!, await reader3!].sort(), [1, 2]);
}

async function test_put_cancel_drop() {
  const q = new asyncio.Queue(1);
  q.put_nowait(1);
  let writer = asyncio.create_task(q.put(2));
  await asyncio.sleep(0);
  check("value1", q.get_nowait(), 1);
  writer.cancel();
  try {
    await writer;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    writer = asyncio.create_task(q.put(2));
    await writer;
  }
  check("value2", q.get_nowait(), 2);
  check("qsize", q.qsize(), 0);
}

async function test_nonblocking_put_exception() {
  const q = new asyncio.Queue(1);
  q.put_nowait(1);
  check("QueueFull", await raises(asyncio.QueueFull, () => q.put_nowait(2)), true);
}

async function test_float_maxsize() {
  let q = new asyncio.Queue(1.3);
  q.put_nowait(1);
  q.put_nowait(2);
  check("full", q.full(), true);
  check("QueueFull", await raises(asyncio.QueueFull, () => q.put_nowait(3)), true);
  q = new asyncio.Queue(1.3);
  await q.put(1);
  await q.put(2);
  check("full after awaited puts", q.full(), true);
}

async function test_put_cancelled() {
  const q = new asyncio.Queue();
  async function queue_put() {
    await q.put(1);
    return true;
  }
  const t = asyncio.create_task(queue_put());
  check("get", await q.get(), 1);
  check("done", t.done(), true);
  check("result", await t, true);
}

async function test_put_cancelled_race() {
  const q = new asyncio.Queue(1);
  const put_a = asyncio.create_task(q.put("a"));
  const put_b = asyncio.create_task(q.put("b"));
  const put_c = asyncio.create_task(q.put("X"));
  await asyncio.sleep(0);
  check("put_a done", put_a.done(), true);
  check("put_b waits", put_b.done(), false);
  put_c.cancel();
  await asyncio.sleep(0);
  check("put_c done", put_c.done(), true);
  check("a", q.get_nowait(), "a");
  await asyncio.sleep(0);
  check("b", q.get_nowait(), "b");
  await put_b;
}

async function test_put_with_waiting_getters() {
  const q = new asyncio.Queue();
  const t = asyncio.create_task(q.get());
  await asyncio.sleep(0);
  await q.put("a");
  check("getter gets it", await t, "a");
}

async function test_why_are_putters_waiting() {
  const queue = new asyncio.Queue(2);
  async function putter(item: number) {
    await queue.put(item);
  }
  async function getter() {
    await asyncio.sleep(0);
    const num = queue.qsize();
    for (let k = 0; k < num; k++) queue.get_nowait();
  }
  await new asyncio.TaskGroup().run(async (tg) => {
    tg.create_task(getter());
    tg.create_task(putter(0));
    tg.create_task(putter(1));
    tg.create_task(putter(2));
    tg.create_task(putter(3));
  });
  check("left", queue.qsize(), 2);
}

async function test_cancelled_puts_not_being_held_in_self_putters() {
  const queue = new asyncio.Queue(1);
  queue.put_nowait(1);
  const put_task = asyncio.create_task(queue.put(1));
  await asyncio.sleep(0);
  check("a putter waits", queue._putters.peek() !== null, true);
  put_task.cancel();
  check("cancelled", await raises(asyncio.CancelledError, () => put_task), true);
  check("no putter left", queue._putters.peek() !== null, false);
}

async function test_cancelled_put_silence_value_error_exception() {
  const queue = new asyncio.Queue(1);
  queue.put_nowait(1);
  const put_task = asyncio.create_task(queue.put(1));
  await asyncio.sleep(0);
  queue.get_nowait();
  put_task.cancel();
  check("CancelledError, not ValueError", await raises(asyncio.CancelledError, () => put_task), true);
}

async function test_lifo_order() {
  const q = new asyncio.LifoQueue();
  for (const i of [1, 3, 2]) await q.put(i);
  const items = [];
  for (let k = 0; k < 3; k++) items.push(await q.get());
  check("lifo", items, [2, 3, 1]);
}

async function test_priority_order() {
  const q = new asyncio.PriorityQueue();
  for (const i of [1, 3, 2]) await q.put(i);
  const items = [];
  for (let k = 0; k < 3; k++) items.push(await q.get());
  check("priority", items, [1, 2, 3]);
}

function join_tests(q_class: typeof asyncio.Queue): [string, () => Promise<void>][] {
  async function test_task_done_underflow() {
    const q = new q_class();
    check("ValueError", await raises(asyncio.ValueError, () => q.task_done()), true);
  }
  async function test_task_done() {
    const q = new q_class();
    for (const i of range(100)) q.put_nowait(i);
    let accumulator = 0;
    let running = true;
    async function worker() {
      while (running) {
        const item = await q.get();
        accumulator += item;
        q.task_done();
      }
    }
    await new asyncio.TaskGroup().run(async (tg) => {
      const tasks = [tg.create_task(worker()), tg.create_task(worker())];
      await q.join();
      check("all processed", accumulator, 4950); // sum(range(100))
      running = false;
      for (let i = 0; i < tasks.length; i++) q.put_nowait(0);
    });
  }
  async function test_join_empty_queue() {
    const q = new q_class();
    await q.join();
    await q.join();
    check("joined twice", true, true);
  }
  return [
    ["test_task_done_underflow", test_task_done_underflow],
    ["test_task_done", test_task_done],
    ["test_join_empty_queue", test_join_empty_queue],
  ];
}

async function main() {
  const tests: [string, () => Promise<void>][] = [
    ["test_empty", test_empty],
    ["test_full", test_full],
    ["test_order", test_order],
    ["test_maxsize", test_maxsize],
    ["test_blocking_get", test_blocking_get],
    ["test_blocking_get_wait", test_blocking_get_wait],
    ["test_nonblocking_get", test_nonblocking_get],
    ["test_nonblocking_get_exception", test_nonblocking_get_exception],
    ["test_get_cancelled_race", test_get_cancelled_race],
    ["test_get_with_waiting_putters", test_get_with_waiting_putters],
    ["test_why_are_getters_waiting", test_why_are_getters_waiting],
    ["test_cancelled_getters_not_being_held_in_self_getters", test_cancelled_getters_not_being_held_in_self_getters],
    ["test_blocking_put", test_blocking_put],
    ["test_blocking_put_wait", test_blocking_put_wait],
    ["test_nonblocking_put", test_nonblocking_put],
    ["test_get_cancel_drop_one_pending_reader", test_get_cancel_drop_one_pending_reader],
    ["test_get_cancel_drop_many_pending_readers", test_get_cancel_drop_many_pending_readers],
    ["test_put_cancel_drop", test_put_cancel_drop],
    ["test_nonblocking_put_exception", test_nonblocking_put_exception],
    ["test_float_maxsize", test_float_maxsize],
    ["test_put_cancelled", test_put_cancelled],
    ["test_put_cancelled_race", test_put_cancelled_race],
    ["test_put_with_waiting_getters", test_put_with_waiting_getters],
    ["test_why_are_putters_waiting", test_why_are_putters_waiting],
    ["test_cancelled_puts_not_being_held_in_self_putters", test_cancelled_puts_not_being_held_in_self_putters],
    ["test_cancelled_put_silence_value_error_exception", test_cancelled_put_silence_value_error_exception],
    ["test_lifo_order", test_lifo_order],
    ["test_priority_order", test_priority_order],
  ];
  const classes: [string, typeof asyncio.Queue][] = [
    ["Queue", asyncio.Queue],
    ["LifoQueue", asyncio.LifoQueue],
    ["PriorityQueue", asyncio.PriorityQueue],
  ];
  for (const [name, q_class] of classes) {
    for (const [n, t] of join_tests(q_class)) tests.push([name + " " + n, t]);
  }
  await run(tests);
}

asyncio.run(main());
