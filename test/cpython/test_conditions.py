# CPython 3.11's own Condition tests (Lib/test/test_asyncio/test_locks.py, ConditionTests), case
# by case, as a program: each assertion prints "ok" or what it got. The TypeScript port
# (apps/test_conditions.ts) makes the same assertions and must print the same.
# Left out: repr, and the event-loop binding cases (one loop here). Changed in both:
# loop.call_soon(f) is a task that calls f; t.result() is `await t` once t is done;
# t.cancelled() is "done, and awaiting it raises CancelledError"; cond._waiters is "anyone
# waiting".
# Regenerate: python3.11 test/cpython/test_conditions.py > test/cpython/test_conditions.exp
import asyncio
from cases import check, soon, cancelled, run, raises_cancelled



async def test_wait():
    cond = asyncio.Condition()
    result = []

    async def c(n):
        await cond.acquire()
        if await cond.wait():
            result.append(n)
        return True

    t1 = asyncio.create_task(c(1))
    t2 = asyncio.create_task(c(2))
    t3 = asyncio.create_task(c(3))
    await asyncio.sleep(0)
    check("nobody yet", result, [])
    check("unlocked", cond.locked(), False)
    check("acquire", await cond.acquire(), True)
    cond.notify()
    await asyncio.sleep(0)
    check("notified, lock held", result, [])
    check("locked", cond.locked(), True)
    cond.release()
    await asyncio.sleep(0)
    check("1 in", result, [1])
    check("locked by 1", cond.locked(), True)
    cond.notify(2)
    await asyncio.sleep(0)
    check("2 waits for the lock", result, [1])
    check("still locked", cond.locked(), True)
    cond.release()
    await asyncio.sleep(0)
    check("2 in", result, [1, 2])
    check("locked by 2", cond.locked(), True)
    cond.release()
    await asyncio.sleep(0)
    check("3 in", result, [1, 2, 3])
    check("locked by 3", cond.locked(), True)
    for i, t in enumerate([t1, t2, t3]):
        check(f"t{i + 1} done", t.done(), True)
        check(f"t{i + 1} result", await t, True)


async def test_wait_cancel():
    cond = asyncio.Condition()
    await cond.acquire()
    wait = asyncio.create_task(cond.wait())
    soon(wait.cancel)
    check("CancelledError", await raises_cancelled(wait), True)
    check("no waiter", bool(cond._waiters), False)
    check("locked", cond.locked(), True)


async def test_wait_cancel_contested():
    cond = asyncio.Condition()
    await cond.acquire()
    check("locked", cond.locked(), True)
    wait_task = asyncio.create_task(cond.wait())
    await asyncio.sleep(0)
    check("released by wait", cond.locked(), False)
    # Notify, but contest the lock before cancelling
    await cond.acquire()
    check("locked again", cond.locked(), True)
    cond.notify()
    soon(wait_task.cancel)
    soon(cond.release)
    try:
        await wait_task
    except asyncio.CancelledError:
        # Should not happen, since no cancellation points
        pass
    check("locked at the end", cond.locked(), True)


async def test_wait_cancel_after_notify():
    waited = False
    cond = asyncio.Condition()

    async def wait_on_cond():
        nonlocal waited
        async with cond:
            waited = True  # Make sure this area was reached
            await cond.wait()

    waiter = asyncio.create_task(wait_on_cond())
    await asyncio.sleep(0)  # Start waiting
    await cond.acquire()
    cond.notify()
    await asyncio.sleep(0)  # Get to acquire()
    waiter.cancel()
    await asyncio.sleep(0)  # Activate cancellation
    cond.release()
    await asyncio.sleep(0)  # Cancellation should occur
    check("cancelled", await cancelled(waiter), True)
    check("waited", waited, True)


async def test_wait_unacquired():
    cond = asyncio.Condition()
    try:
        await cond.wait()
        check("RuntimeError", None, "RuntimeError")
    except RuntimeError:
        check("RuntimeError", "RuntimeError", "RuntimeError")


async def test_wait_for():
    cond = asyncio.Condition()
    presult = False

    def predicate():
        return presult

    result = []

    async def c1(result):
        await cond.acquire()
        if await cond.wait_for(predicate):
            result.append(1)
            cond.release()
        return True

    t = asyncio.create_task(c1(result))
    await asyncio.sleep(0)
    check("nobody yet", result, [])
    await cond.acquire()
    cond.notify()
    cond.release()
    await asyncio.sleep(0)
    check("predicate false", result, [])
    presult = True
    await cond.acquire()
    cond.notify()
    cond.release()
    await asyncio.sleep(0)
    check("predicate true", result, [1])
    check("done", t.done(), True)
    check("result", await t, True)


async def test_wait_for_unacquired():
    cond = asyncio.Condition()
    res = await cond.wait_for(lambda: [1, 2, 3])
    check("predicate true at once", res, [1, 2, 3])
    try:
        await cond.wait_for(lambda: False)
        check("RuntimeError", None, "RuntimeError")
    except RuntimeError:
        check("RuntimeError", "RuntimeError", "RuntimeError")


async def notified(result, n):
    async def c(n):
        await cond_.acquire()
        if await cond_.wait():
            result.append(n)
            cond_.release()
        return True

    return [asyncio.create_task(c(i + 1)) for i in range(n)]


async def test_notify():
    global cond_
    cond_ = cond = asyncio.Condition()
    result = []
    ts = await notified(result, 3)
    await asyncio.sleep(0)
    check("nobody yet", result, [])
    await cond.acquire()
    cond.notify(1)
    cond.release()
    await asyncio.sleep(0)
    check("one", result, [1])
    await cond.acquire()
    cond.notify(1)
    cond.notify(2048)
    cond.release()
    await asyncio.sleep(0)
    check("all", result, [1, 2, 3])
    for i, t in enumerate(ts):
        check(f"t{i + 1} done", t.done(), True)
        check(f"t{i + 1} result", await t, True)


async def test_notify_all():
    global cond_
    cond_ = cond = asyncio.Condition()
    result = []
    ts = await notified(result, 2)
    await asyncio.sleep(0)
    check("nobody yet", result, [])
    await cond.acquire()
    cond.notify_all()
    cond.release()
    await asyncio.sleep(0)
    check("both", result, [1, 2])
    for i, t in enumerate(ts):
        check(f"t{i + 1} done", t.done(), True)
        check(f"t{i + 1} result", await t, True)


async def test_notify_unacquired():
    cond = asyncio.Condition()
    for name, f in (("notify", cond.notify), ("notify_all", cond.notify_all)):
        try:
            f()
            check(name + " RuntimeError", None, "RuntimeError")
        except RuntimeError:
            check(name + " RuntimeError", "RuntimeError", "RuntimeError")


async def test_context_manager():
    cond = asyncio.Condition()
    check("unlocked", cond.locked(), False)
    async with cond:
        check("locked", cond.locked(), True)
    check("unlocked after", cond.locked(), False)


async def test_explicit_lock():
    async def f(lock=None, cond=None):
        if lock is None:
            lock = asyncio.Lock()
        if cond is None:
            cond = asyncio.Condition(lock)
        check("its lock", cond._lock is lock, True)
        check("unlocked", (lock.locked(), cond.locked()), (False, False))
        async with cond:
            check("locked by cond", (lock.locked(), cond.locked()), (True, True))
        check("unlocked again", (lock.locked(), cond.locked()), (False, False))
        async with lock:
            check("locked by lock", (lock.locked(), cond.locked()), (True, True))
        check("unlocked at the end", (lock.locked(), cond.locked()), (False, False))

    await f()
    await f(asyncio.Lock())
    lock = asyncio.Lock()
    await f(lock, asyncio.Condition(lock))


async def test_timeout_in_block():
    condition = asyncio.Condition()
    async with condition:
        try:
            await asyncio.wait_for(condition.wait(), timeout=0.5)
            check("TimeoutError", None, "TimeoutError")
        except asyncio.TimeoutError:
            check("TimeoutError", "TimeoutError", "TimeoutError")


async def main():
    await run(
        [
            test_wait,
            test_wait_cancel,
            test_wait_cancel_contested,
            test_wait_cancel_after_notify,
            test_wait_unacquired,
            test_wait_for,
            test_wait_for_unacquired,
            test_notify,
            test_notify_all,
            test_notify_unacquired,
            test_context_manager,
            test_explicit_lock,
            test_timeout_in_block,
        ]
    )


asyncio.run(main())
