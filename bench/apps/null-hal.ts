// The smallest HAL driver the scheduler runs on (a virtual clock that jumps to the next
// deadline, no pins): the bundle-size figures build the runtime with it, so that they measure
// the asyncio core rather than a board's driver.
import { set_driver } from "../../src/runtime/driver";

let now = 0;
set_driver({
  name: "null",
  ticks_ms() {
    return now & 0x3fffffff;
  },
  ticks_us() {
    return (now * 1000) % 0x40000000;
  },
  idle(dt: number): boolean {
    if (dt < 0) return false;
    now += dt;
    return true;
  },
});
