// Lock (MicroPython's extmod/asyncio/lock.py). release() hands the lock straight to the next
// waiter (state holds that Task until it runs), so nobody can barge in meanwhile.
import { TaskQueue } from "./taskqueue";
import { RuntimeError, CancelledError } from "../runtime/errors";
import * as core from "./core";
import type { Task } from "./task";

// A primitive mutex.
export class Lock {
  // 0: unlocked; 1: locked; a Task: unlocked, but this task has been scheduled to acquire
  // the lock next.
  state: 0 | 1 | Task = 0;
  waiting = new TaskQueue(); // queue of tasks waiting to acquire this lock

  locked(): boolean {
    return this.state === 1;
  }

  release(): void {
    if (this.state !== 1) throw new RuntimeError("Lock not acquired");
    if (this.waiting.peek() !== null) {
      // Task(s) waiting on lock, schedule next Task.
      const t = this.waiting.pop() as Task;
      this.state = t;
      core._hot.push(t);
      core._wake();
    } else {
      // No Task waiting so unlock.
      this.state = 0;
    }
  }

  async acquire() {
    if (this.state !== 0) {
      // Lock unavailable, put the calling Task on the waiting queue.
      const t = core._hot.cur!;
      this.waiting.push(t);
      // Set calling task's data to the lock's queue so it can be removed if needed.
      t.data = this.waiting;
      try {
        await core._never;
      } catch (er) {
        // Cancelled while pending on resume (handed the lock): schedule next waiting Task.
        if (er instanceof CancelledError && this.state === t) {
          this.state = 1;
          this.release();
        }
        throw er;
      }
    }
    // Lock available, set it as locked.
    this.state = 1;
    return true;
  }

  // `async with lock:` in MicroPython; in TypeScript:
  //   await lock.__aenter__(); try { ... } finally { await lock.__aexit__(); }
  async __aenter__() {
    return await this.acquire();
  }

  async __aexit__(_exc_type?: any, _exc?: any, _tb?: any) {
    return this.release();
  }
}
