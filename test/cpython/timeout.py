# CPython 3.11's asyncio.timeout(), as the TypeScript port (apps/timeout.ts, where the body is a
# callback: await asyncio.timeout(s, async () => ...)) must behave.
# Regenerate the expected output with: python3.11 test/cpython/timeout.py > test/cpython/timeout.exp
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    t0 = [0.0]

    def section(title):
        print(title)
        t0[0] = loop.time()

    # ms since the section began, to 10 ms below (CPython runs in real time: a ms or two late)
    now = lambda: int((loop.time() - t0[0]) * 100) * 10

    section("-- in time: the body's value")
    async with asyncio.timeout(0.1):
        await asyncio.sleep(0.02)
        r = "done"
    print(r, now())

    section("-- too slow: TimeoutError at the deadline, the body's finally runs")
    try:
        async with asyncio.timeout(0.05):
            try:
                await asyncio.sleep(1)
            finally:
                print("body finally", now())
    except TimeoutError:
        print("TimeoutError", now())

    section("-- nested, the inner expires first: only the inner raises")
    async with asyncio.timeout(0.2):
        try:
            async with asyncio.timeout(0.05):
                await asyncio.sleep(1)
        except TimeoutError:
            print("inner TimeoutError", now())
        await asyncio.sleep(0.01)
        print("outer goes on", now())

    section("-- nested, the outer expires first: the inner sees CancelledError")
    try:
        async with asyncio.timeout(0.05):
            try:
                async with asyncio.timeout(0.2):
                    await asyncio.sleep(1)
            except asyncio.CancelledError:
                print("inner CancelledError", now())
                raise
    except TimeoutError:
        print("outer TimeoutError", now())

    section("-- the body swallows the cancellation: no TimeoutError")
    async with asyncio.timeout(0.05):
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print("swallowed", now())
    print("after", now())

    section("-- cancelled from outside as the deadline comes: CancelledError wins")
    async def body():
        async with asyncio.timeout(0.05):
            await asyncio.sleep(1)

    t = asyncio.create_task(body())
    await asyncio.sleep(0.05)
    t.cancel()
    try:
        await t
    except TimeoutError:
        print("TimeoutError", now())
    except asyncio.CancelledError:
        print("CancelledError", now())

    section("-- timeout(None): no deadline")
    async with asyncio.timeout(None):
        await asyncio.sleep(0.3)
    print("no deadline", now())


asyncio.run(main())
