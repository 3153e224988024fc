# CPython 3.11's own Semaphore tests (Lib/test/test_asyncio/test_locks.py, SemaphoreTests),
# case by case, as a program: each assertion prints "ok" or what it got. The TypeScript port
# (apps/test_semaphores.ts) makes the same assertions and must print the same.
# Left out: repr (CPython's formatting) and awaiting the semaphore itself (a TypeError of
# CPython's await protocol). Changed in both: loop.call_soon(f) is a task that calls f;
# t.result() is `await t` once t is done; len(sem._waiters) counts the tasks waiting, woken or
# not (CPython keeps a woken waiter's future there until it runs; the port keeps it in _woke).
# Regenerate: python3.11 test/cpython/test_semaphores.py > test/cpython/test_semaphores.exp
import asyncio
from cases import check, soon, run, raises_cancelled



def waiting(sem):
    return len(sem._waiters) if sem._waiters else 0


async def test_initial_value_zero():
    sem = asyncio.Semaphore(0)
    check("locked", sem.locked(), True)


async def test_semaphore():
    sem = asyncio.Semaphore()
    check("value", sem._value, 1)
    check("not locked", sem.locked(), False)


async def test_semaphore_value():
    try:
        asyncio.Semaphore(-1)
        check("ValueError", None, "ValueError")
    except ValueError:
        check("ValueError", "ValueError", "ValueError")


async def test_acquire():
    sem = asyncio.Semaphore(3)
    result = []
    check("acquire 1", await sem.acquire(), True)
    check("acquire 2", await sem.acquire(), True)
    check("not locked", sem.locked(), False)

    async def c(n):
        await sem.acquire()
        result.append(n)
        return True

    t1 = asyncio.create_task(c(1))
    t2 = asyncio.create_task(c(2))
    t3 = asyncio.create_task(c(3))
    await asyncio.sleep(0)
    check("result", result, [1])
    check("locked", sem.locked(), True)
    check("waiters", waiting(sem), 2)
    check("value", sem._value, 0)
    t4 = asyncio.create_task(c(4))
    sem.release()
    sem.release()
    check("value after releases", sem._value, 0)
    await asyncio.sleep(0)
    check("value later", sem._value, 0)
    check("three in", len(result), 3)
    check("locked again", sem.locked(), True)
    check("one waiter", waiting(sem), 1)
    check("t1 done", t1.done(), True)
    check("t1 result", await t1, True)
    race_tasks = [t2, t3, t4]
    done_tasks = [t for t in race_tasks if t.done()]
    check("two of the race done", len(done_tasks), 2)
    sem.release()
    await asyncio.gather(*race_tasks)


async def test_acquire_cancel():
    sem = asyncio.Semaphore()
    await sem.acquire()
    acquire = asyncio.create_task(sem.acquire())
    soon(acquire.cancel)
    check("CancelledError", await raises_cancelled(acquire), True)
    check("no waiter left", waiting(sem), 0)


async def test_acquire_cancel_before_awoken():
    sem = asyncio.Semaphore(value=0)
    t1 = asyncio.create_task(sem.acquire())
    t2 = asyncio.create_task(sem.acquire())
    t3 = asyncio.create_task(sem.acquire())
    t4 = asyncio.create_task(sem.acquire())
    await asyncio.sleep(0)
    t1.cancel()
    t2.cancel()
    sem.release()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    check("one done", sum(t.done() for t in [t3, t4]), 1)
    check("t3 done", t3.done(), True)
    check("t4 waits", t4.done(), False)
    t3.cancel()
    t4.cancel()
    await asyncio.sleep(0)


async def test_acquire_hang():
    sem = asyncio.Semaphore(value=0)
    t1 = asyncio.create_task(sem.acquire())
    t2 = asyncio.create_task(sem.acquire())
    await asyncio.sleep(0)
    t1.cancel()
    sem.release()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    check("locked", sem.locked(), True)
    check("t2 done", t2.done(), True)


async def test_acquire_no_hang():
    sem = asyncio.Semaphore(1)

    async def c1():
        async with sem:
            await asyncio.sleep(0)
        t2.cancel()

    async def c2():
        async with sem:
            check("never", False, True)

    t1 = asyncio.create_task(c1())
    t2 = asyncio.create_task(c2())
    r1, r2 = await asyncio.gather(t1, t2, return_exceptions=True)
    check("r1 None", r1 is None, True)
    check("r2 CancelledError", isinstance(r2, asyncio.CancelledError), True)
    await asyncio.wait_for(sem.acquire(), timeout=1.0)
    check("acquired", True, True)


async def test_release_not_acquired():
    sem = asyncio.BoundedSemaphore()
    try:
        sem.release()
        check("ValueError", None, "ValueError")
    except ValueError:
        check("ValueError", "ValueError", "ValueError")


async def test_release_no_waiters():
    sem = asyncio.Semaphore()
    await sem.acquire()
    check("locked", sem.locked(), True)
    sem.release()
    check("unlocked", sem.locked(), False)


async def test_acquire_fifo_order():
    sem = asyncio.Semaphore(1)
    result = []

    async def coro(tag):
        await sem.acquire()
        result.append(f"{tag}_1")
        await asyncio.sleep(0.01)
        sem.release()
        await sem.acquire()
        result.append(f"{tag}_2")
        await asyncio.sleep(0.01)
        sem.release()

    async with asyncio.TaskGroup() as tg:
        tg.create_task(coro("c1"))
        tg.create_task(coro("c2"))
        tg.create_task(coro("c3"))
    check("order", result, ["c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"])


async def test_acquire_fifo_order_2():
    sem = asyncio.Semaphore(1)
    result = []

    async def c1(result):
        await sem.acquire()
        result.append(1)
        return True

    async def c2(result):
        await sem.acquire()
        result.append(2)
        sem.release()
        await sem.acquire()
        result.append(4)
        return True

    async def c3(result):
        await sem.acquire()
        result.append(3)
        return True

    t1 = asyncio.create_task(c1(result))
    t2 = asyncio.create_task(c2(result))
    t3 = asyncio.create_task(c3(result))
    await asyncio.sleep(0)
    sem.release()
    sem.release()
    await asyncio.gather(t1, t2, t3)
    check("order", result, [1, 2, 3, 4])


async def test_acquire_fifo_order_3():
    sem = asyncio.Semaphore(0)
    result = []

    async def c(n):
        await sem.acquire()
        result.append(n)
        return True

    t1 = asyncio.create_task(c(1))
    t2 = asyncio.create_task(c(2))
    t3 = asyncio.create_task(c(3))
    await asyncio.sleep(0)
    t1.cancel()
    await asyncio.sleep(0)
    sem.release()
    sem.release()
    await asyncio.gather(t1, t2, t3, return_exceptions=True)
    check("order", result, [2, 3])


async def main():
    await run(
        [
            test_initial_value_zero,
            test_semaphore,
            test_semaphore_value,
            test_acquire,
            test_acquire_cancel,
            test_acquire_cancel_before_awoken,
            test_acquire_hang,
            test_acquire_no_hang,
            test_release_not_acquired,
            test_release_no_waiters,
            test_acquire_fifo_order,
            test_acquire_fifo_order_2,
            test_acquire_fifo_order_3,
        ]
    )


asyncio.run(main())
