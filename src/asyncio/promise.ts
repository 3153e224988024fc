// Promises and the scheduler, both ways (not in MicroPython, which has no Promise):
// - a task may await a Promise or any thenable: it waits outside the scheduler, like I/O, and
//   is queued again when the thenable settles (a cancel() in between unlinks it);
// - plain JS code may await a Task (Task.then): it is told the outcome the moment the task
//   finishes (the loop may stop right after the main task).
import type { Task } from "./task";
import * as core from "./core";
import { _io_wait } from "./io";

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
    _io_wait(-1);
    core._hot.push(t);
    core._wake();
  }
  // Task.cancel() unlinks the waiter: a later settlement is ignored.
  remove(_t: Task): void {
    if (this.task !== null) {
      this.task = null;
      _io_wait(-1);
    }
  }
}

// t awaits the thenable p.
export function await_thenable(t: Task, p: any): void {
  const w = new PromiseWait(t);
  t.data = w;
  t.aw = w;
  _io_wait(1);
  p.then(
    function (v: any) {
      w.settle(v, false);
    },
    function (e: any) {
      w.settle(e, true);
    },
  );
}

// Task.then() registrations: [task, resolve, reject, ...]. Always the same array (the core
// tests its length when a task finishes).
export const _thens: any[] = [];

export function _then(t: Task, resolve: (v: any) => void, reject: (e: any) => void): void {
  _thens.push(t, resolve, reject);
}

// t finished: tell its then() callbacks. True when it had some (its outcome is retrieved).
export function settle_thens(t: Task): boolean {
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
