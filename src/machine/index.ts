// The `machine` module: MicroPython's machine.Pin over the board's HAL driver.
import { IN, OUT, OPEN_DRAIN, PULL_UP, PULL_DOWN, IRQ_RISING, IRQ_FALLING } from "../runtime/driver";
import { ValueError } from "../runtime/errors";

export interface Pin {
  readonly id: any;
  init(mode?: number, pull?: number | null, value?: any): void;
  value(x?: any): any;
  on(): void;
  off(): void;
  toggle(): void;
  irq(handler?: ((pin: Pin) => void) | null, trigger?: number, opts?: { debounce?: number }): Pin;
}

export interface PinClass {
  (id: any, mode?: number, pull?: number | null, value?: any): Pin;
  new (id: any, mode?: number, pull?: number | null, value?: any): Pin;
  readonly IN: number;
  readonly OUT: number;
  readonly OPEN_DRAIN: number;
  readonly PULL_UP: number;
  readonly PULL_DOWN: number;
  readonly IRQ_RISING: number;
  readonly IRQ_FALLING: number;
}

// In a module of its own so that pyb.LED uses it without bringing in machine.Pin (and, with
// `--repl app`, the REPL's `machine` global): on the pico blink that was 1.6 KB of code and
// 2.3 KB of Kaluma heap.
export { gpio } from "./gpio";
import { gpio } from "./gpio";

function check_mode(mode: any): void {
  if (mode !== undefined && mode !== -1 && mode !== IN && mode !== OUT && mode !== OPEN_DRAIN) {
    throw new ValueError("invalid pin mode: " + String(mode));
  }
}

function check_pull(pull: any): void {
  if (pull !== undefined && pull !== null && pull !== -1 && pull !== PULL_UP && pull !== PULL_DOWN) {
    throw new ValueError("invalid pull: " + String(pull));
  }
}

export function level(v: any): number {
  if (v === true || v === 1) return 1;
  if (v === false || v === 0) return 0;
  throw new ValueError("invalid pin value: " + String(v) + " (use 0, 1, true or false)");
}

function PinImpl(this: any, id: any, mode?: number, pull?: number | null, value?: any): any {
  if (!(this instanceof (PinImpl as any))) return new (PinImpl as any)(id, mode, pull, value);
  // Everything is checked before the hardware is touched: nothing half-configured.
  const g = gpio();
  const p = g.pin(id);
  this._g = g; // kept: finding gpio() costs on Kaluma's JerryScript (see src/asyncio/core.ts)
  this.id = id;
  this._p = p;
  this._mode = -1;
  this._out = 0;
  this._watch = null;
  this.init(mode, pull, value);
}

PinImpl.prototype.init = function (this: any, mode?: number, pull?: number | null, value?: any): void {
  check_mode(mode);
  check_pull(pull);
  const v = value === undefined || value === null ? -1 : level(value);
  const m = mode === undefined ? -1 : mode;
  const pl = pull === undefined || pull === null ? -1 : pull;
  // Drive the requested level before switching to output, as MicroPython does.
  if (v >= 0) this._out = v;
  if (m !== -1 || pl !== -1) {
    this._mode = m === -1 ? this._mode : m;
    this._g.setup(this._p, this._mode === -1 ? IN : this._mode, pl);
  }
  if (v >= 0) this._g.write(this._p, v);
};

PinImpl.prototype.value = function (this: any, x?: any): any {
  if (x === undefined) return this._g.read(this._p);
  this._out = x === 1 || x === 0 ? x : level(x);
  this._g.write(this._p, this._out);
};

PinImpl.prototype.on = function (this: any): void {
  this.value(1);
};

PinImpl.prototype.off = function (this: any): void {
  this.value(0);
};

PinImpl.prototype.toggle = function (this: any): void {
  this.value(this._out ? 0 : 1);
};

// handler(pin) runs from the engine's event loop (never inside a task), so it may call
// ThreadSafeFlag.set() or Event.set() to wake tasks.
PinImpl.prototype.irq = function (this: any, handler?: ((pin: Pin) => void) | null, trigger?: number, opts?: { debounce?: number }): Pin {
  const edges = trigger === undefined ? IRQ_RISING | IRQ_FALLING : trigger;
  if (edges !== IRQ_RISING && edges !== IRQ_FALLING && edges !== (IRQ_RISING | IRQ_FALLING)) {
    throw new ValueError("invalid irq trigger: " + String(trigger));
  }
  if (handler !== undefined && handler !== null && typeof handler !== "function") {
    throw new ValueError("irq handler must be a function or None");
  }
  const debounce = opts && opts.debounce ? opts.debounce : 0;
  const g = gpio();
  if (this._watch !== null) {
    g.unwatch(this._watch);
    this._watch = null;
  }
  if (handler) {
    const pin = this;
    this._watch = g.watch(
      this._p,
      edges,
      function () {
        handler(pin);
      },
      debounce,
    );
  }
  return this;
};

PinImpl.prototype.toString = function (this: any): string {
  return "Pin(" + String(this.id) + ")";
};

const P: any = PinImpl;
P.IN = IN;
P.OUT = OUT;
P.OPEN_DRAIN = OPEN_DRAIN;
P.PULL_UP = PULL_UP;
P.PULL_DOWN = PULL_DOWN;
P.IRQ_RISING = IRQ_RISING;
P.IRQ_FALLING = IRQ_FALLING;

export const Pin: PinClass = P;
