// Event and ThreadSafeFlag (MicroPython's extmod/asyncio/event.py).
import { TaskQueue } from "./taskqueue";
import { RuntimeError } from "../runtime/errors";
import * as core from "./core";
import { _io_wait, _io_wake } from "./io";

export class Event {
  state = false;
  waiting = new TaskQueue(); // tasks waiting for set()

  is_set(): boolean {
    return this.state;
  }

  // Safe from callbacks outside tasks too (pin watches, timers): JS never preempts a task.
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
      const t = core._hot.cur!;
      this.waiting.push(t);
      t.data = this.waiting; // so cancel() can unlink it
      await core._never;
    }
    return true;
  }
}

// For code outside the scheduler (IRQ handlers, timers, Promise callbacks): set() queues the
// waiter directly and wakes an idle loop. ONE waiter at a time; wait() clears the flag.
export class ThreadSafeFlag {
  state = 0;
  waiting: any = null;

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
  remove(t: any): void {
    if (this.waiting === t) {
      this.waiting = null;
      _io_wait(-1);
    }
  }
}
