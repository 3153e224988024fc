# CPython 3.11's asyncio.TaskGroup, as the TypeScript port (apps/taskgroup.ts, where the body is
# a callback: await new asyncio.TaskGroup().run(async (tg) => ...)) must behave.
# Regenerate the expected output with: python3.11 test/cpython/taskgroup.py > test/cpython/taskgroup.exp
import asyncio


async def worker(name, delay, fail=None):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise
    if fail:
        print(name, "raises", fail)
        raise ValueError(fail)
    print(name, "done")
    return name.upper()


def group_info(e):
    return type(e).__name__ + ": " + str(e) + " " + str([type(x).__name__ + ":" + str(x) for x in e.exceptions])


async def main():
    print("-- all tasks finish: the group waits for them")
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(worker("a", 0.02))
        b = tg.create_task(worker("b", 0.01))
        print("body ends", repr(tg))
    print("after the group", await a, await b, repr(tg))

    print("-- a task fails: the others and the body are cancelled, one ExceptionGroup")
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("a", 0.05))
            tg.create_task(worker("b", 0.01, "boom"))
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                print("body cancelled")
                raise
    except ExceptionGroup as e:
        print(group_info(e))

    print("-- two tasks fail at the same time")
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("a", 0.01, "one"))
            tg.create_task(worker("b", 0.01, "two"))
            tg.create_task(worker("c", 0.05))
    except ExceptionGroup as e:
        print(group_info(e))

    print("-- the body raises: the tasks are cancelled, its error joins the group")
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("a", 0.05))
            await asyncio.sleep(0.01)
            raise ValueError("body")
    except ExceptionGroup as e:
        print(group_info(e))

    print("-- a task cancelled on its own is not an error")
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(worker("a", 0.05))
        b = tg.create_task(worker("b", 0.01))
        await asyncio.sleep(0.02)
        a.cancel()
    print("group ok", a.done(), await b)

    print("-- the task running the group is cancelled from outside")

    async def holder():
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("a", 1))
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                print("body cancelled")
                raise

    h = asyncio.create_task(holder())
    await asyncio.sleep(0.01)
    h.cancel()
    try:
        await h
    except asyncio.CancelledError:
        print("holder CancelledError")

    print("-- cancelled from outside while waiting for the tasks on the way out")

    async def holder2():
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("a", 1))
        print("not reached")

    h = asyncio.create_task(holder2())
    await asyncio.sleep(0.01)
    h.cancel()
    try:
        await h
    except asyncio.CancelledError:
        print("holder2 CancelledError")

    print("-- a failure inside a nested group reaches the outer one")
    try:
        async with asyncio.TaskGroup() as outer:
            outer.create_task(worker("x", 0.05))

            async def inner_group():
                async with asyncio.TaskGroup() as inner:
                    inner.create_task(worker("i", 0.01, "inner"))
                    inner.create_task(worker("j", 0.05))

            outer.create_task(inner_group())
    except ExceptionGroup as e:
        print(type(e).__name__ + ": " + str(e))
        sub = e.exceptions[0]
        print(group_info(sub))

    print("-- the group swallows nothing: a handler after it runs on")

    async def foo():
        try:
            async with asyncio.TaskGroup() as g:
                g.create_task(worker("crash", 0.01, "soon"))
                await asyncio.sleep(1)
        except Exception as e:
            print("ignored", type(e).__name__)
        await asyncio.sleep(0.01)
        print("foo goes on")
        return "foo"

    print(await foo())

    print("-- misuse")
    tg = asyncio.TaskGroup()
    c = worker("never", 0)
    try:
        tg.create_task(c)
    except RuntimeError as e:
        print("RuntimeError", e)
    c.close()
    async with tg:
        try:
            async with tg:
                pass
        except RuntimeError as e:
            print("RuntimeError", e)
    c = worker("never", 0)
    try:
        tg.create_task(c)
    except RuntimeError as e:
        print("RuntimeError", e)
    c.close()

    print("-- a task of the group awaited inside the body, and by another task")
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(worker("a", 0.02))

        async def watcher():
            print("watcher got", await a)

        tg.create_task(watcher())
        print("body got", await a)

    print("-- the results")
    async with asyncio.TaskGroup() as tg:
        ts = [tg.create_task(worker(n, d)) for n, d in (("p", 0.03), ("q", 0.01), ("r", 0.02))]
    print([await t for t in ts])

    print("-- a TypeError in a task: an ExceptionGroup (TypeError is an Exception)")

    async def bad():
        await asyncio.sleep(0.01)
        return None + 1

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(bad())
    except ExceptionGroup as e:
        print("ExceptionGroup", [type(x).__name__ for x in e.exceptions])


asyncio.run(main())
