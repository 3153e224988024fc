// Port of test/cpython/test_barriers.py: CPython 3.11's own Barrier tests (test_asyncio/
// test_locks.py), the same assertions; its output must equal what CPython prints
// (test/cpython/test_barriers.exp). `async with barrier as i:` is
// `const i = await barrier.__aenter__(); try { ... } finally { await barrier.__aexit__(); }`.
import * as asyncio from "asyncio";
import { range } from "../../conformance/py";
import { check, run, raises_cancelled } from "./cases";

const N = 5;

const state = (b: asyncio.Barrier): string => b._state;
const trues = (n: number): boolean[] => range(n).map(() => true);

function make_tasks(n: number, coro: () => any): asyncio.Task[] {
  const ts: asyncio.Task[] = [];
  for (let i = 0; i < n; i++) ts.push(asyncio.create_task(coro()));
  return ts;
}

async function gather_tasks(n: number, coro: () => any) {
  const tasks = make_tasks(n, coro);
  const res = await asyncio.gather(...tasks);
  return res;
}

function is_broken(e: any): boolean {
  if (e instanceof asyncio.BrokenBarrierError) return true;
  throw e;
}

async function test_barrier() {
  const barrier = new asyncio.Barrier(N);
  check("filling", state(barrier), "filling");
}

async function test_repr() {
  const barrier = new asyncio.Barrier(N);
  check("filling", state(barrier), "filling");
  const waiters: asyncio.Task[] = [];
  async function wait(barrier: asyncio.Barrier) {
    try {
      await barrier.wait();
    } catch (e) {
      is_broken(e);
    }
  }
  const incr = 2;
  for (let i = 0; i < incr; i++) waiters.push(asyncio.create_task(wait(barrier)));
  await asyncio.sleep(0);
  check("waiters", [barrier.n_waiting, barrier.parties], [incr, N]);
  check("still filling", state(barrier), "filling");
  const missing = barrier.parties - barrier.n_waiting;
  for (let i = 0; i < missing; i++) waiters.push(asyncio.create_task(wait(barrier)));
  await asyncio.sleep(0);
  check("draining", state(barrier), "draining");
  for (let i = 0; i < incr; i++) waiters.push(asyncio.create_task(wait(barrier)));
  await asyncio.sleep(0);
  await barrier.reset();
  check("resetting", state(barrier), "resetting");
  for (let i = 0; i < incr; i++) waiters.push(asyncio.create_task(wait(barrier)));
  await asyncio.sleep(0);
  await barrier.abort();
  check("broken", state(barrier), "broken");
  check("broken flag", barrier.broken, true);
  await asyncio.gather(...waiters, { return_exceptions: true });
}

async function test_barrier_parties() {
  for (const p of [0, -4]) {
    try {
      new asyncio.Barrier(p);
      check(`ValueError for ${p}`, null, "ValueError");
    } catch (e) {
      if (!(e instanceof asyncio.ValueError)) throw e;
      check(`ValueError for ${p}`, "ValueError", "ValueError");
    }
  }
  check("a Barrier", new asyncio.Barrier(N) instanceof asyncio.Barrier, true);
}

async function test_context_manager() {
  const n = 3;
  const barrier = new asyncio.Barrier(n);
  const results: number[] = [];
  async function coro() {
    const i = await barrier.__aenter__();
    try {
      results.push(i);
    } finally {
      await barrier.__aexit__();
    }
  }
  await gather_tasks(n, coro);
  check("indices", results.sort(), range(n));
  check("n_waiting", barrier.n_waiting, 0);
  check("not broken", barrier.broken, false);
}

async function test_filling_one_task() {
  const barrier = new asyncio.Barrier(1);
  async function f() {
    await barrier.__aenter__();
    try {
      return true;
    } finally {
      await barrier.__aexit__();
    }
  }
  const ret = await f();
  check("ret", ret, true);
  check("n_waiting", barrier.n_waiting, 0);
  check("not broken", barrier.broken, false);
}

async function test_filling_one_task_twice() {
  const barrier = new asyncio.Barrier(1);
  const t1 = asyncio.create_task(barrier.wait());
  await asyncio.sleep(0);
  check("n_waiting", barrier.n_waiting, 0);
  const t2 = asyncio.create_task(barrier.wait());
  await asyncio.sleep(0);
  check("done alike", t1.done(), t2.done());
  check("same result", await t1, await t2);
  check("n_waiting at the end", barrier.n_waiting, 0);
  check("not broken", barrier.broken, false);
}

async function test_filling_task_by_task() {
  const barrier = new asyncio.Barrier(3);
  const t1 = asyncio.create_task(barrier.wait());
  await asyncio.sleep(0);
  check("1 waiting", barrier.n_waiting, 1);
  check("filling", state(barrier), "filling");
  const t2 = asyncio.create_task(barrier.wait());
  await asyncio.sleep(0);
  check("2 waiting", barrier.n_waiting, 2);
  check("still filling", state(barrier), "filling");
  const t3 = asyncio.create_task(barrier.wait());
  await asyncio.sleep(0);
  await asyncio.gather(t1, t2, t3);
  check("n_waiting", barrier.n_waiting, 0);
  check("not broken", barrier.broken, false);
}

async function test_filling_tasks_wait_twice() {
  const barrier = new asyncio.Barrier(N);
  const results: boolean[] = [];
  async function coro() {
    await barrier.__aenter__();
    try {
      results.push(true);
      await barrier.__aenter__();
      try {
        results.push(false);
      } finally {
        await barrier.__aexit__();
      }
    } finally {
      await barrier.__aexit__();
    }
  }
  await gather_tasks(N, coro);
  const count = (v: boolean) => results.filter((x) => x === v).length;
  check("count", [results.length, count(true), count(false)], [N * 2, N, N]);
  check("n_waiting", barrier.n_waiting, 0);
  check("not broken", barrier.broken, false);
}

async function test_filling_tasks_check_return_value() {
  const barrier = new asyncio.Barrier(N);
  const results1: boolean[] = [];
  const results2: boolean[] = [];
  async function coro() {
    await barrier.__aenter__();
    try {
      results1.push(true);
      const i = await barrier.__aenter__();
      try {
        results2.push(true);
        return i;
      } finally {
        await barrier.__aexit__();
      }
    } finally {
      await barrier.__aexit__();
    }
  }
  const res = await gather_tasks(N, coro);
  check("results1", results1, trues(N));
  check("results2", results2, trues(N));
  check("indices", res.sort(), range(N));
  check("n_waiting", barrier.n_waiting, 0);
  check("not broken", barrier.broken, false);
}

async function test_draining_state() {
  const barrier = new asyncio.Barrier(N);
  const results: boolean[] = [];
  async function coro() {
    await barrier.__aenter__();
    try {
      // barrier state change to filling for the last task release
      results.push(state(barrier) === "draining");
    } finally {
      await barrier.__aexit__();
    }
  }
  await gather_tasks(N, coro);
  check("results", results, [...trues(N - 1), false]);
  check("n_waiting", barrier.n_waiting, 0);
  check("not broken", barrier.broken, false);
}

async function test_blocking_tasks_while_draining() {
  const rewait = 2;
  const barrier = new asyncio.Barrier(N);
  const barrier_nowaiting = new asyncio.Barrier(N - rewait);
  let rewait_n = rewait;
  async function coro() {
    await barrier.wait();
    if (rewait_n > 0) {
      rewait_n -= 1;
      await barrier.wait();
    } else {
      await barrier_nowaiting.wait();
      await barrier.wait();
    }
  }
  await gather_tasks(N, coro);
  check("all passed", true, true);
}

async function test_filling_tasks_cancel_one() {
  const barrier = new asyncio.Barrier(3);
  const results: boolean[] = [];
  async function coro() {
    await barrier.wait();
    results.push(true);
  }
  const t1 = asyncio.create_task(coro());
  await asyncio.sleep(0);
  check("1 waiting", barrier.n_waiting, 1);
  const t2 = asyncio.create_task(coro());
  await asyncio.sleep(0);
  check("2 waiting", barrier.n_waiting, 2);
  t1.cancel();
  await asyncio.sleep(0);
  check("1 waiting after cancel", barrier.n_waiting, 1);
  check("CancelledError", await raises_cancelled(t1), true);
  const t3 = asyncio.create_task(coro());
  await asyncio.sleep(0);
  check("2 waiting again", barrier.n_waiting, 2);
  const t4 = asyncio.create_task(coro());
  await asyncio.gather(t2, t3, t4);
  check("results", results, trues(3));
  check("n_waiting", barrier.n_waiting, 0);
  check("not broken", barrier.broken, false);
}

async function test_reset_barrier() {
  const barrier = new asyncio.Barrier(1);
  asyncio.create_task(barrier.reset());
  await asyncio.sleep(0);
  check("n_waiting", barrier.n_waiting, 0);
  check("not broken", barrier.broken, false);
}

async function test_reset_barrier_while_tasks_waiting() {
  const barrier = new asyncio.Barrier(N);
  const results: boolean[] = [];
  async function coro() {
    try {
      await barrier.wait();
    } catch (e) {
      if (is_broken(e)) results.push(true);
    }
  }
  async function coro_reset() {
    await barrier.reset();
  }
  const tasks = make_tasks(N - 1, coro);
  await asyncio.sleep(0);
  asyncio.create_task(coro_reset());
  await asyncio.gather(...tasks);
  check("results", results, trues(N - 1));
  check("n_waiting", barrier.n_waiting, 0);
  check("not resetting", state(barrier) === "resetting", false);
  check("not broken", barrier.broken, false);
}

async function test_reset_barrier_when_tasks_half_draining() {
  const barrier = new asyncio.Barrier(N);
  const results1: boolean[] = [];
  const rest_of_tasks = Math.floor(N / 2);
  async function coro() {
    let broken = false;
    try {
      await barrier.wait();
    } catch (e) {
      broken = is_broken(e);
      results1.push(true);
    }
    if (!broken && rest_of_tasks === barrier._count) await barrier.reset();
  }
  await gather_tasks(N, coro);
  check("results1", results1, trues(rest_of_tasks));
  check("n_waiting", barrier.n_waiting, 0);
  check("not resetting", state(barrier) === "resetting", false);
  check("not broken", barrier.broken, false);
}

async function test_reset_barrier_when_tasks_half_draining_half_blocking() {
  const barrier = new asyncio.Barrier(N);
  const results1: boolean[] = [];
  const results2: boolean[] = [];
  const blocking_tasks = Math.floor(N / 2);
  let count = 0;
  async function coro() {
    let broken = false;
    try {
      await barrier.wait();
    } catch (e) {
      broken = is_broken(e);
    }
    if (broken) {
      results1.push(true);
      await barrier.wait();
    } else {
      count += 1;
      if (count > blocking_tasks) {
        await barrier.reset();
        await barrier.wait();
      } else {
        try {
          await barrier.wait();
        } catch (e) {
          if (is_broken(e)) results2.push(true);
        }
      }
    }
  }
  await gather_tasks(N, coro);
  check("results1", results1, trues(blocking_tasks));
  check("results2", results2, []);
  check("n_waiting", barrier.n_waiting, 0);
  check("not resetting", state(barrier) === "resetting", false);
  check("not broken", barrier.broken, false);
}

async function test_reset_barrier_while_tasks_waiting_and_waiting_again() {
  const barrier = new asyncio.Barrier(N);
  const results1: boolean[] = [];
  const results2: boolean[] = [];
  async function coro1() {
    try {
      await barrier.wait();
    } catch (e) {
      if (is_broken(e)) results1.push(true);
    } finally {
      await barrier.wait();
      results2.push(true);
    }
  }
  async function coro2() {
    await barrier.__aenter__();
    try {
      results2.push(true);
    } finally {
      await barrier.__aexit__();
    }
  }
  const tasks = make_tasks(N - 1, coro1);
  asyncio.create_task(barrier.reset());
  await asyncio.sleep(0);
  asyncio.create_task(coro2());
  await asyncio.gather(...tasks);
  check("not broken", barrier.broken, false);
  check("results1", results1, trues(N - 1));
  check("results2", results2, trues(N));
  check("n_waiting", barrier.n_waiting, 0);
}

async function test_reset_barrier_while_tasks_draining() {
  const barrier = new asyncio.Barrier(N);
  const results1: boolean[] = [];
  const results2: boolean[] = [];
  const results3: boolean[] = [];
  let count = 0;
  async function coro() {
    await barrier.wait();
    count += 1;
    if (count === N) {
      await barrier.reset();
      await barrier.wait();
    } else {
      try {
        await barrier.wait();
        results1.push(true);
      } catch (e) {
        if (!(e instanceof asyncio.Exception)) throw e;
        results2.push(true);
      }
    }
    await barrier.wait();
    results3.push(true);
  }
  await gather_tasks(N, coro);
  check("not broken", barrier.broken, false);
  check("results1", results1, trues(N - 1));
  check("results2", results2, []);
  check("results3", results3, trues(N));
  check("n_waiting", barrier.n_waiting, 0);
}

async function test_abort_barrier() {
  const barrier = new asyncio.Barrier(1);
  asyncio.create_task(barrier.abort());
  await asyncio.sleep(0);
  check("n_waiting", barrier.n_waiting, 0);
  check("broken", barrier.broken, true);
}

async function test_abort_barrier_when_tasks_half_draining_half_blocking() {
  const barrier = new asyncio.Barrier(N);
  const results1: boolean[] = [];
  const results2: boolean[] = [];
  const blocking_tasks = Math.floor(N / 2);
  let count = 0;
  async function coro() {
    let broken = false;
    try {
      await barrier.wait();
    } catch (e) {
      broken = is_broken(e);
    }
    if (broken) {
      results1.push(true);
    } else {
      count += 1;
      if (count > blocking_tasks) {
        await barrier.abort();
      } else {
        try {
          await barrier.wait();
        } catch (e) {
          if (is_broken(e)) results2.push(true);
        }
      }
    }
  }
  await gather_tasks(N, coro);
  check("broken", barrier.broken, true);
  check("results1", results1, trues(blocking_tasks));
  check("results2", results2, trues(N - blocking_tasks - 1));
  check("n_waiting", barrier.n_waiting, 0);
  check("not resetting", state(barrier) === "resetting", false);
}

async function test_abort_barrier_when_exception() {
  const barrier = new asyncio.Barrier(N);
  const results1: boolean[] = [];
  const results2: boolean[] = [];
  async function coro() {
    try {
      const i = await barrier.__aenter__();
      try {
        if (i === Math.floor(N / 2)) throw new asyncio.RuntimeError();
      } finally {
        await barrier.__aexit__();
      }
      await barrier.__aenter__();
      try {
        results1.push(true);
      } finally {
        await barrier.__aexit__();
      }
    } catch (e) {
      if (e instanceof asyncio.BrokenBarrierError) results2.push(true);
      else if (e instanceof asyncio.RuntimeError) await barrier.abort();
      else throw e;
    }
  }
  await gather_tasks(N, coro);
  check("broken", barrier.broken, true);
  check("results1", results1, []);
  check("results2", results2, trues(N - 1));
  check("n_waiting", barrier.n_waiting, 0);
}

async function test_abort_barrier_when_exception_then_resetting() {
  const barrier1 = new asyncio.Barrier(N);
  const barrier2 = new asyncio.Barrier(N);
  const results1: boolean[] = [];
  const results2: boolean[] = [];
  const results3: boolean[] = [];
  async function coro() {
    try {
      const i = await barrier1.wait();
      if (i === Math.floor(N / 2)) throw new asyncio.RuntimeError();
      await barrier1.wait();
      results1.push(true);
    } catch (e) {
      if (e instanceof asyncio.BrokenBarrierError) results2.push(true);
      else if (e instanceof asyncio.RuntimeError) await barrier1.abort();
      else throw e;
    }
    const i = await barrier2.wait();
    if (i === Math.floor(N / 2)) await barrier1.reset();
    await barrier2.wait();
    await barrier1.wait();
    results3.push(true);
  }
  await gather_tasks(N, coro);
  check("not broken", barrier1.broken, false);
  check("results1", results1, []);
  check("results2", results2, trues(N - 1));
  check("results3", results3, trues(N));
  check("n_waiting", barrier1.n_waiting, 0);
}

async function main() {
  const tests: [string, () => Promise<void>][] = [
    ["test_barrier", test_barrier],
    ["test_repr", test_repr],
    ["test_barrier_parties", test_barrier_parties],
    ["test_context_manager", test_context_manager],
    ["test_filling_one_task", test_filling_one_task],
    ["test_filling_one_task_twice", test_filling_one_task_twice],
    ["test_filling_task_by_task", test_filling_task_by_task],
    ["test_filling_tasks_wait_twice", test_filling_tasks_wait_twice],
    ["test_filling_tasks_check_return_value", test_filling_tasks_check_return_value],
    ["test_draining_state", test_draining_state],
    ["test_blocking_tasks_while_draining", test_blocking_tasks_while_draining],
    ["test_filling_tasks_cancel_one", test_filling_tasks_cancel_one],
    ["test_reset_barrier", test_reset_barrier],
    ["test_reset_barrier_while_tasks_waiting", test_reset_barrier_while_tasks_waiting],
    ["test_reset_barrier_when_tasks_half_draining", test_reset_barrier_when_tasks_half_draining],
    ["test_reset_barrier_when_tasks_half_draining_half_blocking", test_reset_barrier_when_tasks_half_draining_half_blocking],
    ["test_reset_barrier_while_tasks_waiting_and_waiting_again", test_reset_barrier_while_tasks_waiting_and_waiting_again],
    ["test_reset_barrier_while_tasks_draining", test_reset_barrier_while_tasks_draining],
    ["test_abort_barrier", test_abort_barrier],
    ["test_abort_barrier_when_tasks_half_draining_half_blocking", test_abort_barrier_when_tasks_half_draining_half_blocking],
    ["test_abort_barrier_when_exception", test_abort_barrier_when_exception],
    ["test_abort_barrier_when_exception_then_resetting", test_abort_barrier_when_exception_then_resetting],
  ];
  await run(tests);
}

asyncio.run(main());
