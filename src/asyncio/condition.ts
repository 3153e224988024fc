// Condition and Barrier: CPython 3.11's asyncio.locks (MicroPython has neither). Condition
// parks waiters on a TaskQueue as Event does; Barrier is CPython's own state machine over a
// Condition (filling, draining, resetting, broken), ported line by line.
import { TaskQueue } from "./taskqueue";
import { RuntimeError, CancelledError, ValueError } from "../runtime/errors";
import { Lock } from "./lock";
import { park, wake_next } from "./queue";

const never = () => false;

export class BrokenBarrierError extends RuntimeError {
  get name(): string {
    return "BrokenBarrierError";
  }
}

export class Condition {
  _lock: Lock;
  _waiters = new TaskQueue();
  _woke: any[] = []; // notified, not yet run (a notification is not passed on: CPython 3.11)

  constructor(lock?: Lock) {
    this._lock = lock === undefined || lock === null ? new Lock() : lock;
  }

  // The lock's own (CPython exports them from the lock).
  locked(): boolean {
    return this._lock.locked();
  }
  acquire() {
    return this._lock.acquire();
  }
  release(): void {
    this._lock.release();
  }

  // Releases the lock, waits for notify(), takes the lock again (even when cancelled: the
  // caller's `finally: release()` must hold), then returns true or raises.
  async wait() {
    if (!this.locked()) throw new RuntimeError("cannot wait on un-acquired lock");
    this.release();
    let error: any = null;
    try {
      await park(this._waiters, this._woke, never);
    } catch (e) {
      error = e;
    }
    let cancelled = false;
    for (;;) {
      try {
        await this.acquire();
        break;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        cancelled = true;
      }
    }
    if (cancelled) throw new CancelledError();
    if (error !== null) throw error;
    return true;
  }

  async wait_for(predicate: () => any) {
    let result = predicate();
    while (!result) {
      await this.wait();
      result = predicate();
    }
    return result;
  }

  notify(n: number = 1): void {
    if (!this.locked()) throw new RuntimeError("cannot notify on un-acquired lock");
    for (let i = 0; i < n && this._waiters.peek() !== null; i++) wake_next(this._waiters, this._woke);
  }

  notify_all(): void {
    this.notify(Infinity);
  }

  // `async with cond:` in CPython; in TypeScript:
  //   await cond.__aenter__(); try { ... } finally { await cond.__aexit__(); }
  async __aenter__() {
    return await this.acquire();
  }

  async __aexit__(_exc_type?: any, _exc?: any, _tb?: any) {
    return this.release();
  }
}

const FILLING = "filling";
const DRAINING = "draining";
const RESETTING = "resetting";
const BROKEN = "broken";

export class Barrier {
  _cond = new Condition();
  _parties: number;
  _state = FILLING;
  _count = 0; // tasks in the barrier

  constructor(parties: number) {
    if (parties < 1) throw new ValueError("parties must be > 0");
    this._parties = parties;
  }

  // Waits until `parties` tasks wait; returns this task's arrival index, 0 to parties - 1.
  async wait() {
    const cond = this._cond;
    await cond.acquire();
    try {
      await this._block(); // while the barrier drains or resets
      const index = this._count;
      this._count++;
      try {
        if (index + 1 === this._parties) this._release();
        else await this._wait();
        return index;
      } finally {
        this._count--;
        this._exit(); // wakes tasks waiting for the barrier to drain
      }
    } finally {
      cond.release();
    }
  }

  async _block() {
    const self = this;
    await this._cond.wait_for(() => self._state !== DRAINING && self._state !== RESETTING);
    if (this._state === BROKEN) throw new BrokenBarrierError("Barrier aborted");
  }

  _release(): void {
    this._state = DRAINING;
    this._cond.notify_all();
  }

  async _wait() {
    const self = this;
    await this._cond.wait_for(() => self._state !== FILLING);
    if (this._state === BROKEN || this._state === RESETTING) throw new BrokenBarrierError("Abort or reset of barrier");
  }

  _exit(): void {
    if (this._count === 0) {
      if (this._state === RESETTING || this._state === DRAINING) this._state = FILLING;
      this._cond.notify_all();
    }
  }

  // Back to the start: tasks waiting get BrokenBarrierError.
  async reset() {
    await this._cond.acquire();
    try {
      if (this._count > 0) {
        if (this._state !== RESETTING) this._state = RESETTING;
      } else this._state = FILLING;
      this._cond.notify_all();
    } finally {
      this._cond.release();
    }
  }

  // Broken for good: waiting tasks and later wait() calls get BrokenBarrierError.
  async abort() {
    await this._cond.acquire();
    try {
      this._state = BROKEN;
      this._cond.notify_all();
    } finally {
      this._cond.release();
    }
  }

  get parties(): number {
    return this._parties;
  }
  get n_waiting(): number {
    return this._state === FILLING ? this._count : 0;
  }
  get broken(): boolean {
    return this._state === BROKEN;
  }

  async __aenter__() {
    return await this.wait();
  }

  async __aexit__(_exc_type?: any, _exc?: any, _tb?: any) {}
}
