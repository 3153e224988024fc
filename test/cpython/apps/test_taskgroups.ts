// Port of test/cpython/test_taskgroups.py: CPython 3.11's own TaskGroup tests
// (test_asyncio/test_taskgroups.py, cases 01 to 25), the same assertions; its output must equal
// what CPython prints (test/cpython/test_taskgroups.exp). `async with asyncio.TaskGroup() as g:`
// is `await new asyncio.TaskGroup().run(async (g) => ...)`.
import * as asyncio from "asyncio";
import { check, cancelled, raises, raises_cancelled, run } from "./cases";

class MyExc extends asyncio.Exception {
  get name(): string {
    return "MyExc";
  }
}

class MyBaseExc extends asyncio.BaseException {
  get name(): string {
    return "MyBaseExc";
  }
}

// The sorted names of an exception group's exceptions (the engine's TypeError is Python's).
function get_error_types(eg: any): string[] {
  const names: string[] = [];
  for (const e of eg.exceptions) {
    const n = e instanceof TypeError ? "TypeError" : e.name;
    if (names.indexOf(n) < 0) names.push(n);
  }
  return names.sort();
}

async function sleep_coro(t: number) {
  await asyncio.sleep(t);
}

function crash(): never {
  throw new asyncio.ValueError("crash");
}

// What CPython's cases write out in each of them, once here.
async function returns_after(delay: number, value: any) {
  await asyncio.sleep(delay);
  return value;
}

async function crash_after(t: number) {
  await asyncio.sleep(t);
  throw new asyncio.ValueError(t);
}

async function crash_when_cancelled() {
  try {
    await asyncio.sleep(10);
  } finally {
    crash();
  }
}

// Children that sleep: how many saw a cancellation, how many finished.
class Tally {
  cancels = 0;
  done = 0;
  async sleep(delay: number) {
    try {
      await asyncio.sleep(delay);
    } catch (e) {
      if (e instanceof asyncio.CancelledError) this.cancels += 1;
      throw e;
    }
    this.done += 1;
  }
}

// A task of coro, still running 0.1 s later, then cancelled.
async function cancel_soon(coro: any): Promise<asyncio.Task> {
  const r = asyncio.create_task(coro);
  await asyncio.sleep(0.1);
  check("not done", r.done(), false);
  r.cancel();
  return r;
}

const group = (r: any) => raises(r, asyncio.ExceptionGroup);

async function test_taskgroup_01() {
  let t1: asyncio.Task;
  let t2: asyncio.Task;
  await new asyncio.TaskGroup().run(async (g) => {
    t1 = g.create_task(returns_after(0.1, 42));
    t2 = g.create_task(returns_after(0.2, 11));
  });
  check("t1", await t1!, 42);
  check("t2", await t2!, 11);
}

async function test_taskgroup_02() {
  let t1: asyncio.Task;
  let t2: asyncio.Task;
  await new asyncio.TaskGroup().run(async (g) => {
    t1 = g.create_task(returns_after(0.1, 42));
    await asyncio.sleep(0.15);
    t2 = g.create_task(returns_after(0.2, 11));
  });
  check("t1", await t1!, 42);
  check("t2", await t2!, 11);
}

async function test_taskgroup_03() {
  let t1: asyncio.Task;
  let t2: asyncio.Task;
  await new asyncio.TaskGroup().run(async (g) => {
    t1 = g.create_task(returns_after(1, 42));
    await asyncio.sleep(0.15);
    // cancel t1 explicitly, i.e. everything should continue working as expected.
    t1.cancel();
    t2 = g.create_task(returns_after(0.2, 11));
  });
  check("t1 cancelled", await cancelled(t1!), true);
  check("t2", await t2!, 11);
}

async function test_taskgroup_04() {
  const tally = new Tally();
  let t2: asyncio.Task | null = null;
  async function runner() {
    await new asyncio.TaskGroup().run(async (g) => {
      g.create_task(crash_after(0.1));
      t2 = g.create_task(tally.sleep(1));
    });
    tally.done += 10;
  }
  const e = await group(asyncio.create_task(runner()));
  if (e === null) check("ExceptionGroup", null, "ExceptionGroup");
  else check("error types", get_error_types(e), ["ValueError"]);
  check("NUM", tally.done, 0);
  check("t2 saw the cancellation", tally.cancels === 1, true);
  check("t2 cancelled", await cancelled(t2), true);
}

async function test_cancel_children_on_child_error() {
  const tally = new Tally();
  let runner_cancel = false;
  async function runner() {
    await new asyncio.TaskGroup().run(async (g) => {
      for (let i = 0; i < 3; i++) g.create_task(crash_after(0.1));
      g.create_task(tally.sleep(5));
      try {
        await asyncio.sleep(10);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) runner_cancel = true;
        throw e;
      }
    });
    tally.done += 10;
  }
  const e = await group(asyncio.create_task(runner()));
  check("error types", e && get_error_types(e), ["ValueError"]);
  check("NUM", tally.done, 0);
  check("t2 saw the cancellation", tally.cancels === 1, true);
  check("the body saw the cancellation", runner_cancel, true);
}

async function test_cancellation() {
  const tally = new Tally();
  async function runner() {
    await new asyncio.TaskGroup().run(async (g) => {
      for (let i = 0; i < 5; i++) g.create_task(tally.sleep(5));
    });
  }
  const r = await cancel_soon(runner());
  check("CancelledError", await raises_cancelled(r), true);
  check("NUM", tally.cancels, 5);
}

async function test_taskgroup_07() {
  const tally = new Tally();
  let NUM = 0;
  async function runner() {
    await new asyncio.TaskGroup().run(async (g) => {
      for (let i = 0; i < 5; i++) g.create_task(tally.sleep(5));
      try {
        await asyncio.sleep(10);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) NUM += 10;
        throw e;
      }
    });
  }
  const r = await cancel_soon(runner());
  check("CancelledError", await raises_cancelled(r), true);
  check("NUM", tally.cancels + NUM, 15);
}

async function test_taskgroup_08() {
  async function runner() {
    await new asyncio.TaskGroup().run(async (g) => {
      for (let i = 0; i < 5; i++) g.create_task(crash_when_cancelled());
      await asyncio.sleep(10);
    });
  }
  const e = await group(await cancel_soon(runner()));
  check("error types", e && get_error_types(e), ["ValueError"]);
}

async function test_taskgroup_09() {
  let t1: asyncio.Task | null = null;
  let t2: asyncio.Task | null = null;
  async function runner() {
    await new asyncio.TaskGroup().run(async (g) => {
      t1 = g.create_task(returns_after(1, 42));
      t2 = g.create_task(returns_after(2, 11));
      await asyncio.sleep(0.1);
      crash();
    });
  }
  const e = await group(runner());
  check("error types", e && get_error_types(e), ["ValueError"]);
  check("t1 cancelled", await cancelled(t1), true);
  check("t2 cancelled", await cancelled(t2), true);
}

async function test_taskgroup_10() {
  let t1: asyncio.Task | null = null;
  let t2: asyncio.Task | null = null;
  async function runner() {
    await new asyncio.TaskGroup().run(async (g) => {
      t1 = g.create_task(returns_after(1, 42));
      t2 = g.create_task(returns_after(2, 11));
      crash();
    });
  }
  const e = await group(runner());
  check("error types", e && get_error_types(e), ["ValueError"]);
  check("t1 cancelled", await cancelled(t1), true);
  check("t2 cancelled", await cancelled(t2), true);
}

async function test_taskgroup_11() {
  async function runner() {
    await new asyncio.TaskGroup().run(async () => {
      await new asyncio.TaskGroup().run(async (g2) => {
        for (let i = 0; i < 5; i++) g2.create_task(crash_when_cancelled());
        await asyncio.sleep(10);
      });
    });
  }
  const e = await group(await cancel_soon(runner()));
  check("error types", e && get_error_types(e), ["ExceptionGroup"]);
  check("inner error types", e && get_error_types(e.exceptions[0]), ["ValueError"]);
}

async function test_taskgroup_12() {
  async function runner() {
    await new asyncio.TaskGroup().run(async (g1) => {
      g1.create_task(sleep_coro(10));
      await new asyncio.TaskGroup().run(async (g2) => {
        for (let i = 0; i < 5; i++) g2.create_task(crash_when_cancelled());
        await asyncio.sleep(10);
      });
    });
  }
  const e = await group(await cancel_soon(runner()));
  check("error types", e && get_error_types(e), ["ExceptionGroup"]);
  check("inner error types", e && get_error_types(e.exceptions[0]), ["ValueError"]);
}

async function test_taskgroup_13() {
  async function runner() {
    await new asyncio.TaskGroup().run(async (g1) => {
      g1.create_task(crash_after(0.1));
      await new asyncio.TaskGroup().run(async (g2) => {
        g2.create_task(crash_after(10));
      });
    });
  }
  const e = await group(asyncio.create_task(runner()));
  check("error types", e && get_error_types(e), ["ValueError"]);
}

async function test_taskgroup_14() {
  async function runner() {
    await new asyncio.TaskGroup().run(async (g1) => {
      g1.create_task(crash_after(10));
      await new asyncio.TaskGroup().run(async (g2) => {
        g2.create_task(crash_after(0.1));
      });
    });
  }
  const e = await group(asyncio.create_task(runner()));
  check("error types", e && get_error_types(e), ["ExceptionGroup"]);
  check("inner error types", e && get_error_types(e.exceptions[0]), ["ValueError"]);
}

async function test_taskgroup_15() {
  async function runner() {
    await new asyncio.TaskGroup().run(async (g1) => {
      g1.create_task(crash_after(0.3));
      try {
        await asyncio.sleep(10);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) await asyncio.sleep(0.5);
        throw e;
      }
    });
  }
  const e = await group(await cancel_soon(runner()));
  check("error types", e && get_error_types(e), ["ValueError"]);
}

async function test_taskgroup_16() {
  async function nested_runner() {
    await new asyncio.TaskGroup().run(async (g1) => {
      g1.create_task(crash_after(0.3));
      try {
        await asyncio.sleep(10);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) await asyncio.sleep(0.5);
        throw e;
      }
    });
  }
  async function runner() {
    const t = asyncio.create_task(nested_runner());
    await t;
  }
  const e = await group(await cancel_soon(runner()));
  check("error types", e && get_error_types(e), ["ValueError"]);
}

async function test_taskgroup_17() {
  let NUM = 0;
  async function runner() {
    await new asyncio.TaskGroup().run(async () => {
      try {
        await asyncio.sleep(10);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) NUM += 10;
        throw e;
      }
    });
  }
  const r = await cancel_soon(runner());
  check("CancelledError", await raises_cancelled(r), true);
  check("NUM", NUM, 10);
}

async function test_taskgroup_18() {
  let NUM = 0;
  async function runner() {
    await new asyncio.TaskGroup().run(async () => {
      try {
        await asyncio.sleep(10);
      } catch (e) {
        if (!(e instanceof asyncio.CancelledError)) throw e;
        NUM += 10;
        // This isn't a good idea, but we have to support this weird case.
        throw new MyExc();
      }
    });
  }
  const e = await group(await cancel_soon(runner()));
  check("error types", e && get_error_types(e), ["MyExc"]);
  check("NUM", NUM, 10);
}

async function test_taskgroup_19() {
  async function nested() {
    try {
      await asyncio.sleep(10);
    } finally {
      throw new MyExc();
    }
  }
  async function runner() {
    await new asyncio.TaskGroup().run(async (g) => {
      g.create_task(crash_after(0.1));
      await nested();
    });
  }
  const e = await group(asyncio.create_task(runner()));
  check("error types", e && get_error_types(e), ["MyExc", "ValueError"]);
}

async function test_taskgroup_20a() {
  async function nested() {
    try {
      await asyncio.sleep(10);
    } finally {
      throw new MyBaseExc();
    }
  }
  async function runner() {
    await new asyncio.TaskGroup().run(async (g) => {
      g.create_task(crash_after(0.1));
      await nested();
    });
  }
  const e = await raises(runner(), asyncio.BaseExceptionGroup);
  check("a BaseExceptionGroup", e !== null && !(e instanceof asyncio.ExceptionGroup), true);
  check("error types", e && get_error_types(e), ["MyBaseExc", "ValueError"]);
}

async function test_taskgroup_21a() {
  async function crash_soon() {
    await asyncio.sleep(0.1);
    throw new MyBaseExc();
  }
  async function nested() {
    try {
      await asyncio.sleep(10);
    } finally {
      throw new TypeError();
    }
  }
  async function runner() {
    await new asyncio.TaskGroup().run(async (g) => {
      g.create_task(crash_soon());
      await nested();
    });
  }
  const e = await raises(runner(), asyncio.BaseExceptionGroup);
  check("a BaseExceptionGroup", e !== null && !(e instanceof asyncio.ExceptionGroup), true);
  check("error types", e && get_error_types(e), ["MyBaseExc", "TypeError"]);
}

async function test_taskgroup_22() {
  async function runner() {
    await new asyncio.TaskGroup().run(async (g) => {
      g.create_task(returns_after(1, 42));
      g.create_task(returns_after(2, 11));
    });
  }
  const r = asyncio.create_task(runner());
  await asyncio.sleep(0.05);
  r.cancel();
  check("CancelledError", await raises_cancelled(r), true);
}

async function test_taskgroup_23() {
  async function do_job(delay: number) {
    await asyncio.sleep(delay);
  }
  await new asyncio.TaskGroup().run(async (g) => {
    for (let count = 0; count < 10; count++) {
      await asyncio.sleep(0.1);
      g.create_task(do_job(0.3));
      if (count === 5) check("fewer than 5 running", g._tasks.length < 5, true);
    }
    await asyncio.sleep(1.35);
    check("none running", g._tasks.length, 0);
  });
}

async function test_taskgroup_24() {
  async function coro1(delay: number) {
    await asyncio.sleep(delay);
  }
  async function root(g: asyncio.TaskGroup) {
    await asyncio.sleep(0.1);
    g.create_task(coro1(0.1));
    g.create_task(coro1(0.2));
  }
  async function runner() {
    await new asyncio.TaskGroup().run(async (g) => {
      g.create_task(root(g));
    });
  }
  await runner();
  check("children of children waited for", true, true);
}

async function test_taskgroup_25() {
  let nhydras = 0;
  async function hydra(g: asyncio.TaskGroup) {
    nhydras += 1;
    await asyncio.sleep(0.01);
    g.create_task(hydra(g));
    g.create_task(hydra(g));
  }
  async function hercules() {
    while (nhydras < 10) await asyncio.sleep(0.015);
    crash();
  }
  async function runner() {
    await new asyncio.TaskGroup().run(async (g) => {
      g.create_task(hydra(g));
      g.create_task(hercules());
    });
  }
  const e = await group(runner());
  check("error types", e && get_error_types(e), ["ValueError"]);
  check("at least 10 hydras", nhydras >= 10, true);
}

async function main() {
  const tests: [string, () => Promise<void>][] = [
    ["test_taskgroup_01", test_taskgroup_01],
    ["test_taskgroup_02", test_taskgroup_02],
    ["test_taskgroup_03", test_taskgroup_03],
    ["test_taskgroup_04", test_taskgroup_04],
    ["test_cancel_children_on_child_error", test_cancel_children_on_child_error],
    ["test_cancellation", test_cancellation],
    ["test_taskgroup_07", test_taskgroup_07],
    ["test_taskgroup_08", test_taskgroup_08],
    ["test_taskgroup_09", test_taskgroup_09],
    ["test_taskgroup_10", test_taskgroup_10],
    ["test_taskgroup_11", test_taskgroup_11],
    ["test_taskgroup_12", test_taskgroup_12],
    ["test_taskgroup_13", test_taskgroup_13],
    ["test_taskgroup_14", test_taskgroup_14],
    ["test_taskgroup_15", test_taskgroup_15],
    ["test_taskgroup_16", test_taskgroup_16],
    ["test_taskgroup_17", test_taskgroup_17],
    ["test_taskgroup_18", test_taskgroup_18],
    ["test_taskgroup_19", test_taskgroup_19],
    ["test_taskgroup_20a", test_taskgroup_20a],
    ["test_taskgroup_21a", test_taskgroup_21a],
    ["test_taskgroup_22", test_taskgroup_22],
    ["test_taskgroup_23", test_taskgroup_23],
    ["test_taskgroup_24", test_taskgroup_24],
    ["test_taskgroup_25", test_taskgroup_25],
  ];
  await run(tests);
}

asyncio.run(main());
