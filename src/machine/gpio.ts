// The board's pins as the HAL gives them, for machine.Pin and pyb.LED.
import { driver, type Gpio } from "../runtime/driver";
import { ValueError } from "../runtime/errors";

export function gpio(): Gpio {
  const g = driver.gpio;
  if (!g) throw new ValueError("the " + driver.name + " board has no pins");
  return g;
}
