// The `time` module (MicroPython's time/utime): ticks come from the board's HAL driver.
import { driver } from "../runtime/driver";
import { ValueError } from "../runtime/errors";
export { ticks_add, ticks_diff, TICKS_PERIOD } from "./ticks";

export function ticks_ms(): number {
  return driver.ticks_ms();
}

export function ticks_us(): number {
  return driver.ticks_us();
}

// Blocking, as in MicroPython: nothing else runs meanwhile (use asyncio.sleep_ms in tasks).
// On the sim board it advances virtual time.
export function sleep_ms(ms: number): void {
  block(ms, 1, "int");
}

export function sleep_us(us: number): void {
  block(us, 0.001, "int");
}

export function sleep(s: number): void {
  block(s, 1000, "float");
}

// Checks the argument as MicroPython's int()/float() would, then waits.
function block(v: number, to_ms: number, type: string): void {
  if (!driver.sleep_ms) throw new Error("time.sleep_ms is not available on the " + driver.name + " board");
  if (typeof v !== "number") throw new TypeError("can't convert " + typeof v + " to " + type);
  if (v !== v) throw new ValueError("cannot convert float NaN to integer");
  const ms = v * to_ms;
  driver.sleep_ms(ms > 0 ? ms : 0);
}
