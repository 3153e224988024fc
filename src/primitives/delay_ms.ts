// Delay_ms: Peter Hinch's retriggerable software timer (micropython-async v3,
// primitives/delay_ms.py), its logic kept: trigger() (re)starts it, moving the end time
// forwards or, with a shorter duration, backwards; at the end it calls the callback (an async
// one runs as a task) and sets the event wait() awaits. One task sleeps while it runs: a
// retrigger only moves the end time, and the task sleeps again when it wakes early.
import * as asyncio from "../asyncio/index";
import { ticks_ms, ticks_add, ticks_diff } from "../time/index";
import { _hot } from "../asyncio/core";
import { launch } from "./launch";

export class Delay_ms {
  _func: ((...args: any[]) => any) | null;
  _args: any[];
  _duration: number;
  _tstop: number | null = null; // end time (ms); null: not running
  _tsave: number | null = null; // the end time, kept for a restarted timer task
  _ktask: asyncio.Task | null = null; // the timer task
  _retrn: any = null; // what the callback returned
  _tout = new asyncio.Event(); // set at the end

  constructor(func: ((...args: any[]) => any) | null = null, args: any[] = [], duration = 1000) {
    this._func = func;
    this._args = args;
    this._duration = duration;
  }

  stop(): void {
    const t = this._ktask;
    // (From its own callback the timer has already ended: nothing to stop.)
    if (t !== null && t !== _hot.cur) t.cancel();
  }

  trigger(duration = 0): void {
    const now = ticks_ms();
    if (duration <= 0) duration = this._duration; // the default set by the constructor
    this._retrn = null;
    this._tout.clear();
    const is_running = this._tstop !== null;
    const tstop = this._tstop;
    // Retriggering normally just moves the end time for the running timer task.
    this._tstop = ticks_add(now, duration);
    // Except when the end comes sooner than the running task will wake: start a new one.
    const can = is_running && duration < ticks_diff(tstop!, now);
    if (!is_running || can) {
      if (can) this._ktask!.cancel();
      this._ktask = asyncio.create_task(this._timer(can));
    }
  }

  // Running or not (MicroPython-async: calling the object, or running()).
  running(): boolean {
    return this._tstop !== null;
  }
  __call__(): boolean {
    return this._tstop !== null;
  }

  // What the callback returned at the last end (its Task for an async callback).
  rvalue(): any {
    return this._retrn;
  }

  callback(func: ((...args: any[]) => any) | null = null, args: any[] = []): void {
    this._func = func;
    this._args = args;
  }

  // Waits for the next end (a stop() is not one).
  async wait() {
    return await this._tout.wait();
  }
  clear(): void {
    this._tout.clear();
  }

  deinit(): void {
    this.stop();
  }

  async _timer(restart: boolean) {
    if (restart) this._tstop = this._tsave; // the end time the cancelled task left
    let ended = false;
    try {
      let twait = ticks_diff(this._tstop!, ticks_ms());
      while (twait > 0) {
        // Must loop: a retrigger may have moved the end while we slept.
        await asyncio.sleep_ms(twait);
        twait = ticks_diff(this._tstop!, ticks_ms());
      }
      // Stopped before the callback runs (MicroPython-async stops after it): so the callback
      // sees the timer stopped and may trigger it again.
      ended = true;
      this._tsave = this._tstop;
      this._tstop = null;
      if (this._func !== null) this._retrn = launch(this._func, this._args);
      this._tout.set();
    } finally {
      if (!ended) {
        // Stopped, or cancelled by a trigger that brings the end forward: the end time is
        // kept for the timer task that trigger starts.
        this._tsave = this._tstop;
        this._tstop = null;
      }
    }
  }
}
