// Queue, LifoQueue and PriorityQueue: CPython 3.11's asyncio.queues (MicroPython has none,
// micropython#5828). Waiting tasks are parked on TaskQueues as Event's and Lock's are (first
// come, first served; nothing allocated), and one waiter is woken per item (or free slot). A
// woken task that is cancelled before it runs passes its turn on, so a cancelled get() or
// put() loses no item and skips no waiter (CPython's `if not getter.cancelled()`).
import { TaskQueue } from "./taskqueue";
import { Exception, ValueError } from "../runtime/errors";
import { Event } from "./event";
import * as core from "./core";

export class QueueEmpty extends Exception {
  get name(): string {
    return "QueueEmpty";
  }
}
export class QueueFull extends Exception {
  get name(): string {
    return "QueueFull";
  }
}

// Wakes the first task parked on `waiting`, noting it in `woke` (woken, not yet run).
export function wake_next(waiting: TaskQueue, woke: any[]): void {
  if (waiting.peek() === null) return;
  const t = waiting.pop();
  woke.push(t);
  core._hot.push(t);
  core._wake();
}

// Parks the running task on `waiting` until woken. Returns normally once woken (off `woke`
// again); if cancelled meanwhile, passes a turn it was given on (when `more()`) and raises.
export async function park(waiting: TaskQueue, woke: any[], more: () => boolean) {
  const t = core._hot.cur!;
  waiting.push(t);
  t.data = waiting; // so cancel() can unlink it
  try {
    await core._never;
  } catch (e) {
    const i = woke.indexOf(t);
    if (i >= 0) {
      woke.splice(i, 1);
      if (more()) wake_next(waiting, woke);
    }
    throw e;
  }
  const i = woke.indexOf(t);
  if (i >= 0) woke.splice(i, 1);
}

export class Queue {
  maxsize: number;
  _q: any[] = [];
  _getters = new TaskQueue();
  _putters = new TaskQueue();
  _gwoke: any[] = [];
  _pwoke: any[] = [];
  _unfinished = 0;
  _finished = new Event();

  constructor(maxsize: number = 0) {
    this.maxsize = maxsize;
    this._finished.set();
  }

  // The storage: FIFO here (shift(): Espruino's arrays are linked lists, so the head is cheap).
  _put(item: any): void {
    this._q.push(item);
  }
  _get(): any {
    return this._q.shift();
  }

  qsize(): number {
    return this._q.length;
  }
  empty(): boolean {
    return this._q.length === 0;
  }
  full(): boolean {
    return this.maxsize > 0 && this._q.length >= this.maxsize;
  }

  async put(item: any) {
    const self = this;
    while (this.full()) await park(this._putters, this._pwoke, () => !self.full());
    this.put_nowait(item);
  }

  put_nowait(item: any): void {
    if (this.full()) throw new QueueFull();
    this._put(item);
    this._unfinished++;
    this._finished.clear();
    wake_next(this._getters, this._gwoke);
  }

  async get() {
    const self = this;
    while (this.empty()) await park(this._getters, this._gwoke, () => !self.empty());
    return this.get_nowait();
  }

  get_nowait(): any {
    if (this.empty()) throw new QueueEmpty();
    const item = this._get();
    wake_next(this._putters, this._pwoke);
    return item;
  }

  task_done(): void {
    if (this._unfinished <= 0) throw new ValueError("task_done() called too many times");
    if (--this._unfinished === 0) this._finished.set();
  }

  async join() {
    if (this._unfinished > 0) await this._finished.wait();
  }
}

export class LifoQueue extends Queue {
  _get(): any {
    return this._q.pop();
  }
}

// CPython compares entries with <: numbers and strings here, and arrays (CPython's tuples,
// e.g. [priority, item]) element by element.
function lt(a: any, b: any): boolean {
  if (a instanceof Array && b instanceof Array) {
    const n = a.length < b.length ? a.length : b.length;
    for (let i = 0; i < n; i++) {
      if (lt(a[i], b[i])) return true;
      if (lt(b[i], a[i])) return false;
    }
    return a.length < b.length;
  }
  return a < b;
}

// A binary heap in the array, smallest first (CPython's heapq).
export class PriorityQueue extends Queue {
  _put(item: any): void {
    const q = this._q;
    let i = q.length;
    q.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!lt(item, q[p])) break;
      q[i] = q[p];
      i = p;
    }
    q[i] = item;
  }
  _get(): any {
    const q = this._q;
    const top = q[0];
    const last = q.pop();
    const n = q.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && lt(q[c + 1], q[c])) c++;
        if (!lt(q[c], last)) break;
        q[i] = q[c];
        i = c;
      }
      q[i] = last;
    }
    return top;
  }
}
