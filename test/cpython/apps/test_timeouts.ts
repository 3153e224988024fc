// Port of test/cpython/test_timeouts.py: CPython 3.11's own timeout tests
// (test_asyncio/test_timeouts.py), the same assertions; its output must equal what CPython
// prints (test/cpython/test_timeouts.exp). `async with asyncio.timeout(s): body` is
// `await asyncio.timeout(s, async () => body)`; time.sleep() blocks (on the sim board it moves
// the virtual clock, as the real one moves under CPython); cancel_me() as in the .py.
import * as asyncio from "asyncio";
import * as time from "time";
import { check, run } from "./cases";

function ms(): number {
  return time.ticks_ms();
}

function cancel_me(): void {
  const t = asyncio.current_task();
  asyncio.create_task(
    (async () => {
      t.cancel();
    })(),
  );
}

async function test_timeout_basic() {
  try {
    await asyncio.timeout(0.01, async () => {
      await asyncio.sleep(10);
    });
    check("TimeoutError", null, "TimeoutError");
  } catch (e) {
    if (!(e instanceof asyncio.TimeoutError)) throw e;
    check("TimeoutError", "TimeoutError", "TimeoutError");
  }
}

async function test_nested_timeouts() {
  let cancelled = false;
  try {
    await asyncio.timeout(0.01, async () => {
      // Only the topmost context manager should raise TimeoutError
      try {
        await asyncio.timeout(0.01, async () => {
          await asyncio.sleep(10);
        });
      } catch (e) {
        if (e instanceof asyncio.CancelledError) cancelled = true;
        throw e;
      }
    });
    check("TimeoutError", null, "TimeoutError");
  } catch (e) {
    if (!(e instanceof asyncio.TimeoutError)) throw e;
    check("TimeoutError", "TimeoutError", "TimeoutError");
  }
  check("inner saw CancelledError", cancelled, true);
}

async function test_waiter_cancelled() {
  let cancelled = false;
  try {
    await asyncio.timeout(0.01, async () => {
      try {
        await asyncio.sleep(10);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) cancelled = true;
        throw e;
      }
    });
  } catch (e) {
    if (!(e instanceof asyncio.TimeoutError)) throw e;
    check("TimeoutError", true, true);
  }
  check("waiter cancelled", cancelled, true);
}

async function test_timeout_not_called() {
  await asyncio.timeout(10, async () => {
    await asyncio.sleep(0.01);
  });
  check("no TimeoutError", true, true);
}

async function test_timeout_disabled() {
  await asyncio.timeout(null, async () => {
    await asyncio.sleep(0.01);
  });
  check("no TimeoutError", true, true);
}

async function body_raises(s: number, body: () => any) {
  try {
    await asyncio.timeout(s, async () => {
      await body();
    });
  } catch (e) {
    if (!(e instanceof asyncio.Exception)) throw e;
    return e.name;
  }
  return null;
}

async function test_timeout_zero() {
  check("TimeoutError", await body_raises(0, () => asyncio.sleep(10)), "TimeoutError");
}

async function test_timeout_zero_sleep_zero() {
  check("TimeoutError", await body_raises(0, () => asyncio.sleep(0)), "TimeoutError");
}

async function test_timeout_in_the_past_sleep_zero() {
  check("TimeoutError", await body_raises(-11, () => asyncio.sleep(0)), "TimeoutError");
}

async function test_foreign_exception_passed() {
  async function crash() {
    throw new asyncio.KeyError("crash");
  }
  check("KeyError", await body_raises(0.01, crash), "KeyError");
}

async function test_foreign_exception_on_timeout() {
  async function crash() {
    try {
      await asyncio.sleep(1);
    } finally {
      throw new asyncio.KeyError("crash");
    }
  }
  check("KeyError", await body_raises(0.01, crash), "KeyError");
}

async function test_foreign_cancel_doesnt_timeout_if_not_expired() {
  try {
    await asyncio.timeout(10, async () => {
      cancel_me();
      await asyncio.sleep(10);
    });
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    check("CancelledError", true, true);
  }
}

async function test_outer_task_is_not_cancelled() {
  async function outer() {
    try {
      await asyncio.timeout(0.001, async () => {
        await asyncio.sleep(10);
      });
    } catch (e) {
      if (!(e instanceof asyncio.TimeoutError)) throw e;
      check("TimeoutError", true, true);
    }
  }
  const task = asyncio.create_task(outer());
  await task;
  check("done, not cancelled", task.done(), true);
}

async function test_nested_timeouts_concurrent() {
  try {
    await asyncio.timeout(0.002, async () => {
      try {
        await asyncio.timeout(0.1, async () => {
          // Pretend we crunch some numbers.
          time.sleep(0.01);
          await asyncio.sleep(1);
        });
      } catch (e) {
        if (!(e instanceof asyncio.TimeoutError)) throw e;
        check("inner TimeoutError", null, "CancelledError");
      }
    });
  } catch (e) {
    if (!(e instanceof asyncio.TimeoutError)) throw e;
    check("outer TimeoutError", true, true);
  }
}

async function test_nested_timeouts_loop_busy() {
  const t0 = ms();
  try {
    await asyncio.timeout(0.1, async () => {
      // (1)
      try {
        await asyncio.timeout(0.01, async () => {
          // (2) Pretend the loop is busy for a while.
          time.sleep(0.1);
          await asyncio.sleep(1);
        });
      } catch (e) {
        if (!(e instanceof asyncio.TimeoutError)) throw e;
        check("inner TimeoutError", true, true);
      }
      // TimeoutError was caught by (2)
      await asyncio.sleep(10); // This sleep should be interrupted by (1)
    });
  } catch (e) {
    if (!(e instanceof asyncio.TimeoutError)) throw e;
    check("outer TimeoutError", true, true);
  }
  const t1 = ms();
  check("within a second", t0 <= t1 && t1 <= t0 + 1000, true);
}

async function test_nested_timeout_in_finally() {
  try {
    await asyncio.timeout(0.01, async () => {
      try {
        await asyncio.sleep(1);
      } finally {
        try {
          await asyncio.timeout(0.01, async () => {
            await asyncio.sleep(10);
          });
        } catch (e) {
          if (!(e instanceof asyncio.TimeoutError)) throw e;
          check("inner TimeoutError", true, true);
        }
      }
    });
  } catch (e) {
    if (!(e instanceof asyncio.TimeoutError)) throw e;
    check("outer TimeoutError", true, true);
  }
}

async function test_timeout_after_cancellation() {
  try {
    cancel_me();
    await asyncio.sleep(1); // work which will be cancelled
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
  } finally {
    check("TimeoutError", await body_raises(0.0, () => asyncio.sleep(1)), "TimeoutError");
  }
}

async function test_cancel_in_timeout_after_cancellation() {
  try {
    cancel_me();
    await asyncio.sleep(1); // work which will be cancelled
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
  } finally {
    try {
      await asyncio.timeout(1.0, async () => {
        cancel_me();
        await asyncio.sleep(2); // some cleanup
      });
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      check("CancelledError", true, true);
    }
  }
}

async function main() {
  const tests: [string, () => Promise<void>][] = [
    ["test_timeout_basic", test_timeout_basic],
    ["test_nested_timeouts", test_nested_timeouts],
    ["test_waiter_cancelled", test_waiter_cancelled],
    ["test_timeout_not_called", test_timeout_not_called],
    ["test_timeout_disabled", test_timeout_disabled],
    ["test_timeout_zero", test_timeout_zero],
    ["test_timeout_zero_sleep_zero", test_timeout_zero_sleep_zero],
    ["test_timeout_in_the_past_sleep_zero", test_timeout_in_the_past_sleep_zero],
    ["test_foreign_exception_passed", test_foreign_exception_passed],
    ["test_foreign_exception_on_timeout", test_foreign_exception_on_timeout],
    ["test_foreign_cancel_doesnt_timeout_if_not_expired", test_foreign_cancel_doesnt_timeout_if_not_expired],
    ["test_outer_task_is_not_cancelled", test_outer_task_is_not_cancelled],
    ["test_nested_timeouts_concurrent", test_nested_timeouts_concurrent],
    ["test_nested_timeouts_loop_busy", test_nested_timeouts_loop_busy],
    ["test_nested_timeout_in_finally", test_nested_timeout_in_finally],
    ["test_timeout_after_cancellation", test_timeout_after_cancellation],
    ["test_cancel_in_timeout_after_cancellation", test_cancel_in_timeout_after_cancellation],
  ];
  await run(tests);
}

asyncio.run(main());
