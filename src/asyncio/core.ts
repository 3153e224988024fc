// The scheduler: MicroPython's extmod/asyncio/core.py. One run queue (TaskQueue: the pairing
// heap of wake ticks, plus a FIFO list for tasks already due); a task's await chain is a
// linked list of coroutines stepped here in a loop, so awaits nest without JS recursion
// (Espruino dies uncatchably at ~750 frames).
import { TaskQueue } from "./taskqueue";
import { Task } from "./task";
import { _io_waits, wait_io_event } from "./io";
import { step, resume_value, is_generator, _v, _x, _main_by_then } from "./step";
import { _register } from "./inspect";
import { CancelledError, OverflowError, RuntimeError, ValueError, format_exc, log_error } from "../runtime/errors";
import { Coro, coro_resume, DONE } from "../runtime/coro";
import { driver, clock_ms, on_driver, type Driver, set_wake } from "../runtime/driver";

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

////////////////////////////////////////////////////////////////////////////////
// Running the loop.

export let _main: Task | null = null;
// Event-loop drivers: a loop is active (pump armed or running) / we are inside a pump.
let _active = false;
let _pumping = false;

export function create_task(coro: any): Task {
  // (__ES5__ && ...: only ES5 bundles make Coro objects; the test folds away elsewhere, and
  // the class with it: 2.5 KB of the es2016 pico blink.)
  if (!((__ES5__ && coro instanceof Coro) || is_generator(coro))) throw new TypeError("coroutine expected");
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
  // What step() sends into f (x: throws), or what f returned when it is DONE. Declared out
  // here: a declaration in the loop's body costs every step (~6 us on Kaluma, measured).
  let v: any;
  let x = false;
  try {
    for (;;) {
      if (s.io !== 0) wait_io_event();
      let t = s.head as Task | null;
      const h = s.heap;
      if (!blocking && t !== null && (h === null || ((t.ph_key - h.ph_key) & 0x3fffffff) >= 0x20000000)) {
        // The due list's head, which is due (the common case on devices): TaskQueue.pop, inlined.
        s.head = t.ph_next;
        if (t.ph_next === null) s.tail = null;
      } else {
        // Both kinds of driver: how long until the run queue's head is due (-1: it is empty).
        let dt = -1;
        if (t !== null) dt = 0;
        else if (h !== null) {
          dt = ((h.ph_key - clock() + 0x20000000) & 0x3fffffff) - 0x20000000; // ticks_diff
          if (dt < 0) dt = 0;
        }
        if (dt < 0 && _io_waits() === 0 && (main === null || !main.state)) {
          // Nothing left that could ever run: the loop is over (main, if any, has finished).
          if (blocking) return undefined;
          _active = false;
        }
        if (blocking) {
          // Wait (idle(0) as well when due: the sim's clock may move).
          if (!driver.idle!(dt)) throw new RuntimeError("deadlock: the main task waits for something that can never happen");
          if (dt !== 0) continue; // time passed or an outside event happened: look again
        } else if (dt !== 0) {
          // Back to the engine until the deadline (or, -1, an outside wake-up).
          s.arm!(dt, s.pump);
          return;
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
      const f: any = t!.f; // a Coro in ES5 bundles, else a generator (__ES5__ says which)
      let r: any;
      if (t!.aw === null) {
        if (__ES5__) {
          r = coro_resume(f, undefined, false, null);
          if (r === DONE) {
            v = f.v;
            x = f.x;
            f.v = undefined;
          }
        } else {
          try {
            const res = f.next();
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
        r = null; // step() resumes f with what resume_value() found
        v = _v;
        x = _x;
      }
      if (!step(t!, f, r, v, x) || t !== main) continue;
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

// For the REPL's stats() (inspect.ts).
export function _stats(): { switches: number; io_waits: number; running: boolean } {
  return { switches: _hot.loops, io_waits: _io_waits(), running: driver.idle ? _hot.cur !== null : _active };
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
