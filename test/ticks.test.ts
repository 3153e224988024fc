import fc from "fast-check";
import { ticks_add, ticks_diff, TICKS_PERIOD, TICKS_MAX } from "../src/time/ticks";
import { OverflowError } from "../src/runtime/errors";

const HALF = TICKS_PERIOD / 2;
const tick = fc.integer({ min: 0, max: TICKS_MAX });
const delta = fc.integer({ min: -HALF, max: HALF - 1 });

test("ticks_add wraps into [0, 2^30) and ticks_diff undoes it, across the wrap", () => {
  fc.assert(
    fc.property(tick, delta, (t, d) => {
      const u = ticks_add(t, d);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThanOrEqual(TICKS_MAX);
      expect(ticks_diff(u, t)).toBe(d);
    }),
  );
});

test("ticks_diff is antisymmetric and agrees with plain subtraction near the wrap", () => {
  expect(ticks_diff(5, TICKS_MAX - 4)).toBe(10);
  expect(ticks_diff(TICKS_MAX - 4, 5)).toBe(-10);
  expect(ticks_add(TICKS_MAX, 1)).toBe(0);
  expect(ticks_add(0, -1)).toBe(TICKS_MAX);
  fc.assert(
    fc.property(tick, tick, (a, b) => {
      const d = ticks_diff(a, b);
      expect(d).toBeGreaterThanOrEqual(-HALF);
      expect(d).toBeLessThan(HALF);
      if (d !== -HALF) expect(ticks_diff(b, a)).toBe(-d || 0); // not -0
    }),
  );
});

test("an interval of half the period or more is an OverflowError, as in MicroPython", () => {
  expect(() => ticks_add(0, HALF)).toThrow(OverflowError);
  expect(() => ticks_add(0, -HALF - 1)).toThrow("ticks interval overflow");
  expect(() => ticks_add(0, NaN)).toThrow(OverflowError);
});
