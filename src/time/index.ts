// The `time` module (MicroPython's time/utime): ticks come from the board's HAL driver.
import { driver } from "../runtime/driver";
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
  if (!driver.sleep_ms) throw new Error("time.sleep_ms is not available on the " + driver.name + " board");
  driver.sleep_ms(ms > 0 ? ms : 0);
}

export function sleep_us(us: number): void {
  sleep_ms(us / 1000);
}

export function sleep(s: number): void {
  sleep_ms(s * 1000);
}
