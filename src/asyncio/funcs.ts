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
    // The waiter is still sleeping: wake it with the outcome.
    if (waiter.cancel()) waiter.data = new CancelledError(status, result);
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

  const runner_task = core.create_task(_run(core._hot.cur!, aw));
  try {
    await s;
  } catch (er) {
    if (!(er instanceof CancelledError)) throw er;
    const status = er.args[0];
    if (status === undefined) {
      // This wait_for was cancelled from outside: cancel aw and re-raise at once.
      runner_task.cancel();
      throw er;
    } else if (status === true) {
      return er.args[1];
    } else {
      throw status;
    }
  }
  // Timed out: cancel aw, wait until it has finished (it may ignore the cancellation).
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
    !(o instanceof Coro) &&
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
    if (gather_task.data !== _Remove) {
      // Already woken (another member failed) or cancelled from outside.
      return;
    } else if (!return_exceptions && failed) {
      state = er;
    } else {
      state--;
      if (state) return;
    }
    core._hot.push(gather_task);
  }

  const ts: any[] = [];
  for (let i = 0; i < aws.length; i++) ts[i] = core._promote_to_task(aws[i]);
  for (let i = 0; i < ts.length; i++) {
    const st = ts[i].state;
    if (st === true) {
      ts[i].state = done;
      state++;
    } else if (!st) {
      if (ts[i].x && !return_exceptions) state = -ts.length;
    } else {
      throw new RuntimeError("can't gather");
    }
  }

  gather_task = core._hot.cur!;
  let cancel_all = false;
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

  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if (t.state === done) {
      // Still running: detach it, and cancel it if the gather itself was cancelled.
      t.state = true;
      if (cancel_all) t.cancel();
    } else if (!t.x) {
      ts[i] = t.data;
    } else if (return_exceptions) {
      ts[i] = t.data;
    } else if (typeof state === "number") {
      state = t.data;
    }
  }
  if (typeof state !== "number") throw state;
  return ts;
}
