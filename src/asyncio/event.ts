// Event and ThreadSafeFlag (MicroPython's extmod/asyncio/event.py).
import { TaskQueue } from "./taskqueue";
import { RuntimeError } from "../runtime/errors";
import * as core from "./core";
import type { Task } from "./task";
import { _io_wait, _io_wake } from "./io";

// Primitive events that can be waited on, set, and cleared.
export class Event {
  state = false; // false: unset; true: set
  waiting = new TaskQueue(); // queue of tasks waiting on completion of this event

  is_set(): boolean {
    return this.state;
  }

  // Event becomes set, schedule any tasks waiting on it. Unlike MicroPython's (not from an
  // IRQ), safe from callbacks outside tasks too (pin watches, timers): JS never preempts a
  // task, so the queue is never seen half-changed.
  set(): void {
    while (this.waiting.peek() !== null) core._hot.push(this.waiting.pop());
    this.state = true;
    core._wake();
  }

  clear(): void {
    this.state = false;
  }

  // Returns true; does not re-check the flag after waking, as MicroPython.
  async wait() {
    if (!this.state) {
      // Event not set, put the calling task on the event's waiting queue.
      const t = core._hot.cur!;
      this.waiting.push(t);
      // Set calling task's data to the event's queue so it can be removed if needed.
      t.data = this.waiting;
      await core._never;
    }
    return true;
  }
}

// MicroPython's extension: set from outside the asyncio loop (IRQ handlers, timers, Promise
// callbacks). MicroPython's is a stream the loop polls; here set() hands the waiter to the
// loop's next I/O poll directly (io.ts) and wakes an idle loop. ONE waiter at a time; unlike
// Event, it is self-clearing after a wait().
export class ThreadSafeFlag {
  state = 0;
  waiting: Task | null = null;

  set(): void {
    this.state = 1;
    const t = this.waiting;
    if (t !== null) {
      this.waiting = null;
      _io_wake(t);
    }
  }

  clear(): void {
    this.state = 0;
  }

  async wait() {
    if (!this.state) {
      if (this.waiting !== null) throw new RuntimeError("ThreadSafeFlag already has a waiting task");
      const t = core._hot.cur!;
      this.waiting = t;
      t.data = this;
      _io_wait(1); // an outside event can still wake the loop
      await core._never;
    }
    this.state = 0;
  }

  // Task.cancel() unlinks the waiter through this.
  remove(t: Task): void {
    if (this.waiting === t) {
      this.waiting = null;
      _io_wait(-1);
    }
  }
}
