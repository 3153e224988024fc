// MicroPython's ticks arithmetic: ticks wrap with a period of 2^30 (the small-int range of a
// 32-bit port), so every comparison between two ticks must go through ticks_diff().
import { OverflowError } from "../runtime/errors";

// The scheduler's hot paths write TICKS_MAX and TICKS_HALF as literals (0x3fffffff,
// 0x20000000): terser leaves these constants as variables (the literal is longer), and on
// Kaluma's JerryScript finding a variable of the bundle's outer scope costs up to ~150 us.
export const TICKS_PERIOD = 0x40000000;
export const TICKS_MAX = TICKS_PERIOD - 1;
export const TICKS_HALF = TICKS_PERIOD / 2;

export function ticks_add(ticks: number, delta: number): number {
  // Same check and message as MicroPython: a delta this large could not be compared afterwards.
  if (!(delta < TICKS_HALF && delta >= -TICKS_HALF)) {
    throw new OverflowError("ticks interval overflow");
  }
  return (ticks + delta) & TICKS_MAX;
}

// Signed distance from t2 to t1 in (-2^29, 2^29].
export function ticks_diff(t1: number, t2: number): number {
  return ((t1 - t2 + TICKS_HALF) & TICKS_MAX) - TICKS_HALF;
}
