// The scheduler: MicroPython's extmod/asyncio/core.py. One run queue (TaskQueue: the pairing
// heap of wake ticks, plus a FIFO list for tasks already due); a task's await chain is a
// linked list of coroutines stepped here in a loop, so awaits nest without JS recursion
// (Espruino dies uncatchably at ~750 frames).
import { TaskQueue } from "./taskqueue";
import { Task } from "./task";
import { CancelledError, OverflowError, RuntimeError, ValueError, format_exc } from "../runtime/errors";
import { Coro, coro_resume, DONE } from "../runtime/coro";
import { driver, clock_ms, on_driver, Driver, set_wake, POLLIN, POLLOUT } from "../runtime/driver";
import { ticks_diff, TICKS_MAX, TICKS_HALF } from "../time/ticks";
import { _register, _unregister_all } from "./inspect";
import { await_thenable, _thens, settle_thens } from "./promise";

// The run queue, and with it everything a task switch touches, in ONE object that the loop
// keeps in a local. On Kaluma's JerryScript (measured on the emulated RP2040) a variable of
// the bundle's outer scope costs 50-600 us to find (its hundreds of bindings are searched in
// turn), a property of an object ~30 us, any operation ~15-30 us: a switch is counted in
// operations. It is also sleep_ms's singleton for timed sleeps (MicroPython's
// SingletonGenerator), whose `state` is the wake tick computed when sleep_ms() was called
// (not when awaited).
class RunQueue extends TaskQueue {
  cur: Task | null = null; // the running task
  state: number | null = null; // the sleep singleton's wake tick
  io = 0; // not 0: something for wait_io_event() to look at
  loops = 0; // task steps, for stats()
  // The driver's clock and timer, and the loop's entry for it, kept here when a driver is
  // installed: on JerryScript the driver (an outer variable) and pump (a function declaration)
  // cost hundreds of microseconds to find, on every wake-up. The first clock looks the
  // driver up, for code that sleeps before any driver is installed.
  clock: () => number = function (): number {
    return clock_ms();
  };
  arm: ((dt: number, pump: () => void) => void) | undefined = undefined;
  pump: () => void = function () {};
}
export const _hot = new RunQueue();
on_driver(function (d: Driver): void {
  if (d.name === "none") return; // keep the first clock, which names the missing driver
  _hot.clock = d.clock_ms || d.ticks_ms;
  _hot.arm = d.arm;
});

// What sleep_ms(0) returns: a yield. The loop puts the task at the end of the due list with
// the tick of the await, which is no earlier than any tick there, so without a comparison.
// A singleton of its own, tested first (one comparison): unlike MicroPython, where zero and
// timed sleeps share one singleton, making a zero sleep leaves a timed one made before it
// alone, and a zero sleep awaited twice yields twice.
export const _yield = {};

// A task's `aw` when its next resume must take the slow path though it awaited nothing:
// an exception to throw in (cancel(), wait_for), or a finished task back to report its
// unretrieved exception. So the switch tests one field.
export const _pending = { data: undefined, x: false };
// Tasks parked on something outside the scheduler (ThreadSafeFlag, Promise, socket):
// while there are any, an empty run queue does not mean the loop is finished.
let _io_waits = 0;

export function _io_wait(delta: number): void {
  _io_waits += delta;
}

// Tasks woken from outside the scheduler (ThreadSafeFlag.set) join the run queue at the next
// I/O poll, as MicroPython's poller would wake them: after the running task has yielded.
// Always the same array: the loop keeps it in a local.
const _io_ready: Task[] = [];

export function _io_wake(t: Task): void {
  _io_ready.push(t);
  _hot.io = 1;
  _wake();
}


// MicroPython's IOQueue: tasks waiting for a stream (a HAL socket) to become readable or
// writable. Each stream holds its own waiters (io_r, io_w: no Map on Espruino); the queue
// lists the streams that have any and polls them on every pass of the loop. A socket whose
// state changes while the loop is idle calls _wake() so that the pass happens.
export class IOQueue {
  streams: any[] = [];

  _enqueue(s: any, idx: number): void {
    const t = _hot.cur!;
    if (idx === 0) {
      if (s.io_r) throw new RuntimeError("stream already has a reading task");
      s.io_r = t;
    } else {
      if (s.io_w) throw new RuntimeError("stream already has a writing task");
      s.io_w = t;
    }
    if (this.streams.indexOf(s) < 0) this.streams.push(s);
    _hot.io = 1;
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
        _hot.push(s.io_r);
        s.io_r = null;
        _io_waits--;
      }
      if (ev & ~POLLIN && s.io_w) {
        _hot.push(s.io_w);
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
    const ready = _io_ready.splice(0, _io_ready.length);
    _io_waits -= ready.length;
    for (let i = 0; i < ready.length; i++) _hot.push(ready[i]);
  }
  if (_io_queue.streams.length !== 0) _io_queue.wait_io_event();
  _hot.io = _io_ready.length + _io_queue.streams.length;
}

////////////////////////////////////////////////////////////////////////////////
// Sleep: _hot is the one shared awaitable (see _hot). No allocation.

// A const, not a function declaration: an app finds it on every await, and JerryScript (Kaluma)
// looks a function declaration of the bundle's outer scope up after every let/const/var and
// every function declared after it (measured: 177-583 us with 400 of each; a const declared
// late ~4 us). The app's `asyncio.sleep_ms(0)` went from ~550 to ~X us a call.
export const sleep_ms = function (t: number): any {
  // The zero sleep (a yield) first, and as little as possible: no type check is needed for
  // exactly 0, and the loop reads the clock when it queues the task.
  if (t === 0) return _yield;
  if (typeof t !== "number") throw new TypeError("can't convert " + typeof t + " to int");
  if (t >= 0x20000000) throw new OverflowError("ticks interval overflow"); // TICKS_HALF
  if (t !== t) throw new ValueError("cannot convert float NaN to integer");
  const s = _hot;
  // ticks_add inlined; t | 0 truncates as int() does.
  const ms = t > 0 ? t | 0 : 0;
  if (ms === 0) return _yield;
  s.state = (s.clock() + ms) & 0x3fffffff; // TICKS_MAX (see ticks.ts)
  return s;
};

export const sleep = function (t: number): any {
  if (typeof t !== "number") throw new TypeError("can't convert " + typeof t + " to float");
  return sleep_ms(t * 1000);
};

// Awaiting this parks the task without queueing it anywhere: whoever parked it (Event, Lock,
// gather...) has linked it into its own queue and will push it back to the run queue.
export const _never = { state: null };

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

// What the slow paths below hand back to the loop: the value to send into the innermost
// coroutine (_v), or to throw into it (_x).
let _v: any = undefined;
let _x = false;

// The slow start of a step (t.aw is set): a finished task back for its unretrieved exception
// (false: done here), or true with what to send in (_v, _x): a pending exception, or the
// outcome of the Task or Promise awaited.
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
    t.state = awaited ? false : null;
  } else if (typeof st === "function") {
    st(t, v, x);
    t.state = false;
    awaited = true;
  } else {
    // A done callback (TaskGroup) first: it was registered before anyone awaited t.
    const cb = st.cb;
    if (cb !== undefined) {
      st.cb = undefined;
      cb(t, v, x);
      awaited = true;
    }
    while (st.peek() !== null) {
      _hot.push(st.pop());
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

////////////////////////////////////////////////////////////////////////////////
// Running the loop.

let _main: Task | null = null;
let _main_by_then = false; // the main task's outcome went to a then() callback
// Event-loop drivers: a loop is active (pump armed or running) / we are inside a pump.
let _active = false;
let _pumping = false;

export function create_task(coro: any): Task {
  if (!(coro instanceof Coro || is_generator(coro))) throw new TypeError("coroutine expected");
  const t = new Task(coro);
  _register(t); // (the REPL's list of tasks, inspect.ts)
  _hot.push(t);
  _wake();
  return t;
}

export function _promote_to_task(aw: any): Task {
  return aw instanceof Task ? aw : create_task(aw);
}

// The scheduler loop, MicroPython's run_until_complete, for both kinds of board. Blocking
// drivers (sim) wait in driver.idle() until the head of the run queue is due and return main's
// outcome; event-loop drivers (devices, host) run what is due, then hand control back to the
// engine with ONE timer armed for the next deadline (driver.arm), so the REPL and pin watches
// keep working between steps.
//
// The step - resume the innermost coroutine of a task's await chain; it awaits sleep_ms;
// queue the task - is written out here, for the engines that pay per operation (measured on
// Kaluma's JerryScript in the emulated RP2040: ~15-30 us an operation, a call ~30-60 us, a
// native generator resume with its result ~270 us; Espruino pays for every character it
// runs or skips): locals only, no call but the resume itself, the common path first, and
// everything rarer in functions of its own. Whether a bundle's coroutines are TypeScript's
// state machines (Coro, ES5) or native generators is known when it is built (__ES5__, a
// literal in the bundle), so that test costs nothing.
const BURST_MS = 20; // event-loop drivers: give the engine a turn at least this often

function loop(main: Task | null, blocking: boolean): any {
  const s = _hot;
  const y = _yield;
  const clock = s.clock;
  const start = clock();
  // Steps left until the next look at the clock; the step count is derived from it.
  let burst = 64;
  let bursts = 0;
  try {
    for (;;) {
      if (s.io !== 0) wait_io_event();
      let t = s.head as Task | null;
      const h = s.heap;
      if (blocking) {
        // Wait until the head is due (idle(0) when it is: the sim's clock may move).
        let dt = -1;
        if (t !== null) dt = 0;
        else if (h !== null) {
          dt = ((h.ph_key - clock() + 0x20000000) & 0x3fffffff) - 0x20000000; // ticks_diff
          if (dt < 0) dt = 0;
        } else if (_io_waits === 0 && (main === null || !main.state)) return undefined;
        if (!driver.idle!(dt)) throw new RuntimeError("deadlock: the main task waits for something that can never happen");
        if (dt !== 0) continue; // time passed or an outside event happened: look again
        t = s.pop();
      } else if (t !== null && (h === null || ((t.ph_key - h.ph_key) & 0x3fffffff) >= 0x20000000)) {
        // The due list's head: TaskQueue.pop, inlined.
        s.head = t.ph_next;
        if (t.ph_next === null) s.tail = null;
      } else {
        if (t === null) {
          if (h === null) {
            if (_io_waits === 0 && (_main === null || !_main.state)) _active = false;
            s.arm!(-1, s.pump);
            return;
          }
          const dt = ((h.ph_key - clock() + 0x20000000) & 0x3fffffff) - 0x20000000; // ticks_diff
          if (dt > 0) {
            s.arm!(dt, s.pump);
            return;
          }
        }
        t = s.pop();
      }
      if (--burst === 0) {
        burst = 64;
        bursts++;
        // Event-loop drivers give the engine a turn now and then, even if tasks keep running.
        if (!blocking && ((clock() - start) & 0x3fffffff) >= BURST_MS) {
          // Back at the head of the due list: its tick is no later than any there.
          t!.ph_next = s.head;
          s.head = t;
          if (s.tail === null) s.tail = t;
          s.arm!(0, s.pump);
          return;
        }
      }

      // The step: resume the task's innermost coroutine. The common case - nothing to send
      // in, and it yields - is written out; the rest is in step().
      s.cur = t;
      const f = t!.f;
      let r: any;
      if (t!.aw === null) {
        if (__ES5__) {
          r = coro_resume(f, undefined, false, null);
          if (r === DONE) {
            _v = f.v;
            _x = f.x;
            f.v = undefined;
          }
        } else {
          try {
            const res = f.next();
            if (res.done) {
              _v = res.value;
              _x = false;
              r = DONE;
            } else r = res.value;
          } catch (e) {
            _v = e;
            _x = true;
            r = DONE;
          }
        }
        if (r === y) {
          // A yield: at the end of the due list (TaskQueue.push_due, inlined).
          t!.ph_key = clock() & 0x3fffffff; // TICKS_MAX
          t!.ph_next = null;
          const tail = s.tail;
          if (tail === null) s.head = s.tail = t;
          else s.tail = tail.ph_next = t;
          continue;
        }
        if (r === s && s.state !== null) {
          // A timed sleep: into the heap at its tick.
          s.push(t!, s.state);
          s.state = null;
          continue;
        }
      } else {
        if (!resume_value(t!)) continue;
        r = null; // step() resumes with _v/_x
      }
      if (!step(t!, f, r) || t !== main) continue;
      s.cur = null;
      if (blocking) {
        if (t!.x) throw t!.data;
        return t!.data;
      }
      main_finished(t!);
      return;
    }
  } finally {
    s.loops += bursts * 64 + 64 - burst;
    s.cur = null;
  }
}

// The rest of a step: f (the task's innermost coroutine) produced r (null: resume it with
// _v/_x first); go on until the chain parks (false) or the task finishes (true). Nested awaits
// run on the task's chain, not on the JS stack.
function step(t: Task, f: any, r: any): boolean {
  const s = _hot;
  let v: any = _v;
  let x = _x;
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

function run_blocking(main: Task | null): any {
  const prev = _main;
  _main = main;
  try {
    return loop(main, true);
  } finally {
    _main = prev;
  }
}

// Event-loop drivers: the engine's timer calls this.
function pump(): void {
  if (_pumping) return;
  _pumping = true;
  try {
    loop(_main, false);
  } finally {
    _pumping = false;
  }
}
_hot.pump = pump;

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
set_wake(_wake); // (the drivers' wake())

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
  if (_hot.cur === null) throw new RuntimeError("no running event loop");
  return _hot.cur;
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
      _hot.push(_stop_task);
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
export function _stats(): { switches: number; io_waits: number; running: boolean } {
  return { switches: _hot.loops, io_waits: _io_waits, running: driver.idle ? _hot.cur !== null : _active };
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
  _hot.heap = _hot.head = _hot.tail = null;
  _io_queue = new IOQueue();
  _thens.splice(0, _thens.length);
  _unregister_all();
  _hot.loops = 0;
  _io_waits = 0;
  _io_ready.splice(0, _io_ready.length);
  _stop_task = null;
  return Loop;
}
