// Semaphore and BoundedSemaphore: CPython 3.11's asyncio.locks (MicroPython has none,
// micropython#5858). As Lock, release() hands a unit straight to the first waiter (the value
// is taken on its behalf), so nobody barges in; a woken waiter cancelled before it runs gives
// the unit back and wakes the next one.
import { TaskQueue } from "./taskqueue";
import { ValueError } from "../runtime/errors";
import * as core from "./core";

export class Semaphore {
  _value: number;
  _waiters = new TaskQueue();
  _woke: any[] = []; // handed a unit, not yet run

  constructor(value: number = 1) {
    if (value < 0) throw new ValueError("Semaphore initial value must be >= 0");
    this._value = value;
  }

  locked(): boolean {
    // (CPython counts a woken waiter that has not run yet: its future is still in _waiters)
    return this._value === 0 || this._waiters.peek() !== null || this._woke.length > 0;
  }

  async acquire() {
    if (!this.locked()) {
      this._value--;
      return true;
    }
    const t = core._hot.cur!;
    this._waiters.push(t);
    t.data = this._waiters; // so cancel() can unlink it
    try {
      await core._never;
    } catch (e) {
      const i = this._woke.indexOf(t);
      if (i >= 0) {
        this._woke.splice(i, 1);
        this._value++;
        this._wake_up_next();
      }
      throw e;
    }
    const i = this._woke.indexOf(t);
    if (i >= 0) this._woke.splice(i, 1);
    if (this._value > 0) this._wake_up_next();
    return true;
  }

  release(): void {
    this._value++;
    this._wake_up_next();
  }

  _wake_up_next(): void {
    if (this._waiters.peek() === null) return;
    const t = this._waiters.pop();
    this._value--;
    this._woke.push(t);
    core._hot.push(t);
    core._wake();
  }

  // `async with sem:` in CPython; in TypeScript:
  //   await sem.__aenter__(); try { ... } finally { await sem.__aexit__(); }
  async __aenter__() {
    return await this.acquire();
  }

  async __aexit__(_exc_type?: any, _exc?: any, _tb?: any) {
    return this.release();
  }
}

export class BoundedSemaphore extends Semaphore {
  _bound_value: number;

  constructor(value: number = 1) {
    super(value);
    this._bound_value = value;
  }

  release(): void {
    if (this._value >= this._bound_value) throw new ValueError("BoundedSemaphore released too many times");
    super.release();
  }
}
