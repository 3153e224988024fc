// The scheduler: MicroPython's extmod/asyncio/core.py. One run queue (TaskQueue: the pairing
// heap of wake ticks, plus a FIFO list for tasks already due); a task's await chain is a
// linked list of coroutines stepped here in a loop, so awaits nest without JS recursion
// (Espruino dies uncatchably at ~750 frames).
import { TaskQueue } from "./taskqueue";
import { Task } from "./task";
import { BaseException, CancelledError, OverflowError, RuntimeError, ValueError, format_exc } from "./errors";
import { Coro, coro_resume, DONE } from "../runtime/coro";
import { driver } from "../runtime/driver";
import { ticks_diff, TICKS_MAX, TICKS_HALF } from "../time/ticks";

export let cur_task: Task | null = null;
export let _task_queue: TaskQueue = new TaskQueue();
// Tasks parked on something outside the scheduler (ThreadSafeFlag, Promise, socket):
// while there are any, an empty run queue does not mean the loop is finished.
let _io_waits = 0;

export function _io_wait(delta: number): void {
  _io_waits += delta;
}

// Tasks woken from outside the scheduler (ThreadSafeFlag.set) join the run queue at the next
// I/O poll, as MicroPython's poller would wake them: after the running task has yielded.
let _io_ready: Task[] = [];

export function _io_wake(t: Task): void {
  _io_ready.push(t);
  _wake();
}

// Readiness bits a stream's poll() reports (as MicroPython's select module numbers them).
export const POLLIN = 1;
export const POLLOUT = 4;
export const POLLERR = 8;
export const POLLHUP = 16;

// MicroPython's IOQueue: tasks waiting for a stream (a HAL socket) to become readable or
// writable. Each stream holds its own waiters (io_r, io_w: no Map on Espruino); the queue
// lists the streams that have any and polls them on every pass of the loop. A socket whose
// state changes while the loop is idle calls _wake() so that the pass happens.
export class IOQueue {
  streams: any[] = [];

  _enqueue(s: any, idx: number): void {
    const t = cur_task!;
    if (idx === 0) {
      if (s.io_r) throw new RuntimeError("stream already has a reading task");
      s.io_r = t;
    } else {
      if (s.io_w) throw new RuntimeError("stream already has a writing task");
      s.io_w = t;
    }
    if (this.streams.indexOf(s) < 0) this.streams.push(s);
    t.data = this; // so cancel() can unlink it
    _io_waits++;
  }

  queue_read(s: any): void {
    this._enqueue(s, 0);
  }

  queue_write(s: any): void {
    this._enqueue(s, 1);
  }

  // As MicroPython, a cancelled waiter drops its stream's whole entry (a writer too).
  remove(task: Task): void {
    const ss = this.streams;
    for (let i = 0; i < ss.length; i++) {
      const s = ss[i];
      if (s.io_r === task || s.io_w === task) {
        if (s.io_r) _io_waits--;
        if (s.io_w) _io_waits--;
        s.io_r = s.io_w = null;
        ss.splice(i, 1);
        return;
      }
    }
  }

  wait_io_event(): void {
    const ss = this.streams;
    for (let i = 0; i < ss.length; ) {
      const s = ss[i];
      const ev = s.poll();
      if (ev & ~POLLOUT && s.io_r) {
        // readable, or an error the reader will meet
        _task_queue.push(s.io_r);
        s.io_r = null;
        _io_waits--;
      }
      if (ev & ~POLLIN && s.io_w) {
        _task_queue.push(s.io_w);
        s.io_w = null;
        _io_waits--;
      }
      if (!s.io_r && !s.io_w) ss.splice(i, 1);
      else i++;
    }
  }
}

export let _io_queue = new IOQueue();

// The loop's I/O poll: outside wake-ups first, then streams.
function wait_io_event(): void {
  if (_io_ready.length !== 0) {
    const ready = _io_ready;
    _io_ready = [];
    _io_waits -= ready.length;
    for (let i = 0; i < ready.length; i++) _task_queue.push(ready[i]);
  }
  if (_io_queue.streams.length !== 0) _io_queue.wait_io_event();
}

////////////////////////////////////////////////////////////////////////////////
// Sleep: one shared awaitable whose `state` is the wake tick, computed when sleep_ms() is
// called (not when awaited), as MicroPython's SingletonGenerator. No allocation.

// `due`: the sleep was 0 (or less), so the task can be queued without reading the clock.
const sgen: { state: number | null; due: boolean } = { state: null, due: false };

export function sleep_ms(t: number): any {
  if (typeof t !== "number") throw new TypeError("can't convert " + typeof t + " to int");
  if (t >= TICKS_HALF) throw new OverflowError("ticks interval overflow");
  if (t !== t) throw new ValueError("cannot convert float NaN to integer");
  // ticks_add inlined (this is the hot path); t | 0 truncates as int() does.
  const ms = t > 0 ? t | 0 : 0;
  sgen.state = (driver.ticks_ms() + ms) & TICKS_MAX;
  sgen.due = ms === 0;
  return sgen;
}

export function sleep(t: number): any {
  if (typeof t !== "number") throw new TypeError("can't convert " + typeof t + " to float");
  return sleep_ms(t * 1000);
}

// Awaiting this parks the task without queueing it anywhere: whoever parked it (Event, Lock,
// gather...) has linked it into its own queue and will push it back to the run queue.
export const _never = { state: null };

////////////////////////////////////////////////////////////////////////////////
// Waiting on a Promise or any thenable (outside the scheduler, like I/O).

class PromiseWait {
  task: Task | null;
  data: any = undefined;
  x = false;
  constructor(t: Task) {
    this.task = t;
  }
  settle(v: any, x: boolean): void {
    const t = this.task;
    if (t === null) return;
    this.task = null;
    this.data = v;
    this.x = x;
    _io_waits--;
    _task_queue.push(t);
    _wake();
  }
  // Task.cancel() unlinks the waiter: a later settlement is ignored.
  remove(_t: Task): void {
    if (this.task !== null) {
      this.task = null;
      _io_waits--;
    }
  }
}

function await_thenable(t: Task, p: any): void {
  const w = new PromiseWait(t);
  t.data = w;
  t.aw = w;
  _io_waits++;
  p.then(
    function (v: any) {
      w.settle(v, false);
    },
    function (e: any) {
      w.settle(e, true);
    },
  );
}

function is_generator(c: any): boolean {
  return c !== null && typeof c === "object" && typeof c.next === "function" && typeof c.throw === "function";
}

////////////////////////////////////////////////////////////////////////////////
// Stepping a task.
//
// Espruino executes source text: it pays for every character it runs AND for every one it
// skips (an untaken branch is scanned for its closing brace). So the common path of a switch
// (resume the innermost coroutine; it awaits sleep_ms; queue the task) is kept short and
// first, and everything rarer lives in functions of its own.

// What the next resume sends into the innermost coroutine: _v, or throws it when _x.
let _v: any = undefined;
let _x = false;

// Resume t until its await chain parks or it finishes.
function run_one(t: Task): void {
  cur_task = t;
  _switches++;
  let f = t.f;
  if (f === null || t.data !== null || t.aw !== null) {
    if (!resume_value(t)) return;
  } else {
    _v = undefined;
    _x = false;
  }
  for (;;) {
    const r = f instanceof Coro ? coro_resume(f, _v, _x, null) : gen_resume(f);
    if (r === sgen) {
      const k = sgen.state;
      if (k !== null) {
        sgen.state = null;
        if (sgen.due) _task_queue.push_due(t, k);
        else _task_queue.push(t, k);
        return;
      }
      _v = undefined; // awaited twice or late: the sleep is over
      _x = false;
    } else if (r === DONE) {
      if (f instanceof Coro) {
        _v = f.v;
        _x = f.x;
        f.v = undefined;
      }
      const p = f.p;
      f.p = null;
      if (!p) {
        task_finished(t, _v, _x);
        return;
      }
      t.f = f = p;
    } else if (await_other(t, f, r)) {
      f = t.f;
    } else return;
  }
}

// The slow start of run_one: a finished task back for its unretrieved exception (false: done
// here), a pending exception to throw in, or the outcome of the Task or Promise awaited.
function resume_value(t: Task): boolean {
  const d = t.data;
  if (t.f === null) {
    if (t.state === null) {
      _exc_context.exception = d;
      _exc_context.future = t;
      Loop.call_exception_handler(_exc_context);
    }
    return false;
  }
  if (d !== null) {
    // Cancellation (or wait_for's outcome): thrown in where the innermost coroutine waits.
    t.data = null;
    t.aw = null;
    _v = d === CancelledError ? new CancelledError() : d;
    _x = true;
  } else {
    const a = t.aw;
    t.aw = null;
    _v = a.data;
    _x = a.x;
  }
  return true;
}

// Native generators (es2016 bundles).
function gen_resume(g: any): any {
  try {
    const res = _x ? g.throw(_v) : g.next(_v);
    if (!res.done) return res.value;
    _v = res.value;
    _x = false;
  } catch (e) {
    _v = e;
    _x = true;
  }
  return DONE;
}

// f awaits r, which is not sleep_ms's singleton. Returns true to resume t.f at once with
// _v/_x, false when the task is parked.
function await_other(t: Task, f: any, r: any): boolean {
  _v = undefined;
  _x = false;
  if (r === _never) return false;
  if (r instanceof Coro ? r.p === null && r.label === 0 : is_generator(r) && !r.p) {
    // A nested await: the coroutine runs on this task's chain, not on the JS stack.
    r.p = f;
    t.f = r;
    return true;
  }
  if (r instanceof Task) {
    // MicroPython's Task.__iter__/__next__.
    let st = r.state;
    if (st === true) r.state = st = new TaskQueue();
    else if (st && !(st instanceof TaskQueue)) {
      _v = new RuntimeError("can't wait");
      _x = true;
      return true;
    }
    if (st) {
      st.push(t);
      t.data = r;
      t.aw = r;
      return false;
    }
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
    r instanceof Coro || is_generator(r)
      ? new RuntimeError("coroutine already awaited or running")
      : new TypeError("object not awaitable: " + String(r));
  _x = true;
  return true;
}

// The task's coroutine returned v (x: raised v). MicroPython's completion bookkeeping.
// Task.then() registrations: [task, resolve, reject, ...]. Plain JS code is told the outcome
// the moment the task finishes (the loop may stop right after the main task).
let _thens: any[] = [];

export function _then(t: Task, resolve: (v: any) => void, reject: (e: any) => void): void {
  _thens.push(t, resolve, reject);
}

function settle_thens(t: Task): boolean {
  let hit = false;
  for (let i = 0; i < _thens.length; ) {
    if (_thens[i] === t) {
      (t.x ? _thens[i + 2] : _thens[i + 1])(t.data);
      _thens.splice(i, 3);
      hit = true;
    } else i += 3;
  }
  return hit;
}

function task_finished(t: Task, v: any, x: boolean): void {
  t.f = null;
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
    t.state = awaited ? false : null;
  } else if (typeof st === "function") {
    st(t, v, x);
    t.state = false;
    awaited = true;
  } else {
    while (st.peek() !== null) {
      _task_queue.push(st.pop());
      awaited = true;
    }
    t.state = false;
  }
  if (!awaited && x && !(v instanceof CancelledError)) {
    // Nobody waits on this detached task: look again later, and report the exception if
    // still nobody has retrieved it by then.
    _task_queue.push(t);
    t.data = v;
  }
}

////////////////////////////////////////////////////////////////////////////////
// Running the loop.

let _main: Task | null = null;
let _main_by_then = false; // the main task's outcome went to a then() callback
// Event-loop drivers: a loop is active (pump armed or running) / we are inside a pump.
let _active = false;
let _pumping = false;

// Every task created, newest first, for the REPL's inspection (tasks()). Finished ones are
// unlinked in a sweep once as many tasks were created as were alive after the last sweep
// (plus a few): creating a task stays O(1) amortised, with no extra link per task, and
// finished tasks never pile up.
let _all: Task | null = null;
let _created = 0; // since the last sweep
let _sweep_at = 16;

function sweep(): number {
  let n = 0;
  let prev: Task | null = null;
  let t = _all;
  while (t !== null) {
    const next: Task | null = t.all_next;
    if (t.state) {
      n++;
      prev = t;
    } else {
      if (prev === null) _all = next;
      else prev.all_next = next;
      // No link from a finished task into the list: reference-counting engines (QuickJS)
      // would keep such tasks alive through the cycles.
      t.all_next = null;
    }
    t = next;
  }
  _created = 0;
  _sweep_at = n + 16;
  return n;
}
// Tasks stepped since the loop was (re)created, for stats().
let _switches = 0;

export function create_task(coro: any): Task {
  if (!(coro instanceof Coro || is_generator(coro))) throw new TypeError("coroutine expected");
  const t = new Task(coro);
  if (++_created > _sweep_at) sweep();
  t.all_next = _all;
  _all = t;
  _task_queue.push(t);
  _wake();
  return t;
}

export function _promote_to_task(aw: any): Task {
  return aw instanceof Task ? aw : create_task(aw);
}

// Blocking loop (the sim board): MicroPython's run_until_complete.
function run_blocking(main: Task | null): any {
  const prev = _main;
  _main = main;
  try {
    for (;;) {
      // Wait until the head of the run queue is due, polling I/O on the way.
      for (;;) {
        if (_io_ready.length !== 0 || _io_queue.streams.length !== 0) wait_io_event();
        const h = _task_queue.peek();
        let dt = -1;
        if (h !== null) {
          dt = _task_queue.due() ? 0 : ticks_diff(h.ph_key, driver.ticks_ms());
          if (dt < 0) dt = 0;
        } else if (_io_waits === 0) {
          cur_task = null;
          if (main === null || !main.state) return undefined;
        }
        if (!driver.idle!(dt)) {
          cur_task = null;
          throw new RuntimeError("deadlock: the main task waits for something that can never happen");
        }
        if (dt === 0) break;
        // Otherwise time passed or an outside event happened: look again.
      }
      const t = _task_queue.pop();
      run_one(t);
      if (t === main && t.f === null) {
        cur_task = null;
        if (t.x) throw t.data;
        return t.data;
      }
    }
  } finally {
    _main = prev;
  }
}

// Event-loop drivers: run what is due, then hand control back to the engine with ONE timer
// armed for the next deadline, so the REPL and pin watches keep working between steps.
const BURST_MS = 20;

function pump(): void {
  if (_pumping) return;
  _pumping = true;
  const start = driver.ticks_ms();
  let n = 0;
  try {
    for (;;) {
      if (_io_ready.length !== 0 || _io_queue.streams.length !== 0) wait_io_event();
      const t = _task_queue.peek() as Task | null;
      if (t === null) {
        if (_io_waits === 0 && (_main === null || !_main.state)) _active = false;
        driver.arm!(-1, pump);
        return;
      }
      if (!_task_queue.due()) {
        const dt = ticks_diff(t.ph_key, driver.ticks_ms());
        if (dt > 0) {
          driver.arm!(dt, pump);
          return;
        }
      }
      // Now and then give the engine a turn (REPL, pin watches) even if tasks keep running.
      if ((++n & 63) === 0 && ticks_diff(driver.ticks_ms(), start) >= BURST_MS) {
        driver.arm!(0, pump);
        return;
      }
      _task_queue.pop();
      run_one(t);
      if (t === _main && t.f === null) {
        main_finished(t);
        return;
      }
    }
  } finally {
    _pumping = false;
    cur_task = null;
  }
}

// Event-loop drivers: the loop stops when the main task is done; leftover tasks stay queued,
// as in MicroPython, until the next run().
// The main task's exception is what MicroPython's run() raises at the top level: printed with
// where it came from (unless a then() callback took it), and the loop stops; the REPL stays.
// Not an "unretrieved task exception": those are for tasks nobody awaits. A main task
// cancelled (from the REPL) is not an error at all.
function main_finished(t: Task): void {
  _active = false;
  _main = null;
  driver.arm!(-1, pump);
  const failed = t.x && !_main_by_then;
  if (failed) {
    if (t.data instanceof CancelledError) log_error("asyncio: the main task was cancelled; the loop has stopped");
    else log_error(format_exc(t.data));
  }
  if (driver.stopped) driver.stopped(failed ? 1 : 0);
}

// Something outside the running loop queued a task (REPL, IRQ callback, Promise): run soon.
export function _wake(): void {
  if (_active && !_pumping && driver.arm) driver.arm(0, pump);
}

function start(main: Task | null): Task | null {
  _main = main;
  _active = true;
  driver.arm!(0, pump);
  return main;
}

// On blocking drivers (sim) this runs to completion and returns main's value, as MicroPython;
// on event-loop drivers (devices, host) it returns the Task at once and the loop runs in the
// background (await it, or task.then(), for the value).
export function run_until_complete(main_task: Task | null = null): any {
  return driver.idle ? run_blocking(main_task) : start(main_task);
}

export function run(coro: any): any {
  return run_until_complete(create_task(coro));
}

export function current_task(): Task {
  if (cur_task === null) throw new RuntimeError("no running event loop");
  return cur_task;
}

////////////////////////////////////////////////////////////////////////////////
// The Loop API (one loop, as in MicroPython).

const _exc_context: { message: string; exception: any; future: any } = {
  message: "Task exception wasn't retrieved",
  exception: null,
  future: null,
};

async function _stopper() {}
let _stop_task: Task | null = null;

// stderr where the engine has one; duktape's console.error prints a stack trace with each line.
function log_error(...args: any[]): void {
  const c: any = typeof console !== "undefined" ? console : null;
  const out = c ? (typeof Duktape === "undefined" && c.error) || c.log : print;
  if (out) out.apply(c, args);
}

export const Loop = {
  _exc_handler: null as null | ((loop: any, context: any) => void),

  create_task(coro: any): Task {
    return create_task(coro);
  },
  run_forever(): void {
    _stop_task = new Task(_stopper());
    run_until_complete(_stop_task);
  },
  run_until_complete(aw: any): any {
    return run_until_complete(_promote_to_task(aw));
  },
  stop(): void {
    if (_stop_task !== null) {
      _task_queue.push(_stop_task);
      _stop_task = null;
      _wake();
    }
  },
  close(): void {},
  set_exception_handler(handler: null | ((loop: any, context: any) => void)): void {
    Loop._exc_handler = handler;
  },
  get_exception_handler(): null | ((loop: any, context: any) => void) {
    return Loop._exc_handler;
  },
  default_exception_handler(_loop: any, context: any): void {
    const fut = context.future;
    log_error(context.message);
    log_error("future:", String(fut), "coro=", fut ? String(fut.coro) : "None");
    const e = context.exception;
    log_error(e && e.stack ? e.stack : String(e));
  },
  call_exception_handler(context: any): void {
    (Loop._exc_handler || Loop.default_exception_handler)(Loop, context);
  },
};

// The runq_len/waitq_len arguments of legacy uasyncio are accepted and ignored.
export function get_event_loop(_runq_len?: number, _waitq_len?: number): typeof Loop {
  return Loop;
}

// For the REPL (src/asyncio/inspect.ts): the unfinished tasks, oldest first.
export function _tasks(): Task[] {
  sweep();
  const r: Task[] = [];
  for (let t = _all; t !== null; t = t.all_next) r.push(t);
  return r.reverse();
}

export function _stats(): { switches: number; queued: number; io_waits: number; running: boolean } {
  let queued = 0;
  for (let t = _all; t !== null; t = t.all_next) {
    // In the run queue: nothing to wait for, or an exception to be thrown in.
    const d = t.data;
    if (t.state && t !== cur_task && (d === null || d === CancelledError || d instanceof BaseException)) queued++;
  }
  return { switches: _switches, queued, io_waits: _io_waits, running: driver.idle ? cur_task !== null : _active };
}

// Event-loop boards: stop stepping tasks (they stay where they are) and start again.
export function _halt(): void {
  _active = false;
  if (driver.arm) driver.arm(-1, pump);
}

export function _resume(): void {
  if (driver.idle) throw new RuntimeError("the " + driver.name + " board runs the loop only inside run()");
  _active = true;
  driver.arm!(0, pump);
}

export function new_event_loop(): typeof Loop {
  _task_queue = new TaskQueue();
  _io_queue = new IOQueue();
  _thens = [];
  _all = null;
  _created = 0;
  _sweep_at = 16;
  _switches = 0;
  _io_waits = 0;
  _io_ready = [];
  _stop_task = null;
  return Loop;
}
