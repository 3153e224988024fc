// timeout() and timeout_ms(): CPython 3.11's asyncio.timeout() (MicroPython has none). JS has
// no `async with`, so the body is a callback: `await asyncio.timeout_ms(500, async () => ...)`
// returns the body's value; at the deadline the task running it is cancelled, and when that
// cancellation ends the body, TimeoutError is raised instead. CPython's rules hold: nested
// timeouts each claim only their own cancellation (the outer one's reaches the inner body as
// CancelledError), a body that swallows the cancellation returns normally, and a task that is
// also cancelled by someone else gets CancelledError (Task.nc counts the cancel() calls, as
// CPython's cancelling()/uncancel()). The deadline is a watchdog task, cancelled on the way out.
import { CancelledError, TimeoutError, ValueError } from "../runtime/errors";
import { ticks_add, ticks_diff } from "../time/ticks";
import { driver } from "../runtime/driver";
import * as core from "./core";

export async function timeout_ms(ms: number | null, body: () => any) {
  if (ms === null || ms === undefined) return await body();
  // The deadline is taken here, as CPython's __aenter__ takes it: a body that blocks before
  // its first await still times out then (CPython's test_nested_timeouts_loop_busy), and a
  // bad delay raises here (MicroPython's messages), not in the watchdog task.
  if (typeof ms !== "number") throw new TypeError("can't convert " + typeof ms + " to int");
  if (ms !== ms) throw new ValueError("cannot convert float NaN to integer");
  const end = ticks_add(driver.ticks_ms(), ms > 0 ? Math.floor(ms) : 0);
  const task = core.current_task();
  const base = task.nc;
  let expired = false;
  const dog = core.create_task(
    (async function () {
      // A deadline already passed (timeout(0), a negative one) cancels at the watchdog's first
      // step, which comes before the body's first await returns, as CPython's call_soon.
      const left = ticks_diff(end, driver.ticks_ms());
      if (left > 0) await core.sleep_ms(left);
      expired = true;
      task.cancel();
    })(),
  );
  try {
    return await body();
  } catch (e) {
    if (expired) {
      expired = false;
      if (--task.nc <= base && e instanceof CancelledError) throw new TimeoutError();
    }
    throw e;
  } finally {
    if (expired)
      task.nc--; // expired, and the body swallowed it
    else if (!dog.done()) dog.cancel();
  }
}

export async function timeout(s: number | null, body: () => any) {
  if (s !== null && s !== undefined && typeof s !== "number") throw new TypeError("can't convert " + typeof s + " to float");
  return await timeout_ms(s === null || s === undefined ? null : Math.round(s * 1000), body);
}
