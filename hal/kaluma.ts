// The Kaluma boards: Raspberry Pi Pico and Pico W on Kaluma 1.2 (JerryScript 2.4), Pico 2 on
// Kaluma 1.3. The scheduler runs from Kaluma's event loop (timers, tty, pin watches, ... then
// Promise jobs; it never sleeps) with ONE timer re-armed for the next deadline. Pins are GPIO
// numbers; the Pico W's LED is GPIO 0 of its wireless chip, driven through pico_cyw43.
import board from "board";
import { set_driver, type Gpio, OUT, OPEN_DRAIN, PULL_UP, PULL_DOWN, IRQ_RISING, IRQ_FALLING } from "../src/runtime/driver";
import { TICKS_MAX } from "../src/time/ticks";
import { ValueError } from "../src/runtime/errors";
import { net } from "./net/kaluma";

// Kaluma's globals (https://kalumajs.org/docs/api/).
declare const setTimeout: (fn: () => void, delay: number) => number; // delay required; no extra args
declare const clearTimeout: (id: number) => void; // throws unless given a number
declare const millis: () => number;
declare const micros: () => number;
declare const delay: (ms: number) => void; // busy wait
declare const delayMicroseconds: (us: number) => void;
declare const pinMode: (pin: number | number[], mode: number) => void;
declare const digitalWrite: (pin: number | number[], value: number) => void;
declare const digitalRead: (pin: number) => number;
declare const setWatch: (fn: (pin: number) => void, pin: number, events: number, debounce: number) => number;
declare const clearWatch: (id: number) => void;
declare const INPUT: number;
declare const OUTPUT: number;
declare const INPUT_PULLUP: number;
declare const INPUT_PULLDOWN: number;
declare const RISING: number;
declare const FALLING: number;
declare const CHANGE: number;
// Kaluma's global object; its startup code puts require() (built-in modules only) there.
declare const global: any;
declare const TextDecoder: any;

// The globals the scheduler's paths call, found once. On Kaluma's JerryScript a global is
// reached only after every binding of the bundle's outer scope has been compared in turn
// (~500 us a reference on the emulated RP2040 with the blink bundle: the seed's blink LED
// changed ~1 ms after its task woke); a property of this small object costs ~30 us.
const K = { digitalWrite, digitalRead, pinMode, setTimeout, clearTimeout, fire };

// The scheduler's timer (Kaluma's ids are numbers from 0; clearTimeout throws on anything else)
// and the pump it calls, kept so arm() creates no closure.
let timer = -1;
let pump_fn: (() => void) | null = null;
function fire(): void {
  timer = -1;
  pump_fn!();
}

interface KPin {
  n: number; // GPIO number, or -1 for a wireless-chip GPIO
  wl: number; // CYW43 GPIO number, or -1
  mode: number; // machine.Pin mode, -1 until set up
  pull: number;
  out: number;
  pwm: any; // Kaluma PWM object once the pin has done PWM (it never goes back: see pwm())
}

// One record per pin, shared by every machine.Pin / pyb.LED on it.
const kpins: { [key: string]: KPin } = {};
function kpin(n: number, wl: number): KPin {
  const key = __CYW43__ && wl >= 0 ? "WL" + wl : "" + n;
  let p = kpins[key];
  if (!p) p = kpins[key] = { n: n, wl: wl, mode: -1, pull: -1, out: 0, pwm: null };
  return p;
}

// On the Pico W, GPIO 23, 24, 25 and 29 belong to the wireless chip. __CYW43__ (set by the
// build from the board's LEDs) lets the other boards' bundles leave the CYW43 code out: on the
// pico blink 0.6 KB of code and 0.9 KB of Kaluma heap (measured on the emulated Pico).
const wireless =
  __CYW43__ &&
  board.leds.some(function (l: any) {
    return typeof l.cyw43 === "number";
  });
const hasOwn = {}.hasOwnProperty;

let cyw: any = null;
function cyw43(): any {
  if (cyw === null) cyw = new (global.require("pico_cyw43").PicoCYW43)();
  return cyw;
}

// Pull-ups and pull-downs only change when a pull is given: INPUT keeps the current one.
function release(p: KPin): void {
  K.pinMode(p.n, p.pull === PULL_UP ? INPUT_PULLUP : p.pull === PULL_DOWN ? INPUT_PULLDOWN : INPUT);
}

function drive_low(p: KPin): void {
  K.digitalWrite(p.n, 0); // the level first: no glitch when the direction flips
  K.pinMode(p.n, OUTPUT);
}

function can_pwm(n: number): boolean {
  return n >= 0 && (n <= 22 || (n >= 25 && n <= 28)); // Kaluma's rp2 PWM pins
}

function pin_of(id: any): KPin | null {
  let v = id;
  if (v !== null && typeof v === "object") {
    if (wireless && typeof v.cyw43 === "number") return kpin(-1, v.cyw43); // an LED description
    v = v.pin;
  }
  if (typeof v === "string") {
    if (hasOwn.call(board.pins, v)) v = (board.pins as any)[v];
    else if (v === "LED" && board.leds.length > 0) return pin_of(board.leds[0]); // as MicroPython's Pin("LED")
  }
  if (typeof v === "string") {
    // MicroPython's rp2 names
    if (/^GP\d\d?$/.test(v)) v = +v.slice(2);
    else if (wireless && /^WL_GPIO[0-2]$/.test(v)) return kpin(-1, +v.slice(7));
  }
  if (typeof v === "number" && v === Math.floor(v) && v >= 0 && v <= 29) {
    if (!(wireless && (v === 23 || v === 24 || v === 25 || v === 29))) return kpin(v, -1);
  }
  return null;
}

// For error messages: an LED description shows its pin.
function describe(id: any): string {
  return String(id !== null && typeof id === "object" && id.pin !== undefined ? id.pin : id);
}

const gpio: Gpio = {
  pin(id: any): any {
    const p = pin_of(id);
    if (p === null) {
      throw new ValueError(
        "invalid pin: " +
          describe(id) +
          " (the " +
          board.name +
          " board has " +
          Object.keys(board.pins).join(", ") +
          (wireless ? " and GPIO numbers 0-22, 26-28, WL_GPIO0-2" : " and GPIO numbers 0-29") +
          ")",
      );
    }
    return p;
  },
  setup(p: KPin, mode: number, pull: number): void {
    if (pull !== -1) p.pull = pull;
    if (wireless && p.wl >= 0) {
      p.mode = mode; // CYW43 GPIOs: outputs, or inputs read with getGpio
      return;
    }
    if (p.pwm !== null) {
      // Kaluma's pinMode does not give a pin back from PWM to plain GPIO.
      if (mode === OUT) {
        p.mode = OUT;
        return;
      }
      throw new ValueError("GP" + p.n + " was used for PWM: Kaluma cannot make it an input again (until a reset)");
    }
    p.mode = mode;
    if (mode === OUT) K.pinMode(p.n, OUTPUT);
    else if (mode === OPEN_DRAIN) {
      // Emulated as MicroPython's rp2 port does: 0 drives low, 1 lets go (an input).
      p.out = 1;
      release(p);
    } else release(p);
  },
  write(p: KPin, v: number): void {
    p.out = v;
    if (wireless && p.wl >= 0) cyw43().putGpio(p.wl, v === 1);
    else if (p.pwm !== null) p.pwm.setDuty(v);
    else if (p.mode === OPEN_DRAIN) {
      if (v) release(p);
      else drive_low(p);
    } else {
      K.digitalWrite(p.n, v);
      if (p.mode === -1) {
        p.mode = OUT; // as on Espruino: writing a pin nobody set up makes it an output
        K.pinMode(p.n, OUTPUT);
      }
    }
  },
  read(p: KPin): number {
    if (wireless && p.wl >= 0) return p.mode === OUT ? p.out : cyw43().getGpio(p.wl) ? 1 : 0;
    return K.digitalRead(p.n) ? 1 : 0;
  },
  watch(p: KPin, edges: number, fn: (level: number) => void, debounce_ms: number): any {
    if (!wireless || p.wl < 0) {
      // Kaluma polls watches once per event loop pass and calls back with the pin number.
      const d = debounce_ms > 0 ? debounce_ms : 0;
      if (edges === IRQ_RISING)
        return setWatch(
          function () {
            fn(1);
          },
          p.n,
          RISING,
          d,
        );
      if (edges === IRQ_FALLING)
        return setWatch(
          function () {
            fn(0);
          },
          p.n,
          FALLING,
          d,
        );
      return setWatch(
        function (pin: number) {
          fn(K.digitalRead(pin) ? 1 : 0);
        },
        p.n,
        CHANGE,
        d,
      );
    }
    throw new ValueError("WL_GPIO" + p.wl + " has no irq");
  },
  unwatch(h: any): void {
    // clearWatch() without an id clears watch 0.
    if (typeof h === "number") clearWatch(h);
  },
  pwm(p: KPin, duty: number): void {
    if ((wireless && p.wl >= 0) || !can_pwm(p.n)) {
      gpio.write(p, duty > 0 ? 1 : 0);
      return;
    }
    p.out = duty > 0 ? 1 : 0;
    if (p.pwm === null) {
      // The pin stays a PWM output from now on (pinMode does not undo gpio_set_function):
      // later writes set the duty to 0 or 1.
      p.pwm = new (global.require("pwm").PWM)(p.n, 1000, duty);
      p.pwm.start();
      p.mode = OUT;
    } else p.pwm.setDuty(duty);
  },
};

// A module flash.sh put on the board's file system (kaluma put): Kaluma's require() loads
// built-in modules only, so its text is read and compiled here, the first time it is needed.
function load(name: string): any {
  const fs = global.require("fs");
  const file = "/" + name + ".js";
  if (!fs.exists(file)) return null;
  const exports = {};
  Function("exports", new TextDecoder().decode(fs.readFile(file)))(exports);
  return exports;
}

export const kaluma = {
  name: "kaluma",
  // Boards without a network ("net": false: the Pico and Pico 2), and apps that do not use it
  // (__NET__, from the build), leave the socket layer out.
  net: __NET__ && board.net !== false ? net : undefined,
  gpio,
  // Only where the REPL's asyncio.ps() needs it (__INSPECT_ID__, from the build).
  load: __INSPECT_ID__ ? load : undefined,
  clock_ms: millis,
  ticks_ms(): number {
    return millis() & TICKS_MAX;
  },
  ticks_us(): number {
    return micros() & TICKS_MAX;
  },
  arm(dt: number, pump: () => void): void {
    if (timer !== -1) {
      K.clearTimeout(timer);
      timer = -1;
    }
    if (dt >= 0) {
      pump_fn = pump;
      // Kaluma's timers (src/io.c) fire at the first event-loop pass whose millisecond time
      // is strictly past (that of the pass that set them) + delay: setTimeout(f, dt) comes
      // 1 ms late, and made the seed's blink LED stay on 6.8 ms instead of 5 on the emulated
      // Pico. dt - 1 fires in the millisecond the deadline falls in; the loop re-arms if that
      // pass is still early.
      timer = K.setTimeout(K.fire, dt > 0 ? dt - 1 : 0);
    }
  },
  sleep_ms(ms: number): void {
    // Blocking, as MicroPython's time.sleep_ms: nothing else runs meanwhile.
    const whole = Math.floor(ms);
    if (whole > 0) delay(whole);
    const us = Math.round((ms - whole) * 1000);
    if (us > 0) delayMicroseconds(us);
  },
};

set_driver(kaluma);
