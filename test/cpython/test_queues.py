# CPython 3.11's own queue tests (Lib/test/test_asyncio/test_queues.py), case by case, as a
# program: each assertion prints "ok" or what it got. The TypeScript port (apps/test_queues.ts)
# makes the same assertions and must print the same.
# Left out: repr/str/_format and the generic alias (CPython's formatting), and
# test_get_with_putters (it puts a loop Future into the queue's internals). Two changes, made in
# both: loop.call_later(0.01, f) is a task that sleeps 0.01 s then calls f (MicroPython's loop
# has no call_later), and t.result() is `await t` once t is done. The internals checked
# (queue._getters, queue._putters) are checked as "anyone waiting".
# Regenerate: python3.11 test/cpython/test_queues.py > test/cpython/test_queues.exp
import asyncio
import inspect

from cases import check, run

def later(ms, f, *args):
    async def run():
        await asyncio.sleep(ms / 1000)
        f(*args)

    return asyncio.create_task(run())


async def raises(exc, f, *args):
    try:
        r = f(*args)
        if inspect.isawaitable(r):
            await r
    except exc:
        return True
    return False


async def test_empty():
    q = asyncio.Queue()
    check("empty", q.empty(), True)
    await q.put(1)
    check("not empty", q.empty(), False)
    check("get", await q.get(), 1)
    check("empty again", q.empty(), True)


async def test_full():
    q = asyncio.Queue()
    check("unbounded never full", q.full(), False)
    q = asyncio.Queue(maxsize=1)
    await q.put(1)
    check("full", q.full(), True)


async def test_order():
    q = asyncio.Queue()
    for i in [1, 3, 2]:
        await q.put(i)
    items = [await q.get() for _ in range(3)]
    check("fifo", items, [1, 3, 2])


async def test_maxsize():
    q = asyncio.Queue(maxsize=2)
    check("maxsize", q.maxsize, 2)
    have_been_put = []

    async def putter():
        for i in range(3):
            await q.put(i)
            have_been_put.append(i)
        return True

    t = asyncio.create_task(putter())
    for i in range(2):
        await asyncio.sleep(0)
    check("putter blocked after two", have_been_put, [0, 1])
    check("get 0", await q.get(), 0)
    await asyncio.sleep(0)
    check("putter resumed", have_been_put, [0, 1, 2])
    check("get 1", await q.get(), 1)
    check("get 2", await q.get(), 2)
    check("done", t.done(), True)
    check("result", await t, True)


async def test_blocking_get():
    q = asyncio.Queue()
    q.put_nowait(1)
    check("get", await q.get(), 1)


async def test_blocking_get_wait():
    q = asyncio.Queue()
    started = asyncio.Event()
    finished = False

    async def queue_get():
        nonlocal finished
        started.set()
        res = await q.get()
        finished = True
        return res

    queue_get_task = asyncio.create_task(queue_get())
    await started.wait()
    check("not finished", finished, False)
    later(10, q.put_nowait, 1)
    res = await queue_get_task
    check("finished", finished, True)
    check("result", res, 1)


async def test_nonblocking_get():
    q = asyncio.Queue()
    q.put_nowait(1)
    check("get_nowait", q.get_nowait(), 1)


async def test_nonblocking_get_exception():
    q = asyncio.Queue()
    check("QueueEmpty", await raises(asyncio.QueueEmpty, q.get_nowait), True)


async def test_get_cancelled_race():
    q = asyncio.Queue()
    t1 = asyncio.create_task(q.get())
    t2 = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    t1.cancel()
    await asyncio.sleep(0)
    check("t1 done", t1.done(), True)
    await q.put("a")
    await asyncio.sleep(0)
    check("t2 gets it", await t2, "a")


async def test_get_with_waiting_putters():
    q = asyncio.Queue(maxsize=1)
    asyncio.create_task(q.put("a"))
    asyncio.create_task(q.put("b"))
    check("a", await q.get(), "a")
    check("b", await q.get(), "b")


async def test_why_are_getters_waiting():
    async def consumer(queue, num_expected):
        for _ in range(num_expected):
            await queue.get()

    async def producer(queue, num_items):
        for i in range(num_items):
            await queue.put(i)

    q = asyncio.Queue(1)
    async with asyncio.TaskGroup() as tg:
        tg.create_task(producer(q, 5))
        tg.create_task(consumer(q, 5))
    check("all passed", q.qsize(), 0)


async def test_cancelled_getters_not_being_held_in_self_getters():
    queue = asyncio.Queue(maxsize=5)
    check("TimeoutError", await raises(TimeoutError, asyncio.wait_for, queue.get(), 0.1), True)
    check("no getter left", len(queue._getters) > 0, False)


async def test_blocking_put():
    q = asyncio.Queue()
    await q.put(1)
    check("get", await q.get(), 1)


async def test_blocking_put_wait():
    q = asyncio.Queue(maxsize=1)
    started = asyncio.Event()
    finished = False

    async def queue_put():
        nonlocal finished
        started.set()
        await q.put(1)
        await q.put(2)
        finished = True

    later(10, q.get_nowait)
    queue_put_task = asyncio.create_task(queue_put())
    await started.wait()
    check("not finished", finished, False)
    await queue_put_task
    check("finished", finished, True)


async def test_nonblocking_put():
    q = asyncio.Queue()
    q.put_nowait(1)
    check("get_nowait", q.get_nowait(), 1)


async def test_get_cancel_drop_one_pending_reader():
    q = asyncio.Queue()
    reader = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    q.put_nowait(1)
    q.put_nowait(2)
    reader.cancel()
    try:
        await reader
    except asyncio.CancelledError:
        reader = asyncio.create_task(q.get())
        await reader
    check("1 not dropped", await reader, 1)


async def test_get_cancel_drop_many_pending_readers():
    q = asyncio.Queue()
    async with asyncio.TaskGroup() as tg:
        reader1 = tg.create_task(q.get())
        reader2 = tg.create_task(q.get())
        reader3 = tg.create_task(q.get())
        await asyncio.sleep(0)
        q.put_nowait(1)
        q.put_nowait(2)
        reader1.cancel()
        check("reader1 cancelled", await raises(asyncio.CancelledError, lambda: reader1), True)
        await reader3
    check("both items read", sorted([await reader2, await reader3]), [1, 2])


async def test_put_cancel_drop():
    q = asyncio.Queue(1)
    q.put_nowait(1)
    writer = asyncio.create_task(q.put(2))
    await asyncio.sleep(0)
    check("value1", q.get_nowait(), 1)
    writer.cancel()
    try:
        await writer
    except asyncio.CancelledError:
        writer = asyncio.create_task(q.put(2))
        await writer
    check("value2", q.get_nowait(), 2)
    check("qsize", q.qsize(), 0)


async def test_nonblocking_put_exception():
    q = asyncio.Queue(maxsize=1)
    q.put_nowait(1)
    check("QueueFull", await raises(asyncio.QueueFull, q.put_nowait, 2), True)


async def test_float_maxsize():
    q = asyncio.Queue(maxsize=1.3)
    q.put_nowait(1)
    q.put_nowait(2)
    check("full", q.full(), True)
    check("QueueFull", await raises(asyncio.QueueFull, q.put_nowait, 3), True)
    q = asyncio.Queue(maxsize=1.3)
    await q.put(1)
    await q.put(2)
    check("full after awaited puts", q.full(), True)


async def test_put_cancelled():
    q = asyncio.Queue()

    async def queue_put():
        await q.put(1)
        return True

    t = asyncio.create_task(queue_put())
    check("get", await q.get(), 1)
    check("done", t.done(), True)
    check("result", await t, True)


async def test_put_cancelled_race():
    q = asyncio.Queue(maxsize=1)
    put_a = asyncio.create_task(q.put("a"))
    put_b = asyncio.create_task(q.put("b"))
    put_c = asyncio.create_task(q.put("X"))
    await asyncio.sleep(0)
    check("put_a done", put_a.done(), True)
    check("put_b waits", put_b.done(), False)
    put_c.cancel()
    await asyncio.sleep(0)
    check("put_c done", put_c.done(), True)
    check("a", q.get_nowait(), "a")
    await asyncio.sleep(0)
    check("b", q.get_nowait(), "b")
    await put_b


async def test_put_with_waiting_getters():
    q = asyncio.Queue()
    t = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    await q.put("a")
    check("getter gets it", await t, "a")


async def test_why_are_putters_waiting():
    queue = asyncio.Queue(2)

    async def putter(item):
        await queue.put(item)

    async def getter():
        await asyncio.sleep(0)
        num = queue.qsize()
        for _ in range(num):
            queue.get_nowait()

    async with asyncio.TaskGroup() as tg:
        tg.create_task(getter())
        tg.create_task(putter(0))
        tg.create_task(putter(1))
        tg.create_task(putter(2))
        tg.create_task(putter(3))
    check("left", queue.qsize(), 2)


async def test_cancelled_puts_not_being_held_in_self_putters():
    queue = asyncio.Queue(maxsize=1)
    queue.put_nowait(1)
    put_task = asyncio.create_task(queue.put(1))
    await asyncio.sleep(0)
    check("a putter waits", len(queue._putters) > 0, True)
    put_task.cancel()
    check("cancelled", await raises(asyncio.CancelledError, lambda: put_task), True)
    check("no putter left", len(queue._putters) > 0, False)


async def test_cancelled_put_silence_value_error_exception():
    queue = asyncio.Queue(1)
    queue.put_nowait(1)
    put_task = asyncio.create_task(queue.put(1))
    await asyncio.sleep(0)
    queue.get_nowait()
    put_task.cancel()
    check("CancelledError, not ValueError", await raises(asyncio.CancelledError, lambda: put_task), True)


async def test_lifo_order():
    q = asyncio.LifoQueue()
    for i in [1, 3, 2]:
        await q.put(i)
    items = [await q.get() for _ in range(3)]
    check("lifo", items, [2, 3, 1])


async def test_priority_order():
    q = asyncio.PriorityQueue()
    for i in [1, 3, 2]:
        await q.put(i)
    items = [await q.get() for _ in range(3)]
    check("priority", items, [1, 2, 3])


def join_tests(q_class):
    async def test_task_done_underflow():
        q = q_class()
        check("ValueError", await raises(ValueError, q.task_done), True)

    async def test_task_done():
        q = q_class()
        for i in range(100):
            q.put_nowait(i)
        accumulator = 0
        running = True

        async def worker():
            nonlocal accumulator
            while running:
                item = await q.get()
                accumulator += item
                q.task_done()

        async with asyncio.TaskGroup() as tg:
            tasks = [tg.create_task(worker()) for index in range(2)]
            await q.join()
            check("all processed", accumulator, sum(range(100)))
            running = False
            for i in range(len(tasks)):
                q.put_nowait(0)

    async def test_join_empty_queue():
        q = q_class()
        await q.join()
        await q.join()
        check("joined twice", True, True)

    return [test_task_done_underflow, test_task_done, test_join_empty_queue]


async def main():
    tests = [
        test_empty,
        test_full,
        test_order,
        test_maxsize,
        test_blocking_get,
        test_blocking_get_wait,
        test_nonblocking_get,
        test_nonblocking_get_exception,
        test_get_cancelled_race,
        test_get_with_waiting_putters,
        test_why_are_getters_waiting,
        test_cancelled_getters_not_being_held_in_self_getters,
        test_blocking_put,
        test_blocking_put_wait,
        test_nonblocking_put,
        test_get_cancel_drop_one_pending_reader,
        test_get_cancel_drop_many_pending_readers,
        test_put_cancel_drop,
        test_nonblocking_put_exception,
        test_float_maxsize,
        test_put_cancelled,
        test_put_cancelled_race,
        test_put_with_waiting_getters,
        test_why_are_putters_waiting,
        test_cancelled_puts_not_being_held_in_self_putters,
        test_cancelled_put_silence_value_error_exception,
        test_lifo_order,
        test_priority_order,
    ]
    for name, q_class in (("Queue", asyncio.Queue), ("LifoQueue", asyncio.LifoQueue), ("PriorityQueue", asyncio.PriorityQueue)):
        for t in join_tests(q_class):
            t.label = name + " " + t.__name__
            tests.append(t)
    await run(tests)


asyncio.run(main())
