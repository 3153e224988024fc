// The Espruino boards (ESP32, Espruino Pico) on Espruino 2v29. The scheduler runs from
// Espruino's own event loop: ONE timer, re-armed for the next deadline, so the REPL, setWatch
// and networking keep working between steps. Pins are Espruino's Pin objects.
// ES5 only (the bundle is ES5): no Symbol, Map, classes of our own or hoisting assumptions.
import board from "board";
import { set_driver, type Gpio, OUT, OPEN_DRAIN, PULL_UP, PULL_DOWN, IRQ_RISING, IRQ_FALLING } from "../src/runtime/driver";
import { TICKS_MAX } from "../src/time/ticks";
import { ValueError } from "../src/runtime/errors";
import { net } from "./net/espruino";

// Espruino's globals (https://www.espruino.com/Reference).
declare const getTime: () => number; // float seconds (setTime() moves it)
declare const pinMode: (pin: any, mode: string) => void;
declare const getPinMode: (pin: any) => string;
declare const digitalWrite: (pin: any, value: number) => void;
declare const digitalRead: (pin: any) => number;
declare const setWatch: (fn: (e: { state: boolean; time: number; lastTime: number }) => void, pin: any, opts: any) => number;
declare const clearWatch: (id: number) => void;
declare const analogWrite: (pin: any, value: number, opts?: any) => void;
declare const Pin: any; // the Pin class
declare const globalThis: any;
declare const require: (name: string) => any;

// Espruino exposes every pin as a global Pin object: D2, LED1, BTN1, A5...
const G: any = typeof globalThis !== "undefined" ? globalThis : Function("return this")();
const hasOwn = {}.hasOwnProperty;

// The scheduler's timer, and the pump it calls (kept so arm() creates no closure).
let timer: any = null;
let pump_fn: (() => void) | null = null;
function fire(): void {
  timer = null;
  pump_fn!();
}

function is_pin(v: any): boolean {
  // On Espruino `typeof D2` is "number", so instanceof is the only reliable test. `Pin` must be
  // named directly: `globalThis.Pin`, read before the name `Pin` was ever used, is a fresh
  // function object that nothing is an instance of (measured on 2v29).
  return v !== undefined && v !== null && typeof Pin === "function" && v instanceof Pin;
}

function pin_of(id: any): any {
  let v = id;
  if (is_pin(v)) return v;
  if (v !== null && typeof v === "object") v = v.pin; // an LED description {pin: "D2"}
  if (typeof v === "string" && hasOwn.call(board.pins, v)) v = (board.pins as any)[v];
  if (typeof v === "number" && v >= 0 && v === Math.floor(v)) v = "D" + v;
  if (typeof v === "string") {
    const p = G[v];
    if (is_pin(p)) return p;
  }
  return undefined;
}

// Pull of the pin's current mode, for setup(..., pull = -1) (unchanged).
function current_pull(p: any): number {
  const m = getPinMode(p);
  if (typeof m !== "string") return 0;
  return m.indexOf("pullup") >= 0 ? PULL_UP : m.indexOf("pulldown") >= 0 ? PULL_DOWN : 0;
}

// Pins driven by analogWrite, with the mode to restore before digital writes: a digitalWrite
// alone does not stop PWM on a pin whose mode was set with pinMode (STM32 keeps the timer's
// alternate function, software PWM keeps toggling).
const pwm_pins: any[] = [];
const pwm_modes: string[] = [];
function stop_pwm(p: any, restore: boolean): void {
  const i = pwm_pins.indexOf(p);
  if (i < 0) return;
  const mode = pwm_modes[i];
  pwm_pins.splice(i, 1);
  pwm_modes.splice(i, 1);
  if (restore) pinMode(p, mode);
}
// ESP32: hardware LEDC on any output pin ({soft: true} would force software PWM there).
// STM32 (Espruino Pico): a timer where the pin has one, else software PWM (its LEDs have none).
const pwm_opts: any = typeof G.ESP32 !== "undefined" ? { freq: 200 } : { freq: 200, soft: true };

// For error messages: an LED description shows its pin.
function describe(id: any): string {
  return String(id !== null && typeof id === "object" && id.pin !== undefined ? id.pin : id);
}

const gpio: Gpio = {
  pin(id: any): any {
    const p = pin_of(id);
    if (p === undefined) {
      throw new ValueError(
        "invalid pin: " +
          describe(id) +
          " (the " +
          board.name +
          " board has " +
          Object.keys(board.pins).join(", ") +
          " and Espruino's pin names such as D2)",
      );
    }
    return p;
  },
  setup(p: any, mode: number, pull: number): void {
    stop_pwm(p, false); // pinMode resets the pin's function
    const pl = pull === -1 ? current_pull(p) : pull;
    let m: string;
    if (mode === OUT) m = "output";
    else if (mode === OPEN_DRAIN) m = pl === PULL_UP ? "opendrain_pullup" : "opendrain";
    else m = pl === PULL_UP ? "input_pullup" : pl === PULL_DOWN ? "input_pulldown" : "input";
    pinMode(p, m);
  },
  write(p: any, v: number): void {
    if (pwm_pins.length > 0) stop_pwm(p, true);
    digitalWrite(p, v);
  },
  read(p: any): number {
    return digitalRead(p) ? 1 : 0;
  },
  watch(p: any, edges: number, fn: (level: number) => void, debounce_ms: number): any {
    const edge = edges === IRQ_RISING ? "rising" : edges === IRQ_FALLING ? "falling" : "both";
    return setWatch(
      function (e) {
        fn(e.state ? 1 : 0);
      },
      p,
      { repeat: true, edge: edge, debounce: debounce_ms > 0 ? debounce_ms : 0 },
    );
  },
  unwatch(h: any): void {
    // clearWatch() without an id clears EVERY watch.
    if (typeof h === "number") clearWatch(h);
  },
  pwm(p: any, duty: number): void {
    if (pwm_pins.indexOf(p) < 0) {
      pwm_pins.push(p);
      pwm_modes.push(getPinMode(p) || "output");
    }
    analogWrite(p, duty, pwm_opts);
  },
};

// A module flash.sh put in Storage: Espruino's require() evaluates a Storage file of that
// name, whose functions keep their code in flash.
function load(name: string): any {
  return require("Storage").read(name) === undefined ? null : require(name);
}

export const espruino = {
  name: "espruino",
  // Boards without a network ("net": false in the board file), and apps that do not use it
  // (__NET__, from the build), leave the socket layer out.
  net: __NET__ && board.net !== false ? net : undefined,
  gpio,
  // Only where the REPL's asyncio.ps() needs it (__INSPECT_ID__, from the build).
  load: __INSPECT_ID__ ? load : undefined,
  // getTime() is the only clock Espruino gives JS, and setTime() (the IDE calls it on connect)
  // moves it: sleeping tasks then wake early or late. ToInt32 of `&` is exact up to 2^53.
  ticks_ms(): number {
    return Math.floor(getTime() * 1000) & TICKS_MAX;
  },
  ticks_us(): number {
    return Math.floor(getTime() * 1000000) & TICKS_MAX;
  },
  arm(dt: number, pump: () => void): void {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    if (dt >= 0) {
      pump_fn = pump;
      timer = setTimeout(fire, dt);
    }
  },
  sleep_ms(ms: number): void {
    // Blocking, as MicroPython's time.sleep_ms: nothing else runs meanwhile.
    const end = getTime() + ms / 1000;
    while (getTime() < end) {}
  },
};

set_driver(espruino);
