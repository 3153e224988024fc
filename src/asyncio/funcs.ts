// wait_for, wait_for_ms and gather (MicroPython's extmod/asyncio/funcs.py).
import { Task } from "./task";
import { CancelledError, TimeoutError, RuntimeError } from "../runtime/errors";
import { Coro } from "../runtime/coro";
import * as core from "./core";

// Runs aw for a waiting wait_for(): when aw finishes first it cancels the waiter's sleep and
// hands it aw's outcome inside the CancelledError.
async function _run(waiter: Task, aw: any) {
  let result: any;
  let status: any;
  try {
    result = await aw;
    status = true;
  } catch (er) {
    result = null;
    status = er;
  }
  if (waiter.data === null) {
    // The waiter is still waiting, cancel it.
    if (waiter.cancel()) {
      // Waiter was cancelled by us, change its CancelledError to an instance of
      // CancelledError that contains the status and result of waiting on aw.
      // If the wait_for task subsequently gets cancelled externally then this
      // instance will be reset to a CancelledError instance without arguments.
      waiter.data = new CancelledError(status, result);
    }
  }
}

// timeout in seconds; null (MicroPython's None) or undefined waits without a timeout.
export async function wait_for(aw: any, timeout: number | null | undefined, sleep: (t: number) => any = core.sleep) {
  // The sleep is made first, so that a bad timeout (NaN, a string...) raises before aw starts
  // running as a task nobody waits for. Making it does not read time twice: sleep() computes
  // the wake tick now, and creating the tasks below takes no time.
  const s = timeout === null || timeout === undefined ? null : sleep(timeout);
  aw = core._promote_to_task(aw);
  if (s === null) return await aw;

  // Run aw in a separate runner task that manages its exceptions.
  const runner_task = core.create_task(_run(core._hot.cur!, aw));
  try {
    // Wait for the timeout to elapse.
    await s;
  } catch (er) {
    if (!(er instanceof CancelledError)) throw er;
    const status = er.args[0];
    if (status === undefined) {
      // This wait_for was cancelled from outside: cancel aw and re-raise at once.
      runner_task.cancel();
      throw er;
    } else if (status === true) {
      // aw completed successfully and cancelled the sleep, so return aw's result.
      return er.args[1];
    } else {
      // aw raised an exception, propagate it out to the caller.
      throw status;
    }
  }
  // The sleep finished before aw, so cancel aw and raise TimeoutError (once aw has finished:
  // it may ignore the cancellation).
  runner_task.cancel();
  await runner_task;
  throw new TimeoutError();
}

export function wait_for_ms(aw: any, timeout: number | null | undefined) {
  return wait_for(aw, timeout, core.sleep_ms);
}

// gather's task.data while it waits: cancel() finds nothing to unlink.
const _Remove = {
  remove(_t: Task): void {},
};

function is_options(o: any): boolean {
  return (
    o !== null &&
    typeof o === "object" &&
    !(o instanceof Task) &&
    !(__ES5__ && o instanceof Coro) &&
    typeof o.next !== "function" &&
    typeof o.then !== "function"
  );
}

// gather(...aws) or gather(...aws, {return_exceptions: true}).
export function gather(...aws: any[]) {
  let return_exceptions = false;
  if (aws.length > 0 && is_options(aws[aws.length - 1])) {
    // pop(): Espruino's array length is read-only.
    return_exceptions = !!aws.pop().return_exceptions;
  }
  return _gather(aws, return_exceptions);
}

// Lazy like MicroPython's generator: the members become tasks when the gather is awaited.
async function _gather(aws: any[], return_exceptions: boolean) {
  // Counts the members to wait for; an exception once one failed (return_exceptions off);
  // negative when a member had failed before the gather, so it must not wait at all.
  let state: any = 0;
  let gather_task: Task;

  function done(_t: Task, er: any, failed: boolean): void {
    // Sub-task _t has finished: with exception er when `failed`.
    if (gather_task.data !== _Remove) {
      // The main gather task has already been scheduled, so do nothing. This happens if
      // another sub-task already raised an exception and woke the main gather task (via this
      // done function), or if the main gather task was cancelled externally.
      return;
    } else if (!return_exceptions && failed) {
      // A sub-task raised an exception, indicate that to the gather task.
      state = er;
    } else {
      state--;
      // Still some sub-tasks running.
      if (state) return;
    }
    // Gather waiting is done, schedule the main gather task.
    core._hot.push(gather_task);
  }

  // Prepare the sub-tasks for the gather.
  const ts: any[] = [];
  for (let i = 0; i < aws.length; i++) ts[i] = core._promote_to_task(aws[i]);
  for (let i = 0; i < ts.length; i++) {
    const st = ts[i].state;
    if (st === true) {
      // Task is running, register the callback to call when the task is done.
      ts[i].state = done;
      state++;
    } else if (!st) {
      // Task finished already; if by raising an exception (and return_exceptions is off),
      // do not run this gather at all.
      if (ts[i].x && !return_exceptions) state = -ts.length;
    } else {
      // Task being waited on, gather not currently supported for this case.
      throw new RuntimeError("can't gather");
    }
  }

  // Set the state for execution of the gather.
  gather_task = core._hot.cur!;
  let cancel_all = false;
  // Wait for a sub-task to need attention (if there are any to wait for).
  if (state > 0) {
    gather_task.data = _Remove;
    try {
      await core._never;
    } catch (er) {
      if (!(er instanceof CancelledError)) throw er;
      cancel_all = true;
      state = er;
    }
  }

  // Clean up tasks.
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if (t.state === done) {
      // Sub-task is still running, deregister the callback and cancel if needed.
      t.state = true;
      if (cancel_all) t.cancel();
    } else if (!t.x) {
      // Sub-task ran to completion, get its return value.
      ts[i] = t.data;
    } else if (return_exceptions) {
      // Get the sub-task exception to return in the list of return values.
      ts[i] = t.data;
    } else if (typeof state === "number") {
      // Raise the sub-task exception, if there is not already an exception to raise.
      state = t.data;
    }
  }
  // Either this gather was cancelled, or one of the sub-tasks raised an exception with
  // return_exceptions off, so reraise the exception here.
  if (typeof state !== "number") throw state;
  // Return the list of return values of each sub-task.
  return ts;
}
