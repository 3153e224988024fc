// The rest of a task switch: what the loop's written-out common path (core.ts) leaves to
// functions of their own. Sending a value or an exception into the innermost coroutine,
// nested awaits, awaiting a Task (MicroPython's Task.__iter__/__next__) or a Promise, and a
// task's completion (the bookkeeping at the end of MicroPython's run_until_complete).
import { TaskQueue } from "./taskqueue";
import { Task } from "./task";
import { _hot, _yield, _never, _pending, _main } from "./core";
import { _report_unretrieved } from "./report";
import { await_thenable, _thens, settle_thens } from "./promise";
import { CancelledError, RuntimeError } from "../runtime/errors";
import { Coro, coro_resume, DONE } from "../runtime/coro";

// What the functions below hand back to the loop: the value to send into the innermost
// coroutine (_v), or to throw into it (_x: true). Module variables, not a returned pair: a
// switch allocates nothing.
export let _v: any = undefined;
export let _x = false;
// The main task's outcome went to a Task.then() callback (so it is not printed as an error).
export let _main_by_then = false;

export function is_generator(c: any): boolean {
  return c !== null && typeof c === "object" && typeof c.next === "function" && typeof c.throw === "function";
}

// The slow start of a step (t.aw is set): a finished task back for its unretrieved exception
// (false: done here), or true with what to send in (_v, _x): a pending exception, or the
// outcome of the Task or Promise awaited.
export function resume_value(t: Task): boolean {
  const d = t.data;
  if (t.f === null) {
    // Still nobody retrieved it (state null, not false): report it, as MicroPython does when
    // it meets a finished task in the run queue.
    if (t.state === null) _report_unretrieved(t, d);
    return false;
  }
  if (d !== null) {
    // Cancellation (or wait_for's outcome): thrown in where the innermost coroutine waits.
    t.data = null;
    t.aw = null;
    _v = d === CancelledError ? new CancelledError() : d;
    _x = true;
  } else {
    const a = t.aw!;
    t.aw = null;
    _v = a.data;
    _x = a.x;
  }
  return true;
}

// f awaits r, which is not sleep_ms's singleton. Returns true to resume t.f at once with
// _v/_x, false when the task is parked.
function await_other(t: Task, f: any, r: any): boolean {
  _v = undefined;
  _x = false;
  if (r === _never) return false;
  if (__ES5__ && r instanceof Coro ? r.p === null && r.label === 0 : is_generator(r) && !r.p) {
    // A nested await: the coroutine runs on this task's chain, not on the JS stack.
    r.p = f;
    t.f = r;
    return true;
  }
  if (r instanceof Task) {
    let st = r.state;
    // Not finished: the first waiter gets the queue of waiters made, the next ones join it.
    // A task gather() registered with (a function) cannot be awaited as well.
    if (st === true) r.state = st = new TaskQueue();
    else if (st && !(st instanceof TaskQueue)) {
      _v = new RuntimeError("can't wait");
      _x = true;
      return true;
    }
    if (st) {
      st.push(t);
      t.data = r; // so cancel() cancels the awaited task too
      t.aw = r;
      return false;
    }
    // Finished: its outcome at once, and it counts as retrieved.
    r.state = false;
    _v = r.data;
    _x = r.x;
    return true;
  }
  if (r !== null && typeof r === "object" && typeof r.then === "function") {
    await_thenable(t, r);
    return false;
  }
  _v =
    (__ES5__ && r instanceof Coro) || is_generator(r)
      ? new RuntimeError("coroutine already awaited or running")
      : new TypeError("object not awaitable: " + String(r));
  _x = true;
  return true;
}

// The task's coroutine returned v (x: raised v). MicroPython's completion bookkeeping.
function task_finished(t: Task, v: any, x: boolean): void {
  t.f = null;
  t.ph_next = null; // the loop pops without clearing it; a finished task keeps no links
  t.data = v;
  t.x = x;
  let awaited = t === _main;
  // then() retrieves the outcome, as an await does.
  const by_then = _thens.length !== 0 && settle_thens(t);
  if (by_then) awaited = true;
  if (t === _main) _main_by_then = by_then;
  if (t === _main && x) {
    // The caller of run_until_complete() gets the exception; waiters are not woken.
    t.state = false;
    return;
  }
  const st = t.state;
  if (st === true) {
    // Nobody waited: the outcome is retrieved only if the main task or a then() took it.
    t.state = awaited ? false : null;
  } else if (typeof st === "function") {
    // Registered with a gather, which takes the outcome.
    st(t, v, x);
    t.state = false;
    awaited = true;
  } else {
    // Waiters (a task that finishes was running, so its state is not null or false).
    const q = st as TaskQueue;
    // A done callback (TaskGroup) first: it was registered before anyone awaited t.
    const cb = q.cb;
    if (cb !== undefined) {
      q.cb = undefined;
      cb(t, v, x);
      awaited = true;
    }
    // Wake every waiter; they read t's outcome (their `aw`) when they run.
    while (q.peek() !== null) {
      _hot.push(q.pop());
      awaited = true;
    }
    t.state = false;
  }
  if (!awaited && x && !(v instanceof CancelledError)) {
    // Nobody waits on this detached task: look again later, and report the exception if
    // still nobody has retrieved it by then.
    _hot.push(t);
    t.data = v;
    t.aw = _pending;
  }
}

// Calls cb(t, value, is_exception) when t finishes (TaskGroup), which takes t's outcome as an
// await does (no "Task exception wasn't retrieved"); tasks may still await t. It lives on t's
// queue of waiters, so tasks without one carry nothing, and no task switch tests for it.
export function _on_done(t: Task, cb: (t: Task, v: any, x: boolean) => void): void {
  let st = t.state;
  if (st === true) t.state = st = new TaskQueue();
  else if (!(st instanceof TaskQueue)) throw new RuntimeError("can't wait");
  st.cb = cb;
}

// f (the task's innermost coroutine) produced r (null: resume it with v, or throw v in when
// x); go on until the chain parks (false) or the task finishes (true). Nested awaits run on
// the task's chain, not on the JS stack. r === DONE: f returned v (x: raised v).
export function step(t: Task, f: any, r: any, v: any, x: boolean): boolean {
  const s = _hot;
  for (;;) {
    if (r === null) {
      if (__ES5__) {
        r = coro_resume(f, v, x, null);
        if (r === DONE) {
          v = f.v;
          x = f.x;
          f.v = undefined;
        }
      } else {
        try {
          const res = x ? f.throw(v) : f.next(v);
          if (res.done) {
            v = res.value;
            x = false;
            r = DONE;
          } else r = res.value;
        } catch (e) {
          v = e;
          x = true;
          r = DONE;
        }
      }
    }
    if (r === _yield) {
      t.ph_key = s.clock() & 0x3fffffff; // TICKS_MAX
      s.push_due(t, t.ph_key);
      return false;
    }
    if (r === s) {
      const k = s.state;
      if (k !== null) {
        s.state = null;
        s.push(t, k);
        return false;
      }
      // Awaited twice or late: the sleep is over.
      v = undefined;
      x = false;
    } else if (r === DONE) {
      // The coroutine returned or raised: to its awaiter on the chain, or the task is done.
      const p = f.p;
      f.p = null;
      if (!p) {
        task_finished(t, v, x);
        return true;
      }
      t.f = f = p;
    } else if (await_other(t, f, r)) {
      f = t.f;
      v = _v;
      x = _x;
    } else return false;
    r = null;
  }
}
