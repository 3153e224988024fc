# CPython 3.11's asyncio.Condition and asyncio.Barrier, as the TypeScript port
# (apps/condition.ts) must behave.
# Regenerate the expected output with: python3.11 test/cpython/condition.py > test/cpython/condition.exp
import asyncio


async def main():
    print("-- notify(1) wakes waiters one at a time, in order; notify_all the rest")
    cond = asyncio.Condition()
    log = []

    async def waiter(n):
        async with cond:
            await cond.wait()
            log.append(n)

    ts = [asyncio.create_task(waiter(n)) for n in range(4)]
    await asyncio.sleep(0)
    async with cond:
        cond.notify()
    await asyncio.sleep(0)
    print(log)
    async with cond:
        cond.notify(2)
    await asyncio.sleep(0)
    print(log)
    async with cond:
        cond.notify_all()
    await asyncio.gather(*ts)
    print(log)

    print("-- wait_for(predicate)")
    items = []

    async def consumer():
        async with cond:
            r = await cond.wait_for(lambda: len(items) >= 2)
            print("consumer sees", items, "predicate", r)

    t = asyncio.create_task(consumer())
    for i in range(3):
        await asyncio.sleep(0)
        async with cond:
            items.append(i)
            cond.notify_all()
    await t

    print("-- errors without the lock")
    try:
        cond.notify()
    except RuntimeError as e:
        print("RuntimeError", e)
    try:
        await cond.wait()
    except RuntimeError as e:
        print("RuntimeError", e)

    print("-- a cancelled wait() holds the lock again when it raises")
    async def cancelled_waiter():
        async with cond:
            try:
                await cond.wait()
            except asyncio.CancelledError:
                print("cancelled, locked", cond.locked())
                raise

    t = asyncio.create_task(cancelled_waiter())
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("task cancelled, locked", cond.locked())

    print("-- Barrier(3)")
    b = asyncio.Barrier(3)
    print("parties", b.parties, "n_waiting", b.n_waiting, "broken", b.broken)

    async def party(n):
        await asyncio.sleep(0.01 * n)
        print("arrive", n, "n_waiting", b.n_waiting)
        i = await b.wait()
        print("pass", n, "index", i)
        return i

    print(sorted(await asyncio.gather(*[party(n) for n in range(3)])))
    print("again", sorted(await asyncio.gather(*[party(n) for n in range(3)])))

    print("-- abort() breaks waiting and later wait() calls")
    async def stuck():
        try:
            await b.wait()
        except asyncio.BrokenBarrierError as e:
            print("BrokenBarrierError", e)

    t = asyncio.create_task(stuck())
    await asyncio.sleep(0)
    print("n_waiting", b.n_waiting)
    await b.abort()
    await t
    print("broken", b.broken)
    try:
        await b.wait()
    except asyncio.BrokenBarrierError as e:
        print("BrokenBarrierError", e)
    await b.reset()
    print("after reset broken", b.broken)

    print("-- reset() while tasks wait")
    t = asyncio.create_task(stuck())
    await asyncio.sleep(0)
    await b.reset()
    await t
    print("n_waiting", b.n_waiting, "broken", b.broken)
    try:
        asyncio.Barrier(0)
    except ValueError as e:
        print("ValueError", e)


asyncio.run(main())
