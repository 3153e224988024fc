// timeout() and timeout_ms(): CPython 3.11's asyncio.timeout() (MicroPython has none). JS has
// no `async with`, so the body is a callback: `await asyncio.timeout_ms(500, async () => ...)`
// returns the body's value; at the deadline the task running it is cancelled, and when that
// cancellation ends the body, TimeoutError is raised instead. CPython's rules hold: nested
// timeouts each claim only their own cancellation (the outer one's reaches the inner body as
// CancelledError), a body that swallows the cancellation returns normally, and a task that is
// also cancelled by someone else gets CancelledError (Task.nc counts the cancel() calls, as
// CPython's cancelling()/uncancel()). The deadline is a watchdog task, cancelled on the way out.
import { CancelledError, TimeoutError } from "../runtime/errors";
import * as core from "./core";

export async function timeout_ms(ms: number | null, body: () => any) {
  if (ms === null || ms === undefined) return await body();
  const task = core.current_task();
  const base = task.nc;
  let expired = false;
  const dog = core.create_task(
    (async function () {
      await core.sleep_ms(ms);
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
  return await timeout_ms(s === null || s === undefined ? null : Math.round(s * 1000), body);
}
