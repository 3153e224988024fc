// TaskGroup: CPython 3.11's asyncio.TaskGroup (Lib/asyncio/taskgroups.py; MicroPython has
// none), its state machine ported line by line. JS has no `async with`, so the body is a
// callback:
//   await new asyncio.TaskGroup().run(async (tg) => { tg.create_task(a()); tg.create_task(b()); });
// (or __aenter__/__aexit__, called as CPython calls them). On the way out every task of the
// group is awaited; the first one to fail with anything but CancelledError cancels the others
// and the body, and the failures come out together as one ExceptionGroup.
//
// CPython runs a task's done callbacks soon after it finishes, not at once: the callback here
// is a short task, queued where CPython's call_soon would queue it, so the same orders come out.
import type { Task } from "./task";
import { Event } from "./event";
import { BaseException, BaseExceptionGroup, CancelledError, Exception, ExceptionGroup, RuntimeError } from "../runtime/errors";
import * as core from "./core";
import { _on_done } from "./step";
import { call_exception_handler } from "./report";

export class TaskGroup {
  _entered = false;
  _exiting = false;
  _aborting = false;
  _parent_task: Task | null = null;
  _parent_cancel_requested = false;
  _tasks: Task[] = []; // (a set in CPython; Espruino has no Set)
  _errors: any[] | null = [];
  _on_completed: Event | null = null;
  _done: (t: Task, v: any, x: boolean) => void;

  constructor() {
    const self = this;
    this._done = function (t: Task, v: any, x: boolean): void {
      core.create_task(self._on_task_done(t, v, x));
    };
  }

  toString(): string {
    let info = "";
    if (this._tasks.length) info += " tasks=" + this._tasks.length;
    if (this._errors && this._errors.length) info += " errors=" + this._errors.length;
    if (this._aborting) info += " cancelling";
    else if (this._entered) info += " entered";
    return "<TaskGroup" + info + ">";
  }

  // The body run inside the group: its value, or what leaving the group raises.
  async run(body: (tg: TaskGroup) => any) {
    await this.__aenter__();
    let v: any;
    try {
      v = await body(this);
    } catch (e) {
      // (CPython's __aexit__ never swallows the body's exception: it raises its own, or
      // returns and `async with` raises the body's.)
      await this.__aexit__(e !== null && e !== undefined && e.constructor ? e.constructor : Object, e);
      throw e;
    }
    await this.__aexit__(null, null);
    return v;
  }

  async __aenter__() {
    if (this._entered) throw new RuntimeError("TaskGroup " + this + " has already been entered");
    const parent = core._hot.cur;
    if (parent === null) throw new RuntimeError("TaskGroup " + this + " cannot determine the parent task");
    this._parent_task = parent;
    this._entered = true;
    return this;
  }

  // et: the exception's class (null: the body ended normally), exc: the exception.
  async __aexit__(et?: any, exc?: any, _tb?: any) {
    this._exiting = true;
    const failed = et !== null && et !== undefined;
    const parent = this._parent_task!;
    let propagate: any = failed && exc instanceof CancelledError ? exc : null;
    if (this._parent_cancel_requested) {
      // We cancelled the parent: take that cancellation back (CPython's uncancel()).
      if (parent.nc > 0) parent.nc--;
      if (parent.nc === 0) propagate = null;
    }
    if (failed && !this._aborting) this._abort();
    // A loop: the wait may be cancelled several times while the tasks finish.
    while (this._tasks.length) {
      if (this._on_completed === null) this._on_completed = new Event();
      try {
        await this._on_completed.wait();
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        if (!this._aborting) {
          propagate = e;
          this._abort();
        }
      }
      this._on_completed = null;
    }
    // A cancellation goes on, unless there are errors: those have priority.
    if (propagate !== null && this._errors!.length === 0) throw propagate;
    if (failed && !(exc instanceof CancelledError)) this._errors!.push(exc);
    if (this._errors!.length) {
      const errors = this._errors!;
      this._errors = null;
      let all = true;
      // The engine's own errors (TypeError, RangeError...) are Python's TypeError and the like,
      // Exceptions (on Espruino they are not even `instanceof Error`); only BaseExceptions that
      // are not Exceptions (CancelledError...) make it a BaseExceptionGroup.
      for (let i = 0; i < errors.length; i++) {
        const e = errors[i];
        if (e instanceof BaseException && !(e instanceof Exception)) all = false;
      }
      const msg = "unhandled errors in a TaskGroup";
      throw all ? new ExceptionGroup(msg, errors) : new BaseExceptionGroup(msg, errors);
    }
    return undefined;
  }

  create_task(coro: any): Task {
    if (!this._entered) throw new RuntimeError("TaskGroup " + this + " has not been entered");
    if (this._exiting && this._tasks.length === 0) throw new RuntimeError("TaskGroup " + this + " is finished");
    if (this._aborting) throw new RuntimeError("TaskGroup " + this + " is shutting down");
    const t = core.create_task(coro);
    _on_done(t, this._done);
    this._tasks.push(t);
    return t;
  }

  _abort(): void {
    this._aborting = true;
    for (let i = 0; i < this._tasks.length; i++) if (!this._tasks[i].done()) this._tasks[i].cancel();
  }

  async _on_task_done(t: Task, v: any, x: boolean) {
    const i = this._tasks.indexOf(t);
    if (i >= 0) this._tasks.splice(i, 1);
    if (this._on_completed !== null && this._tasks.length === 0) this._on_completed.set();
    if (!x || v instanceof CancelledError) return;
    this._errors!.push(v);
    const parent = this._parent_task!;
    if (parent.done()) {
      call_exception_handler({
        message: "Task " + t + " has errored out but its parent task " + parent + " is already completed",
        exception: v,
        task: t,
      });
      return;
    }
    if (!this._aborting && !this._parent_cancel_requested) {
      // Cancel what the body awaits now; __aexit__ takes the cancellation back.
      this._abort();
      this._parent_cancel_requested = true;
      parent.cancel();
    }
  }
}
