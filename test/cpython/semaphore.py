# CPython 3.11's asyncio.Semaphore and BoundedSemaphore, as the TypeScript port
# (apps/semaphore.ts) must behave.
# Regenerate the expected output with: python3.11 test/cpython/semaphore.py > test/cpython/semaphore.exp
import asyncio


async def main():
    print("-- at most 2 at a time, served in arrival order")
    sem = asyncio.Semaphore(2)
    inside = []

    async def worker(n):
        async with sem:
            inside.append(n)
            print("in", n, "inside", len(inside), "locked", sem.locked())
            await asyncio.sleep(0.01 * (n + 1))
            inside.remove(n)
            print("out", n)

    await asyncio.gather(*[worker(n) for n in range(5)])
    print("locked", sem.locked())

    print("-- release() hands the unit over: no barging")
    sem = asyncio.Semaphore(0)
    log = []

    async def waiter(name):
        await sem.acquire()
        log.append(name)

    t = asyncio.create_task(waiter("first"))
    await asyncio.sleep(0)
    sem.release()
    print("locked after release", sem.locked())
    barged = not sem.locked()
    if barged:
        await sem.acquire()
        log.append("barger")
    await t
    print(log, "barged", barged)

    print("-- a woken waiter cancelled before it runs passes the unit on")
    sem = asyncio.Semaphore(0)
    log.clear()
    t1 = asyncio.create_task(waiter("w1"))
    t2 = asyncio.create_task(waiter("w2"))
    await asyncio.sleep(0)
    sem.release()  # hands it to w1
    t1.cancel()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(log, "locked", sem.locked())
    await t2

    print("-- a cancelled acquire() leaves the count as it was")
    sem = asyncio.Semaphore(1)
    await sem.acquire()
    t = asyncio.create_task(sem.acquire())
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("acquire cancelled")
    sem.release()
    print("locked", sem.locked())
    print("acquired", await sem.acquire())

    print("-- BoundedSemaphore")
    b = asyncio.BoundedSemaphore(2)
    await b.acquire()
    b.release()
    try:
        b.release()
    except ValueError as e:
        print("ValueError", e)
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        print("ValueError", e)


asyncio.run(main())
