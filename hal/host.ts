// The host board: Node (or any engine with setTimeout) in real time. The scheduler hands
// control back to the engine between steps, so a REPL stays usable while tasks run.
import { set_driver } from "../src/runtime/driver";
import { TICKS_MAX } from "../src/time/ticks";

declare const performance: { now(): number } | undefined;
const clock = typeof performance !== "undefined" && performance ? performance : Date;
const t0 = clock.now();
function elapsed_ms(): number {
  return clock.now() - t0;
}

let timer: any = null;

export const host = {
  name: "host",
  ticks_ms(): number {
    return Math.floor(elapsed_ms()) & TICKS_MAX;
  },
  ticks_us(): number {
    return Math.floor(elapsed_ms() * 1000) % (TICKS_MAX + 1);
  },
  arm(dt: number, pump: () => void): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (dt >= 0) {
      timer = setTimeout(function () {
        timer = null;
        pump();
      }, dt);
    }
  },
  sleep_ms(ms: number): void {
    // Blocking, as MicroPython's time.sleep_ms.
    const end = elapsed_ms() + ms;
    while (elapsed_ms() < end) {}
  },
};

set_driver(host);
