// Task: a coroutine being run by the scheduler, with MicroPython's state machine:
//   state === true        running, nobody waiting
//   state is a TaskQueue  running, these tasks await it
//   state is a function   running, registered with a gather (called on completion)
//   state === null        finished, outcome not retrieved yet
//   state === false       finished, outcome retrieved (awaited)
// While blocked, `data` links to what the task waits on (a Task, a wait queue, a gather, an
// external wait) so cancel() can unlink it; a pending exception to throw in also sits there.
// Once finished, `data` is the return value or the exception (`x` says which).
import type { TaskQueue, HeapNode } from "./taskqueue";
import { RuntimeError, CancelledError } from "../runtime/errors";
import { ticks_diff } from "../time/ticks";
import { driver } from "../runtime/driver";
import * as core from "./core";
import { _then } from "./promise";
import type { Coro } from "../runtime/coro";

// A coroutine as the scheduler steps it: TypeScript's state machine (Coro, ES5 bundles) or a
// native generator (ES2016 bundles). `p` links it to the coroutine awaiting it on a task's chain.
export type Coroutine = (Coro | Generator) & { p?: Coroutine | null };

// What a task registered with gather() has as its state: called when it finishes.
export type OnDone = (t: Task, v: any, x: boolean) => void;

// Something whose outcome a resume reads (a Task, a Promise's wait, core._pending).
export interface Outcome {
  data: any;
  x: boolean;
}

export class Task implements HeapNode {
  // Hot fields first: Espruino looks properties up linearly.
  // Blocked: what the task waits on (for cancel()) or an exception to throw in; finished:
  // the return value or the exception (see the top of this file).
  data: any = null;
  ph_key = 0;
  ph_child: HeapNode | null = null;
  ph_next: HeapNode | null = null;
  ph_child_last: HeapNode | null = null;
  ph_rightmost_parent: HeapNode | null = null;
  state: true | TaskQueue | OnDone | null | false = true;
  f: Coroutine | null; // innermost running coroutine of this task's await chain; null when finished
  // Set when the next resume must take the slow path (step.ts's resume_value): the Task or
  // Promise wait whose outcome it sends in, or core._pending (an exception waits in `data`,
  // or the finished task is back to report an exception nobody retrieved). null: a plain resume.
  aw: Outcome | null = null;
  x = false; // finished with an exception
  coro: Coroutine;
  all_next: Task | null = null; // the list of all tasks, for the REPL's tasks()

  // TypeScript types an async function's call as a Promise; here it is a coroutine.
  constructor(coro: Coroutine | Promise<unknown>) {
    // coro before f: property order is lookup order on Espruino and JerryScript (f is hot).
    this.coro = coro as Coroutine;
    this.f = coro as Coroutine;
  }

  done(): boolean {
    return !this.state;
  }

  cancel(): boolean {
    if (!this.state) return false;
    if (this === core._hot.cur) throw new RuntimeError("can't cancel self");
    this.nc++; // (timeout() tells its own cancellation from others' by this count)
    // Cancelling a task that awaits another task cancels the awaited one.
    let t: Task = this;
    while (t.data instanceof Task) t = t.data;
    const q = core._hot;
    const d = t.data;
    if (d !== null && typeof d.remove === "function") {
      d.remove(t);
      q.push(t);
    } else if (ticks_diff(t.ph_key, driver.ticks_ms()) > 0) {
      // Sleeping: bring it forward to now. One already due keeps its place.
      q.remove(t);
      q.push(t);
    }
    // The class itself: the scheduler instantiates it when it throws it in.
    t.data = CancelledError;
    t.aw = core._pending;
    core._wake();
    return true;
  }

  // Where the engine has Promise, a task can be awaited by plain JS code too.
  then(ok?: (v: any) => any, err?: (e: any) => any): any {
    const task = this;
    const P = (typeof Promise === "function" ? Promise : null) as any;
    if (P === null) throw new TypeError("Task.then needs Promise, which this engine lacks");
    return new P(function (resolve: any, reject: any) {
      if (!task.state) {
        task.state = false;
        (task.x ? reject : resolve)(task.data);
      } else {
        _then(task, resolve, reject);
      }
    }).then(ok, err);
  }

  toString(): string {
    return "<Task>";
  }
}
// How many times cancel() was asked (CPython's cancelling()), on the prototype: a task that is
// never cancelled carries no field for it (Espruino pays memory per property).
export interface Task {
  nc: number;
}
(Task.prototype as any).nc = 0;
