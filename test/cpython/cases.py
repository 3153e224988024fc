# What the programs made of CPython's own test cases share (test_*.py here; apps/cases.ts is
# the same for their TypeScript ports): each assertion prints "ok" or what it got, and each
# case runs in a task of its own, as unittest's IsolatedAsyncioTestCase runs each test.
import asyncio

_case = [""]


def check(what, got, want):
    print(_case[0], what, "ok" if got == want else f"FAIL: got {got!r}, want {want!r}")


def soon(f):
    """loop.call_soon(f), as a task (MicroPython's loop has no call_soon)."""

    async def run():
        f()

    return asyncio.create_task(run())


async def raises(t, cls):
    """What awaiting t raises, if it is a cls (None if t returns; anything else propagates)."""
    try:
        await t
    except cls as e:
        return e
    return None


async def raises_cancelled(t):
    """Awaiting t raises CancelledError."""
    return await raises(t, asyncio.CancelledError) is not None


async def cancelled(t):
    """t.cancelled(): done, and awaiting it raises CancelledError."""
    return t.done() and await raises_cancelled(t)


async def run(cases):
    for t in cases:
        _case[0] = getattr(t, "label", t.__name__)
        await asyncio.create_task(t())
    print("done")
