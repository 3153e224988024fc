# CPython 3.11's asyncio.Queue family, as the TypeScript port (apps/queue.ts) must behave.
# Regenerate the expected output with: python3.11 test/cpython/queue.py > test/cpython/queue.exp
import asyncio


async def producer(q, name, items):
    for i in items:
        await q.put(i)
        print(name, "put", i, "qsize", q.qsize())


async def consumer(q, name, n):
    for _ in range(n):
        v = await q.get()
        print(name, "got", v)
        q.task_done()


async def main():
    print("-- FIFO, maxsize 2: put waits for room, get waits for items")
    q = asyncio.Queue(2)
    print("maxsize", q.maxsize, "empty", q.empty(), "full", q.full())
    await asyncio.gather(producer(q, "p", [1, 2, 3, 4, 5]), consumer(q, "c", 5))
    print("empty", q.empty(), "qsize", q.qsize())

    print("-- nowait")
    q = asyncio.Queue(1)
    q.put_nowait("a")
    try:
        q.put_nowait("b")
    except asyncio.QueueFull as e:
        print("QueueFull", repr(str(e)))
    print(q.get_nowait())
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        print("QueueEmpty", repr(str(e)))

    print("-- getters are served first come, first served")
    q = asyncio.Queue()
    order = []

    async def getter(name):
        order.append((name, await q.get()))

    ts = [asyncio.create_task(getter(n)) for n in ("g1", "g2", "g3")]
    await asyncio.sleep(0)
    for i in range(3):
        q.put_nowait(i)
    await asyncio.gather(*ts)
    print(order)

    print("-- a woken getter cancelled before it runs loses no item and skips no waiter")
    q = asyncio.Queue()
    t1 = asyncio.create_task(getter("w1"))
    t2 = asyncio.create_task(getter("w2"))
    order.clear()
    await asyncio.sleep(0)
    q.put_nowait("x")  # wakes w1
    t1.cancel()  # before it runs
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(order, "qsize", q.qsize(), "t1 cancelled", t1.cancelled())
    await t2

    print("-- a cancelled put() leaves the queue as it was")
    q = asyncio.Queue(1)
    q.put_nowait(1)
    t = asyncio.create_task(q.put(2))
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("put cancelled")
    print("qsize", q.qsize(), q.get_nowait())

    print("-- task_done and join")
    q = asyncio.Queue()
    for i in range(3):
        q.put_nowait(i)

    async def worker():
        while True:
            v = await q.get()
            await asyncio.sleep(0.01)
            print("done", v)
            q.task_done()

    w = asyncio.create_task(worker())
    await q.join()
    print("joined")
    w.cancel()
    try:
        q.task_done()
    except ValueError as e:
        print("ValueError", e)

    print("-- LifoQueue and PriorityQueue")
    lq = asyncio.LifoQueue()
    for i in (1, 2, 3):
        lq.put_nowait(i)
    print([lq.get_nowait() for _ in range(3)])
    pq = asyncio.PriorityQueue()
    for e in ((3, "c"), (1, "a"), (2, "b"), (1, "0"), (5, "e"), (4, "d")):
        pq.put_nowait(e)
    print([pq.get_nowait() for _ in range(6)])
    pq = asyncio.PriorityQueue()
    for n in (5, 1, 4, 1, 3, 9, 2, 6):
        pq.put_nowait(n)
    print([pq.get_nowait() for _ in range(8)])


asyncio.run(main())
