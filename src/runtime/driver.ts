// The one seam between the scheduler and a board: a clock and a way to wait.
// Each HAL driver (hal/*.ts) installs itself here when its module is evaluated.

export interface Driver {
  name: string;
  ticks_ms(): number; // wrapped to 2^30
  ticks_us(): number; // wrapped to 2^30
  // Blocking drivers (sim): wait up to dt ms (dt < 0: until an external event).
  // Return false when nothing outside the scheduler can ever happen again (a deadlock).
  idle?(dt: number): boolean;
  // Event-loop drivers (devices, host): call the scheduler's pump once after dt ms,
  // replacing any earlier arming (ONE re-armed timer); dt < 0 disarms.
  arm?(dt: number, pump: () => void): void;
  // Blocking busy wait for time.sleep_ms / sleep_us on devices.
  sleep_ms?(ms: number): void;
}

export let driver: Driver = {
  name: "none",
  ticks_ms() {
    throw new Error("no HAL driver installed: build for a board (npm run build -- --board sim ...) or import hal/sim");
  },
  ticks_us() {
    return driver.ticks_ms();
  },
};

export function set_driver(d: Driver): void {
  driver = d;
}
