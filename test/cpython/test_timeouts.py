# CPython 3.11's own timeout tests (Lib/test/test_asyncio/test_timeouts.py), case by case, as a
# program: each assertion prints "ok" or what it got. The TypeScript port
# (apps/test_timeouts.ts) makes the same assertions and must print the same.
# Ported: the cases about what is raised, and where. Left out: those about the context
# manager object (cm.expired(), when(), reschedule(), repr, entering twice, timeout_at),
# which the port's API has no object for (asyncio.timeout(s, body)), and the exception's
# __cause__. Changed in both: `1/0` in a finally block raises KeyError("crash") (JS has no
# ZeroDivisionError); `cancel_me()` is cancel_me(), a task that cancels the
# current one at its next await (MicroPython, which the port follows, raises "can't cancel
# self" where CPython lets a task mark itself cancelled); time.monotonic() is ticks_ms().
# Regenerate: python3.11 test/cpython/test_timeouts.py > test/cpython/test_timeouts.exp
import asyncio
from cases import check, run
import time



def ms():
    return time.monotonic_ns() // 1000000


def cancel_me():
    t = asyncio.current_task()

    async def cancel():
        t.cancel()

    asyncio.create_task(cancel())


async def test_timeout_basic():
    try:
        async with asyncio.timeout(0.01):
            await asyncio.sleep(10)
        check("TimeoutError", None, "TimeoutError")
    except TimeoutError:
        check("TimeoutError", "TimeoutError", "TimeoutError")


async def test_nested_timeouts():
    cancelled = False
    try:
        async with asyncio.timeout(0.01):
            # Only the topmost context manager should raise TimeoutError
            try:
                async with asyncio.timeout(0.01):
                    await asyncio.sleep(10)
            except asyncio.CancelledError:
                cancelled = True
                raise
        check("TimeoutError", None, "TimeoutError")
    except TimeoutError:
        check("TimeoutError", "TimeoutError", "TimeoutError")
    check("inner saw CancelledError", cancelled, True)


async def test_waiter_cancelled():
    cancelled = False
    try:
        async with asyncio.timeout(0.01):
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                cancelled = True
                raise
    except TimeoutError:
        check("TimeoutError", True, True)
    check("waiter cancelled", cancelled, True)


async def test_timeout_not_called():
    async with asyncio.timeout(10):
        await asyncio.sleep(0.01)
    check("no TimeoutError", True, True)


async def test_timeout_disabled():
    async with asyncio.timeout(None):
        await asyncio.sleep(0.01)
    check("no TimeoutError", True, True)


async def body_raises(s, body):
    try:
        async with asyncio.timeout(s):
            await body()
    except Exception as e:
        return type(e).__name__
    return None


async def test_timeout_zero():
    check("TimeoutError", await body_raises(0, lambda: asyncio.sleep(10)), "TimeoutError")


async def test_timeout_zero_sleep_zero():
    check("TimeoutError", await body_raises(0, lambda: asyncio.sleep(0)), "TimeoutError")


async def test_timeout_in_the_past_sleep_zero():
    check("TimeoutError", await body_raises(-11, lambda: asyncio.sleep(0)), "TimeoutError")


async def test_foreign_exception_passed():
    async def crash():
        raise KeyError("crash")

    check("KeyError", await body_raises(0.01, crash), "KeyError")


async def test_foreign_exception_on_timeout():
    async def crash():
        try:
            await asyncio.sleep(1)
        finally:
            raise KeyError("crash")

    check("KeyError", await body_raises(0.01, crash), "KeyError")


async def test_foreign_cancel_doesnt_timeout_if_not_expired():
    try:
        async with asyncio.timeout(10):
            cancel_me()
            await asyncio.sleep(10)
    except asyncio.CancelledError:
        check("CancelledError", True, True)


async def test_outer_task_is_not_cancelled():
    async def outer():
        try:
            async with asyncio.timeout(0.001):
                await asyncio.sleep(10)
        except TimeoutError:
            check("TimeoutError", True, True)

    task = asyncio.create_task(outer())
    await task
    check("done, not cancelled", task.done(), True)


async def test_nested_timeouts_concurrent():
    try:
        async with asyncio.timeout(0.002):
            try:
                async with asyncio.timeout(0.1):
                    # Pretend we crunch some numbers.
                    time.sleep(0.01)
                    await asyncio.sleep(1)
            except TimeoutError:
                check("inner TimeoutError", None, "CancelledError")
    except TimeoutError:
        check("outer TimeoutError", True, True)


async def test_nested_timeouts_loop_busy():
    t0 = ms()
    try:
        async with asyncio.timeout(0.1):  # (1)
            try:
                async with asyncio.timeout(0.01):  # (2)
                    # Pretend the loop is busy for a while.
                    time.sleep(0.1)
                    await asyncio.sleep(1)
            except TimeoutError:
                check("inner TimeoutError", True, True)
            # TimeoutError was caught by (2)
            await asyncio.sleep(10)  # This sleep should be interrupted by (1)
    except TimeoutError:
        check("outer TimeoutError", True, True)
    t1 = ms()
    check("within a second", t0 <= t1 <= t0 + 1000, True)


async def test_nested_timeout_in_finally():
    try:
        async with asyncio.timeout(0.01):
            try:
                await asyncio.sleep(1)
            finally:
                try:
                    async with asyncio.timeout(0.01):
                        await asyncio.sleep(10)
                except TimeoutError:
                    check("inner TimeoutError", True, True)
    except TimeoutError:
        check("outer TimeoutError", True, True)


async def test_timeout_after_cancellation():
    try:
        cancel_me()
        await asyncio.sleep(1)  # work which will be cancelled
    except asyncio.CancelledError:
        pass
    finally:
        check("TimeoutError", await body_raises(0.0, lambda: asyncio.sleep(1)), "TimeoutError")


async def test_cancel_in_timeout_after_cancellation():
    try:
        cancel_me()
        await asyncio.sleep(1)  # work which will be cancelled
    except asyncio.CancelledError:
        pass
    finally:
        try:
            async with asyncio.timeout(1.0):
                cancel_me()
                await asyncio.sleep(2)  # some cleanup
        except asyncio.CancelledError:
            check("CancelledError", True, True)


async def main():
    await run(
        [
            test_timeout_basic,
            test_nested_timeouts,
            test_waiter_cancelled,
            test_timeout_not_called,
            test_timeout_disabled,
            test_timeout_zero,
            test_timeout_zero_sleep_zero,
            test_timeout_in_the_past_sleep_zero,
            test_foreign_exception_passed,
            test_foreign_exception_on_timeout,
            test_foreign_cancel_doesnt_timeout_if_not_expired,
            test_outer_task_is_not_cancelled,
            test_nested_timeouts_concurrent,
            test_nested_timeouts_loop_busy,
            test_nested_timeout_in_finally,
            test_timeout_after_cancellation,
            test_cancel_in_timeout_after_cancellation,
        ]
    )


asyncio.run(main())
