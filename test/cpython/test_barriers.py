# CPython 3.11's own Barrier tests (Lib/test/test_asyncio/test_locks.py, BarrierTests), case by
# case, as a program: each assertion prints "ok" or what it got. The TypeScript port
# (apps/test_barriers.ts) makes the same assertions and must print the same.
# Changed in both: "x" in repr(barrier) is state(barrier) == "x" (the state's name); awaiting the
# barrier itself (a TypeError of CPython's await protocol) is left out; asyncio.wait(ts) is
# gather(*ts); t.result() is `await t` once t is done; t.cancelled() is "awaiting it raises
# CancelledError"; test_repr's waiters catch BrokenBarrierError themselves (MicroPython, which
# the port follows, reports an exception no one has retrieved at the scheduler's next pass,
# CPython only when the task is collected, after the test's final gather).
# Regenerate: python3.11 test/cpython/test_barriers.py > test/cpython/test_barriers.exp
import asyncio
from cases import check, run, raises_cancelled

N = 5


def state(b):
    return b._state.value


def make_tasks(n, coro):
    return [asyncio.create_task(coro()) for _ in range(n)]


async def gather_tasks(n, coro):
    tasks = make_tasks(n, coro)
    res = await asyncio.gather(*tasks)
    return res, tasks


async def test_barrier():
    barrier = asyncio.Barrier(N)
    check("filling", state(barrier), "filling")


async def test_repr():
    barrier = asyncio.Barrier(N)
    check("filling", state(barrier), "filling")
    waiters = []

    async def wait(barrier):
        try:
            await barrier.wait()
        except asyncio.BrokenBarrierError:
            pass

    incr = 2
    for i in range(incr):
        waiters.append(asyncio.create_task(wait(barrier)))
    await asyncio.sleep(0)
    check("waiters", (barrier.n_waiting, barrier.parties), (incr, N))
    check("still filling", state(barrier), "filling")
    for i in range(barrier.parties - barrier.n_waiting):
        waiters.append(asyncio.create_task(wait(barrier)))
    await asyncio.sleep(0)
    check("draining", state(barrier), "draining")
    for i in range(incr):
        waiters.append(asyncio.create_task(wait(barrier)))
    await asyncio.sleep(0)
    await barrier.reset()
    check("resetting", state(barrier), "resetting")
    for i in range(incr):
        waiters.append(asyncio.create_task(wait(barrier)))
    await asyncio.sleep(0)
    await barrier.abort()
    check("broken", state(barrier), "broken")
    check("broken flag", barrier.broken, True)
    await asyncio.gather(*waiters, return_exceptions=True)


async def test_barrier_parties():
    for p in (0, -4):
        try:
            asyncio.Barrier(p)
            check(f"ValueError for {p}", None, "ValueError")
        except ValueError:
            check(f"ValueError for {p}", "ValueError", "ValueError")
    check("a Barrier", isinstance(asyncio.Barrier(N), asyncio.Barrier), True)


async def test_context_manager():
    n = 3
    barrier = asyncio.Barrier(n)
    results = []

    async def coro():
        async with barrier as i:
            results.append(i)

    await gather_tasks(n, coro)
    check("indices", sorted(results), list(range(n)))
    check("n_waiting", barrier.n_waiting, 0)
    check("not broken", barrier.broken, False)


async def test_filling_one_task():
    barrier = asyncio.Barrier(1)

    async def f():
        async with barrier as i:
            return True

    ret = await f()
    check("ret", ret, True)
    check("n_waiting", barrier.n_waiting, 0)
    check("not broken", barrier.broken, False)


async def test_filling_one_task_twice():
    barrier = asyncio.Barrier(1)
    t1 = asyncio.create_task(barrier.wait())
    await asyncio.sleep(0)
    check("n_waiting", barrier.n_waiting, 0)
    t2 = asyncio.create_task(barrier.wait())
    await asyncio.sleep(0)
    check("done alike", t1.done(), t2.done())
    check("same result", await t1, await t2)
    check("n_waiting at the end", barrier.n_waiting, 0)
    check("not broken", barrier.broken, False)


async def test_filling_task_by_task():
    barrier = asyncio.Barrier(3)
    t1 = asyncio.create_task(barrier.wait())
    await asyncio.sleep(0)
    check("1 waiting", barrier.n_waiting, 1)
    check("filling", state(barrier), "filling")
    t2 = asyncio.create_task(barrier.wait())
    await asyncio.sleep(0)
    check("2 waiting", barrier.n_waiting, 2)
    check("still filling", state(barrier), "filling")
    t3 = asyncio.create_task(barrier.wait())
    await asyncio.sleep(0)
    await asyncio.gather(t1, t2, t3)
    check("n_waiting", barrier.n_waiting, 0)
    check("not broken", barrier.broken, False)


async def test_filling_tasks_wait_twice():
    barrier = asyncio.Barrier(N)
    results = []

    async def coro():
        async with barrier:
            results.append(True)
            async with barrier:
                results.append(False)

    await gather_tasks(N, coro)
    check("count", (len(results), results.count(True), results.count(False)), (N * 2, N, N))
    check("n_waiting", barrier.n_waiting, 0)
    check("not broken", barrier.broken, False)


async def test_filling_tasks_check_return_value():
    barrier = asyncio.Barrier(N)
    results1 = []
    results2 = []

    async def coro():
        async with barrier:
            results1.append(True)
            async with barrier as i:
                results2.append(True)
                return i

    res, _ = await gather_tasks(N, coro)
    check("results1", results1, [True] * N)
    check("results2", results2, [True] * N)
    check("indices", sorted(res), list(range(N)))
    check("n_waiting", barrier.n_waiting, 0)
    check("not broken", barrier.broken, False)


async def test_draining_state():
    barrier = asyncio.Barrier(N)
    results = []

    async def coro():
        async with barrier:
            # barrier state change to filling for the last task release
            results.append(state(barrier) == "draining")

    await gather_tasks(N, coro)
    check("results", results, [True] * (N - 1) + [False])
    check("n_waiting", barrier.n_waiting, 0)
    check("not broken", barrier.broken, False)


async def test_blocking_tasks_while_draining():
    rewait = 2
    barrier = asyncio.Barrier(N)
    barrier_nowaiting = asyncio.Barrier(N - rewait)
    rewait_n = rewait

    async def coro():
        nonlocal rewait_n
        await barrier.wait()
        if rewait_n > 0:
            rewait_n -= 1
            await barrier.wait()
        else:
            await barrier_nowaiting.wait()
            await barrier.wait()

    await gather_tasks(N, coro)
    check("all passed", True, True)


async def test_filling_tasks_cancel_one():
    barrier = asyncio.Barrier(3)
    results = []

    async def coro():
        await barrier.wait()
        results.append(True)

    t1 = asyncio.create_task(coro())
    await asyncio.sleep(0)
    check("1 waiting", barrier.n_waiting, 1)
    t2 = asyncio.create_task(coro())
    await asyncio.sleep(0)
    check("2 waiting", barrier.n_waiting, 2)
    t1.cancel()
    await asyncio.sleep(0)
    check("1 waiting after cancel", barrier.n_waiting, 1)
    check("CancelledError", await raises_cancelled(t1), True)
    t3 = asyncio.create_task(coro())
    await asyncio.sleep(0)
    check("2 waiting again", barrier.n_waiting, 2)
    t4 = asyncio.create_task(coro())
    await asyncio.gather(t2, t3, t4)
    check("results", results, [True] * 3)
    check("n_waiting", barrier.n_waiting, 0)
    check("not broken", barrier.broken, False)


async def test_reset_barrier():
    barrier = asyncio.Barrier(1)
    asyncio.create_task(barrier.reset())
    await asyncio.sleep(0)
    check("n_waiting", barrier.n_waiting, 0)
    check("not broken", barrier.broken, False)


async def test_reset_barrier_while_tasks_waiting():
    barrier = asyncio.Barrier(N)
    results = []

    async def coro():
        try:
            await barrier.wait()
        except asyncio.BrokenBarrierError:
            results.append(True)

    async def coro_reset():
        await barrier.reset()

    tasks = make_tasks(N - 1, coro)
    await asyncio.sleep(0)
    asyncio.create_task(coro_reset())
    await asyncio.gather(*tasks)
    check("results", results, [True] * (N - 1))
    check("n_waiting", barrier.n_waiting, 0)
    check("not resetting", state(barrier) == "resetting", False)
    check("not broken", barrier.broken, False)


async def test_reset_barrier_when_tasks_half_draining():
    barrier = asyncio.Barrier(N)
    results1 = []
    rest_of_tasks = N // 2

    async def coro():
        try:
            await barrier.wait()
        except asyncio.BrokenBarrierError:
            results1.append(True)
        else:
            if rest_of_tasks == barrier._count:
                await barrier.reset()

    await gather_tasks(N, coro)
    check("results1", results1, [True] * rest_of_tasks)
    check("n_waiting", barrier.n_waiting, 0)
    check("not resetting", state(barrier) == "resetting", False)
    check("not broken", barrier.broken, False)


async def test_reset_barrier_when_tasks_half_draining_half_blocking():
    barrier = asyncio.Barrier(N)
    results1 = []
    results2 = []
    blocking_tasks = N // 2
    count = 0

    async def coro():
        nonlocal count
        try:
            await barrier.wait()
        except asyncio.BrokenBarrierError:
            results1.append(True)
            await barrier.wait()
        else:
            count += 1
            if count > blocking_tasks:
                await barrier.reset()
                await barrier.wait()
            else:
                try:
                    await barrier.wait()
                except asyncio.BrokenBarrierError:
                    results2.append(True)

    await gather_tasks(N, coro)
    check("results1", results1, [True] * blocking_tasks)
    check("results2", results2, [])
    check("n_waiting", barrier.n_waiting, 0)
    check("not resetting", state(barrier) == "resetting", False)
    check("not broken", barrier.broken, False)


async def test_reset_barrier_while_tasks_waiting_and_waiting_again():
    barrier = asyncio.Barrier(N)
    results1 = []
    results2 = []

    async def coro1():
        try:
            await barrier.wait()
        except asyncio.BrokenBarrierError:
            results1.append(True)
        finally:
            await barrier.wait()
            results2.append(True)

    async def coro2():
        async with barrier:
            results2.append(True)

    tasks = make_tasks(N - 1, coro1)
    asyncio.create_task(barrier.reset())
    await asyncio.sleep(0)
    asyncio.create_task(coro2())
    await asyncio.gather(*tasks)
    check("not broken", barrier.broken, False)
    check("results1", results1, [True] * (N - 1))
    check("results2", results2, [True] * N)
    check("n_waiting", barrier.n_waiting, 0)


async def test_reset_barrier_while_tasks_draining():
    barrier = asyncio.Barrier(N)
    results1 = []
    results2 = []
    results3 = []
    count = 0

    async def coro():
        nonlocal count
        await barrier.wait()
        count += 1
        if count == N:
            await barrier.reset()
            await barrier.wait()
        else:
            try:
                await barrier.wait()
                results1.append(True)
            except Exception:
                results2.append(True)
        await barrier.wait()
        results3.append(True)

    await gather_tasks(N, coro)
    check("not broken", barrier.broken, False)
    check("results1", results1, [True] * (N - 1))
    check("results2", results2, [])
    check("results3", results3, [True] * N)
    check("n_waiting", barrier.n_waiting, 0)


async def test_abort_barrier():
    barrier = asyncio.Barrier(1)
    asyncio.create_task(barrier.abort())
    await asyncio.sleep(0)
    check("n_waiting", barrier.n_waiting, 0)
    check("broken", barrier.broken, True)


async def test_abort_barrier_when_tasks_half_draining_half_blocking():
    barrier = asyncio.Barrier(N)
    results1 = []
    results2 = []
    blocking_tasks = N // 2
    count = 0

    async def coro():
        nonlocal count
        try:
            await barrier.wait()
        except asyncio.BrokenBarrierError:
            results1.append(True)
        else:
            count += 1
            if count > blocking_tasks:
                await barrier.abort()
            else:
                try:
                    await barrier.wait()
                except asyncio.BrokenBarrierError:
                    results2.append(True)

    await gather_tasks(N, coro)
    check("broken", barrier.broken, True)
    check("results1", results1, [True] * blocking_tasks)
    check("results2", results2, [True] * (N - blocking_tasks - 1))
    check("n_waiting", barrier.n_waiting, 0)
    check("not resetting", state(barrier) == "resetting", False)


async def test_abort_barrier_when_exception():
    barrier = asyncio.Barrier(N)
    results1 = []
    results2 = []

    async def coro():
        try:
            async with barrier as i:
                if i == N // 2:
                    raise RuntimeError
            async with barrier:
                results1.append(True)
        except asyncio.BrokenBarrierError:
            results2.append(True)
        except RuntimeError:
            await barrier.abort()

    await gather_tasks(N, coro)
    check("broken", barrier.broken, True)
    check("results1", results1, [])
    check("results2", results2, [True] * (N - 1))
    check("n_waiting", barrier.n_waiting, 0)


async def test_abort_barrier_when_exception_then_resetting():
    barrier1 = asyncio.Barrier(N)
    barrier2 = asyncio.Barrier(N)
    results1 = []
    results2 = []
    results3 = []

    async def coro():
        try:
            i = await barrier1.wait()
            if i == N // 2:
                raise RuntimeError
            await barrier1.wait()
            results1.append(True)
        except asyncio.BrokenBarrierError:
            results2.append(True)
        except RuntimeError:
            await barrier1.abort()
        i = await barrier2.wait()
        if i == N // 2:
            await barrier1.reset()
        await barrier2.wait()
        await barrier1.wait()
        results3.append(True)

    await gather_tasks(N, coro)
    check("not broken", barrier1.broken, False)
    check("results1", results1, [])
    check("results2", results2, [True] * (N - 1))
    check("results3", results3, [True] * N)
    check("n_waiting", barrier1.n_waiting, 0)


async def main():
    await run(
        [
            test_barrier,
            test_repr,
            test_barrier_parties,
            test_context_manager,
            test_filling_one_task,
            test_filling_one_task_twice,
            test_filling_task_by_task,
            test_filling_tasks_wait_twice,
            test_filling_tasks_check_return_value,
            test_draining_state,
            test_blocking_tasks_while_draining,
            test_filling_tasks_cancel_one,
            test_reset_barrier,
            test_reset_barrier_while_tasks_waiting,
            test_reset_barrier_when_tasks_half_draining,
            test_reset_barrier_when_tasks_half_draining_half_blocking,
            test_reset_barrier_while_tasks_waiting_and_waiting_again,
            test_reset_barrier_while_tasks_draining,
            test_abort_barrier,
            test_abort_barrier_when_tasks_half_draining_half_blocking,
            test_abort_barrier_when_exception,
            test_abort_barrier_when_exception_then_resetting,
        ]
    )


asyncio.run(main())
