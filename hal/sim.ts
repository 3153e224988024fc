// The sim board: virtual time. The clock only moves when the scheduler idles, and then it
// jumps straight to the next deadline, so a 10 s program runs in milliseconds with exact
// timings. Outside events (scripted pin changes, later) are callbacks at virtual times.
// No Node API: the bundle runs on any ES5 engine.
import { set_driver } from "../src/runtime/driver";
import { TICKS_MAX } from "../src/time/ticks";

// Virtual time in microseconds since the sim started, and the tick the clock started at
// (settable, so tests can start just before the 2^30 wrap).
let now_us = 0;
let start_tick = 0;

interface SimEvent {
  at: number; // us
  fn: () => void;
}
let events: SimEvent[] = []; // sorted by time, then insertion

export const sim = {
  name: "sim",
  ticks_ms(): number {
    return (start_tick + Math.floor(now_us / 1000)) & TICKS_MAX;
  },
  ticks_us(): number {
    return (start_tick * 1000 + now_us) % (TICKS_MAX + 1);
  },
  // Virtual milliseconds since the sim started (not wrapped).
  elapsed_ms(): number {
    return now_us / 1000;
  },
  // Restart the virtual clock at `tick` ms (wrapped to 2^30).
  reset(tick = 0): void {
    now_us = 0;
    start_tick = tick & TICKS_MAX;
    events = [];
  },
  // Call fn when virtual time reaches `ms` after the sim started.
  at(ms: number, fn: () => void): void {
    const e = { at: Math.round(ms * 1000), fn };
    let i = events.length;
    while (i > 0 && events[i - 1].at > e.at) i--;
    events.splice(i, 0, e);
  },
  idle(dt: number): boolean {
    const target = dt < 0 ? -1 : (Math.floor(now_us / 1000) + dt) * 1000;
    // Outside events due before the deadline happen first; they may queue tasks.
    if (events.length > 0 && (target < 0 || events[0].at <= target)) {
      const e = events.shift()!;
      if (e.at > now_us) now_us = e.at;
      e.fn();
      return true;
    }
    if (target < 0) return false;
    if (target > now_us) now_us = target;
    return true;
  },
  sleep_ms(ms: number): void {
    now_us += Math.round(ms * 1000);
  },
};

set_driver(sim);
