// Lock (MicroPython's extmod/asyncio/lock.py). release() hands the lock straight to the next
// waiter (state holds that Task until it runs), so nobody can barge in meanwhile.
import { TaskQueue } from "./taskqueue";
import { RuntimeError, CancelledError } from "../runtime/errors";
import * as core from "./core";

export class Lock {
  state: any = 0; // 0 unlocked, 1 locked, or the Task being handed the lock
  waiting = new TaskQueue();

  locked(): boolean {
    return this.state === 1;
  }

  release(): void {
    if (this.state !== 1) throw new RuntimeError("Lock not acquired");
    if (this.waiting.peek() !== null) {
      this.state = this.waiting.pop();
      core._hot.push(this.state);
      core._wake();
    } else {
      this.state = 0;
    }
  }

  async acquire() {
    if (this.state !== 0) {
      const t = core._hot.cur!;
      this.waiting.push(t);
      t.data = this.waiting;
      try {
        await core._never;
      } catch (er) {
        // Cancelled after being handed the lock: pass it on.
        if (er instanceof CancelledError && this.state === t) {
          this.state = 1;
          this.release();
        }
        throw er;
      }
    }
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
