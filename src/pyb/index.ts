// The `pyb` module: MicroPython's pyb.LED, numbered from 1 through the board's LED list.
import board from "board";
import { OUT } from "../runtime/driver";
import { ValueError } from "../runtime/errors";
import { gpio } from "../machine/gpio";

export interface LED {
  on(): void;
  off(): void;
  toggle(): void;
  intensity(value?: number): number | undefined;
}

export interface LEDClass {
  (n: number): LED;
  new (n: number): LED;
}

function LEDImpl(this: any, n: number): any {
  if (!(this instanceof (LEDImpl as any))) return new (LEDImpl as any)(n);
  const leds: any[] = board.leds;
  // As MicroPython's int argument: a wrong type is a TypeError, a wrong number a ValueError.
  if (typeof n !== "number") throw new TypeError("can't convert " + typeof n + " to int");
  if (n !== Math.floor(n)) throw new TypeError("can't convert float to int");
  if (n < 1 || n > leds.length) {
    throw new ValueError("LED(" + String(n) + ") doesn't exist (this board has " + leds.length + ")");
  }
  const g = gpio();
  this._g = g; // kept: finding gpio() costs on Kaluma's JerryScript (see src/asyncio/core.ts)
  this._p = g.pin(leds[n - 1]);
  this._n = n;
  this._i = 0; // intensity 0..255
  g.setup(this._p, OUT, -1);
  g.write(this._p, 0);
}

// intensity(255) and intensity(0), written out: blinking is what LEDs do most.
LEDImpl.prototype.on = function (this: any): void {
  this._g.write(this._p, 1);
  this._i = 255;
};

LEDImpl.prototype.off = function (this: any): void {
  this._g.write(this._p, 0);
  this._i = 0;
};

LEDImpl.prototype.toggle = function (this: any): void {
  this.intensity(this._i ? 0 : 255);
};

// Without PWM, any non-zero intensity is fully on, as on pyboards' non-dimmable LEDs.
LEDImpl.prototype.intensity = function (this: any, value?: number): number | undefined {
  if (value === undefined) return this._i;
  if (typeof value !== "number" || !(value >= 0 && value <= 255)) {
    throw new ValueError("LED intensity must be 0..255, not " + String(value));
  }
  const g = this._g;
  const i = value | 0; // floor: 0 <= value <= 255
  if (g.pwm && i > 0 && i < 255) g.pwm(this._p, i / 255);
  else g.write(this._p, i > 0 ? 1 : 0);
  this._i = i;
  return undefined;
};

LEDImpl.prototype.toString = function (this: any): string {
  return "LED(" + this._n + ")";
};

export const LED: LEDClass = LEDImpl as any;
