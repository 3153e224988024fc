// Fake Espruino 2v29 and Kaluma 1.2 engines for the HAL driver tests (hal/espruino.ts,
// hal/kaluma.ts): their globals on a virtual clock, with the quirks the drivers must cope with
// (see /work/shared/TARGETS.md and the engines' sources):
//   Espruino: getTime() in float seconds; pins are global Pin objects (D2, LED1); pinMode,
//     digitalWrite (an output unless pinMode was called), digitalRead, getPinMode (undefined
//     until set); setWatch(fn, pin, {repeat, edge, debounce}) calls fn({state, time, lastTime})
//     from the idle loop (debounced: once the level has been stable for `debounce` ms);
//     clearWatch() without an id clears every watch; analogWrite keeps
//     the pin on PWM through digitalWrite once pinMode was called (until pinMode again).
//   Kaluma: millis()/micros() (integers, past 2^32 after a while); setTimeout(fn, delay)
//     requires the delay, passes no arguments, ids count from 0 (shared with watches), and
//     fires at the first event-loop pass whose millisecond time is strictly past the time of
//     the pass that set it plus the delay (km_io_timer_start/km_io_timer_run: up to 1 ms late);
//     clearTimeout/clearWatch require a number (clearWatch() clears id 0); pinMode and
//     digitalWrite take a pin or an array of pins; INPUT keeps the previous pull; setWatch is
//     POLLED once per event loop pass (after timers), debounced as km_io_watch_run does, and
//     calls back with the pin number; a throwing callback is removed; delay() busy-waits;
//     PWM pins stay PWM (pinMode and digitalWrite do not take them back); the Pico W LED is
//     PicoCYW43.putGpio(n, boolean) from require("pico_cyw43").
// Both keep files (`files`: Espruino's Storage by name, Kaluma's littlefs by path): Espruino's
// require(name) evaluates a Storage file of that name as a module (exports, module) and caches
// it; Kaluma's require() has built-in modules only, fs among them (exists, readFile ->
// Uint8Array), and TextDecoder is a global. Code they evaluate runs in the bundle's vm context.
// The event loop runs only in run(ms): each pass fires outside events (a button press),
// then the engine's own work; virtual time jumps to the next thing due.
//
// load_runtime() evaluates a HAL driver with the runtime (asyncio, machine, pyb, time) in a
// fresh jest module registry with "board" mapped to a real board file.

import * as vm from "vm";
import * as coro from "../../src/runtime/coro";

type Fn = (...args: any[]) => any;

// The timer list (tools/vtimers.js, shared with the QuickJS runner), due times in us.
const { VTimers } = require("../../tools/vtimers.js");

export abstract class FakeEngine {
  now_us = 0;
  /** Hardware calls in order, e.g. "pinMode D2 output", "digitalWrite 25 1". */
  calls: string[] = [];
  /** Errors thrown by callbacks (the engines print them and carry on). */
  errors: any[] = [];
  /** The most timers pending at the same time. */
  max_timers = 0;
  protected timers = new VTimers();
  private outside: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;
  private saved: { [name: string]: PropertyDescriptor | undefined } | null = null;

  /** The board's storage: file name (Espruino) or path (Kaluma) -> contents. */
  files: { [name: string]: string } = {};
  /** The vm context a bundle runs in (sandbox()), where code the engine evaluates runs too. */
  protected context: any = null;

  protected abstract globals(): { [name: string]: any };
  /** Sets an input pin's level from outside (a button), firing the engine's watches. */
  abstract drive(pin: any, level: number): void;
  /** One event loop pass at the current time (outside events already done). */
  protected abstract pass(): void;
  /** How far time may jump while nothing is due (Kaluma polls watches continuously). */
  protected max_step_us(): number {
    return Infinity;
  }

  /** A global object for node's vm (running a built bundle): the engine's globals and console. */
  sandbox(console_: { log(...a: any[]): void }): any {
    const g: any = { ...this.globals(), console: console_ };
    g.global = g; // Kaluma's name for the global object
    this.context = g;
    return g;
  }

  /** Compiles a function from source as the engine would: in the bundle's context, if any. */
  protected compile(params: string[], body: string): Fn {
    const src = `(function (${params.join(", ")}) {\n${body}\n})`;
    return this.context && vm.isContext(this.context) ? vm.runInContext(src, this.context) : vm.runInThisContext(src);
  }

  /** Puts the engine's globals on the global object (what was there is put back by uninstall). */
  install(): this {
    if (this.saved) return this;
    const g = this.globals();
    this.saved = {};
    for (const k of Object.keys(g)) {
      this.saved[k] = Object.getOwnPropertyDescriptor(globalThis, k);
      (globalThis as any)[k] = g[k];
    }
    return this;
  }

  uninstall(): void {
    if (!this.saved) return;
    for (const k of Object.keys(this.saved)) {
      const d = this.saved[k];
      if (d) Object.defineProperty(globalThis, k, d);
      else delete (globalThis as any)[k];
    }
    this.saved = null;
  }

  now_ms(): number {
    return this.now_us / 1000;
  }

  /** Runs fn from outside (a person, a wire) when engine time reaches ms. */
  at(ms: number, fn: () => void): void {
    this.outside.push({ at: Math.round(ms * 1000), seq: this.seq++, fn });
    this.outside.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  pending_timers(): number {
    return this.timers.size();
  }

  /** Runs the event loop for ms of engine time. */
  run(ms: number): void {
    const end = this.now_us + Math.round(ms * 1000);
    for (let guard = 0; ; guard++) {
      if (guard > 1e6) throw new Error("fake event loop: too many passes (a timer re-armed with 0 forever?)");
      while (this.outside.length > 0 && this.outside[0].at <= this.now_us) this.outside.shift()!.fn();
      this.pass();
      let next = this.now_us + this.max_step_us();
      next = Math.min(next, this.timers.next());
      if (this.outside.length > 0) next = Math.min(next, this.outside[0].at);
      if (next > end) {
        this.now_us = end;
        return;
      }
      if (next > this.now_us) this.now_us = next;
    }
  }

  protected add_timer(fn: Fn, ms: number, args: any[], id: number): number {
    this.timers.add(id, this.now_us + Math.max(0, Math.round(ms * 1000)), fn, args);
    this.max_timers = Math.max(this.max_timers, this.timers.size());
    return id;
  }

  protected remove_timer(id: any): void {
    this.timers.remove(id);
  }

  /** Fires the timers due now, earliest first (FIFO for equal times), as one pass. */
  protected run_timers(): void {
    this.timers.run_due(this.now_us, (fn: Fn, args: any[]) => this.call(fn, args));
  }

  protected call(fn: Fn, args: any[]): boolean {
    try {
      fn(...args);
      return true;
    } catch (e) {
      this.errors.push(e);
      return false;
    }
  }
}

////////////////////////////////////////////////////////////////////////////////
// Espruino

interface EspPinState {
  name: string;
  mode: string | undefined; // pinMode string; undefined until set
  manual: boolean; // set with pinMode (digitalWrite/Read no longer change the mode)
  out: number;
  ext: number; // level driven from outside, -1 floating
  pwm: number | null; // analogWrite duty while the pin does PWM
  level: number;
}

interface EspWatch {
  id: number;
  pin: EspPinState;
  fn: Fn;
  edge: string;
  debounce: number;
  repeat: boolean;
  last: number; // s, time of the last event
  reported: number; // level of the last event (debounced watches)
  pending_at: number; // us: debounced watches look again then (-1: nothing pending)
}

const ESP_MODES = [
  "analog",
  "input",
  "input_pullup",
  "input_pulldown",
  "output",
  "opendrain",
  "opendrain_pullup",
  "af_output",
  "af_opendrain",
];

export interface EspruinoOptions {
  /** Global pin names (default D0-D39). */
  pins?: string[];
  /** getTime() at engine start, in seconds (setTime() on a board sets it to the epoch). */
  time0?: number;
  /** Define the ESP32 global, as Espruino's ESP32 build does. */
  esp32?: boolean;
}

export class FakeEspruino extends FakeEngine {
  readonly Pin: any;
  readonly pins: { [name: string]: any } = {};
  private states = new Map<any, EspPinState>();
  private watches: EspWatch[] = [];
  private events: { w: EspWatch; e: any }[] = []; // watch events waiting for the idle loop
  private next_timer = 1;
  private next_watch = 1;
  time0: number;
  /** Microseconds that pass on every getTime() call (for busy waits). */
  drift_us = 0;
  readonly esp32: boolean;

  constructor(opts: EspruinoOptions = {}) {
    super();
    this.time0 = opts.time0 === undefined ? 12.5 : opts.time0;
    this.esp32 = !!opts.esp32;
    const Pin: any = function (this: any, name: string) {
      this.name = name;
    };
    Pin.prototype.toString = function () {
      return this.name;
    };
    this.Pin = Pin;
    const names = opts.pins || Array.from({ length: 40 }, (_, i) => "D" + i);
    for (const n of names) {
      const p = new Pin(n);
      this.pins[n] = p;
      this.states.set(p, { name: n, mode: undefined, manual: false, out: 0, ext: -1, pwm: null, level: 0 });
    }
  }

  state(name: string): EspPinState {
    return this.states.get(this.pins[name])!;
  }

  /** Drives a pin from outside (a button, a wire); -1 lets it float. */
  drive(name: string, level: number): void {
    const s = this.state(name);
    s.ext = level;
    this.changed(s);
  }

  level(name: string): number {
    return this.level_of(this.state(name));
  }

  private level_of(s: EspPinState): number {
    if (s.pwm !== null) return s.pwm > 0 ? 1 : 0;
    const m = s.mode || "input";
    const floating = s.ext >= 0 ? s.ext : m.indexOf("pullup") >= 0 ? 1 : 0;
    if (m === "output") return s.out;
    if (m.indexOf("opendrain") === 0) return s.out ? floating : 0;
    return floating;
  }

  private changed(s: EspPinState): void {
    const v = this.level_of(s);
    if (v === s.level) return;
    s.level = v;
    for (const w of this.watches) {
      if (w.pin !== s) continue;
      // Debounced: reported once the level has been stable for `debounce` ms.
      if (w.debounce > 0) w.pending_at = this.now_us + Math.round(w.debounce * 1000);
      else this.report(w, v);
    }
  }

  private report(w: EspWatch, v: number): void {
    w.reported = v;
    if (w.edge === "rising" && !v) return;
    if (w.edge === "falling" && v) return;
    const t = this.time0 + this.now_us / 1e6;
    this.events.push({ w, e: { state: !!v, time: t, lastTime: w.last } });
    w.last = t;
  }

  private pin_arg(pin: any): EspPinState {
    const s = this.states.get(pin);
    if (!s) throw new Error("Invalid pin");
    return s;
  }

  protected globals(): { [name: string]: any } {
    const self = this;
    const modules: { [name: string]: any } = {};
    const g: { [name: string]: any } = {
      Pin: this.Pin,
      // Storage (read: the contents, undefined when there is no such file), and Storage files
      // as modules (jswrap_require: a built-in library first, then Storage, then an error).
      require(name: string) {
        if (name === "Storage")
          return { read: (n: string) => (Object.prototype.hasOwnProperty.call(self.files, n) ? self.files[n] : undefined) };
        if (Object.prototype.hasOwnProperty.call(modules, name)) return modules[name];
        if (!Object.prototype.hasOwnProperty.call(self.files, name)) throw new Error(`Module ${JSON.stringify(name)} not found`);
        const module = { exports: {} as any };
        self.compile(["exports", "module"], self.files[name])(module.exports, module);
        return (modules[name] = module.exports);
      },
      getTime() {
        self.now_us += self.drift_us;
        return self.time0 + self.now_us / 1e6;
      },
      setTimeout(fn: Fn, ms?: number, ...args: any[]) {
        return self.add_timer(fn, ms || 0, args, self.next_timer++);
      },
      clearTimeout(id?: any) {
        self.remove_timer(id); // anything goes, even null
      },
      pinMode(pin: any, mode: string) {
        const s = self.pin_arg(pin);
        if (ESP_MODES.indexOf(mode) < 0) throw new Error("Unknown pin mode");
        s.mode = mode;
        s.manual = true;
        s.pwm = null; // the pin's function is reset
        self.calls.push(`pinMode ${s.name} ${mode}`);
        self.changed(s);
      },
      getPinMode(pin: any) {
        return self.pin_arg(pin).mode;
      },
      digitalWrite(pin: any, v: any) {
        const s = self.pin_arg(pin);
        s.out = v ? 1 : 0;
        if (!s.manual) {
          s.mode = "output";
          s.pwm = null;
        }
        self.calls.push(`digitalWrite ${s.name} ${s.out}`);
        self.changed(s);
      },
      digitalRead(pin: any) {
        const s = self.pin_arg(pin);
        if (!s.manual) s.mode = "input";
        return self.level_of(s);
      },
      analogWrite(pin: any, v: number, opts?: any) {
        const s = self.pin_arg(pin);
        s.pwm = v;
        if (!s.manual) s.mode = "output";
        self.calls.push(`analogWrite ${s.name} ${Math.round(v * 1000) / 1000}${opts === undefined ? "" : " " + JSON.stringify(opts)}`);
        self.changed(s);
      },
      setWatch(fn: Fn, pin: any, opts: any) {
        if (typeof fn !== "function") throw new Error("Function or String not supplied!");
        const s = self.pin_arg(pin);
        const o = opts || {};
        const edge = o.edge === undefined ? "both" : o.edge;
        if (["rising", "falling", "both"].indexOf(edge) < 0) throw new Error("'edge' in setWatch should be 'rising', 'falling' or 'both'");
        const w: EspWatch = {
          id: self.next_watch++,
          pin: s,
          fn,
          edge,
          debounce: o.debounce || 0,
          repeat: !!o.repeat,
          last: self.time0 + self.now_us / 1e6,
          reported: self.level_of(s),
          pending_at: -1,
        };
        self.watches.push(w);
        self.calls.push(`setWatch ${s.name} ${edge} debounce=${w.debounce} repeat=${w.repeat}`);
        return w.id;
      },
      clearWatch(id?: any) {
        if (id === undefined) {
          self.watches = [];
          self.calls.push("clearWatch ALL");
          return;
        }
        self.watches = self.watches.filter((w) => w.id !== id);
        self.calls.push(`clearWatch ${id}`);
      },
    };
    if (this.esp32) g.ESP32 = {};
    for (const n of Object.keys(this.pins)) g[n] = this.pins[n];
    return g;
  }

  protected pass(): void {
    for (const w of this.watches) {
      if (w.pending_at >= 0 && w.pending_at <= this.now_us) {
        w.pending_at = -1;
        const v = this.level_of(w.pin);
        if (v !== w.reported) this.report(w, v);
      }
    }
    // Espruino's idle loop: queued pin events first, then the timers that are due.
    const evs = this.events;
    this.events = [];
    for (const { w, e } of evs) {
      if (this.watches.indexOf(w) < 0) continue;
      if (!w.repeat) this.watches = this.watches.filter((x) => x !== w);
      this.call(w.fn, [e]);
    }
    this.run_timers();
  }

  protected override max_step_us(): number {
    if (this.events.length > 0) return 0;
    let step = Infinity;
    for (const w of this.watches) if (w.pending_at >= 0) step = Math.min(step, w.pending_at - this.now_us);
    return step;
  }
}

////////////////////////////////////////////////////////////////////////////////
// Kaluma

export const KALUMA = {
  HIGH: 1,
  LOW: 0,
  INPUT: 0,
  OUTPUT: 1,
  INPUT_PULLUP: 2,
  INPUT_PULLDOWN: 3,
  LOW_LEVEL: 1,
  HIGH_LEVEL: 2,
  FALLING: 4,
  RISING: 8,
  CHANGE: 12,
};

interface KmPinState {
  out_dir: boolean;
  pull: "" | "up" | "down";
  out: number;
  ext: number; // -1 floating
  pwm: { duty: number; enabled: boolean } | null; // the pin's function is PWM
}

interface KmWatch {
  id: number;
  pin: number;
  mode: number;
  cb: Fn;
  debounce_delay: number;
  debounce_time: number;
  last_val: number;
  val: number;
}

export interface KalumaOptions {
  /** micros() at engine start (millis() follows). */
  micros0?: number;
}

export class FakeKaluma extends FakeEngine {
  readonly pins: KmPinState[] = [];
  private watches: KmWatch[] = [];
  private next_handle = 0; // km_io handle ids: timers and watches share them
  micros0: number;
  loop_ms = 0; // km_io's loop.time: millis() at the start of the current (or last) pass
  /** PicoCYW43 objects made, and the wireless chip's GPIO levels. */
  cyw43_made = 0;
  readonly wl: boolean[] = [false, false, false];
  readonly modules: { [name: string]: any };

  constructor(opts: KalumaOptions = {}) {
    super();
    this.micros0 = opts.micros0 === undefined ? 1_000_000 : opts.micros0;
    this.loop_ms = this.millis();
    for (let i = 0; i <= 29; i++) this.pins.push({ out_dir: false, pull: "", out: 0, ext: -1, pwm: null });
    const self = this;
    function PWM(this: any, pin: number, frequency?: number, duty?: number) {
      self.check_number(pin, "pin");
      if (!(pin <= 22 || (pin >= 25 && pin <= 28))) throw new Error("EINVPIN");
      this.pin = pin;
      const d = duty === undefined ? 1 : Math.min(1, Math.max(0, duty));
      self.pins[pin].pwm = { duty: d, enabled: false };
      self.calls.push(`new PWM ${pin} ${frequency === undefined ? 490 : frequency} ${Math.round(d * 1000) / 1000}`);
    }
    PWM.prototype.start = function (this: any) {
      self.pins[this.pin].pwm!.enabled = true;
      self.calls.push(`PWM.start ${this.pin}`);
    };
    PWM.prototype.stop = function (this: any) {
      self.pins[this.pin].pwm!.enabled = false;
      self.calls.push(`PWM.stop ${this.pin}`);
    };
    PWM.prototype.setDuty = function (this: any, duty: number) {
      self.check_number(duty, "duty");
      self.pins[this.pin].pwm!.duty = duty;
      self.calls.push(`PWM.setDuty ${this.pin} ${Math.round(duty * 1000) / 1000}`);
    };
    PWM.prototype.getDuty = function (this: any) {
      return self.pins[this.pin].pwm!.duty;
    };
    PWM.prototype.close = function (this: any) {
      self.pins[this.pin].pwm!.enabled = false; // the pin keeps its PWM function
      self.calls.push(`PWM.close ${this.pin}`);
    };
    function PicoCYW43(this: any) {
      self.cyw43_made++;
    }
    PicoCYW43.prototype.putGpio = function (gpio: number, value: boolean) {
      self.check_number(gpio, "gpio");
      if (typeof value !== "boolean") throw new TypeError('"value" argument must be boolean');
      if (gpio > 2) throw new TypeError("GPIO pin is not exist");
      self.wl[gpio] = value;
      self.calls.push(`putGpio ${gpio} ${value}`);
    };
    PicoCYW43.prototype.getGpio = function (gpio: number) {
      self.check_number(gpio, "gpio");
      return self.wl[gpio];
    };
    this.modules = { pwm: { PWM }, pico_cyw43: { PicoCYW43 } };
  }

  /** Kaluma's fs module, on `files`. */
  private fs(): any {
    const self = this;
    const has = (p: string) => Object.prototype.hasOwnProperty.call(self.files, p);
    return {
      exists: (p: string) => has(p),
      readFile(p: string) {
        if (!has(p)) throw new Error("No such file or directory"); // (Kaluma's SystemError -2)
        return new Uint8Array(Buffer.from(self.files[p], "utf8"));
      },
    };
  }

  micros(): number {
    return this.micros0 + Math.floor(this.now_us);
  }

  millis(): number {
    return Math.floor(this.micros() / 1000);
  }

  /** Drives a GPIO from outside; -1 lets it float. */
  drive(pin: number, level: number): void {
    this.pins[pin].ext = level;
  }

  level(pin: number): number {
    const s = this.pins[pin];
    if (s.pwm !== null) return s.pwm.enabled && s.pwm.duty > 0 ? 1 : 0;
    if (s.out_dir) return s.out;
    return s.ext >= 0 ? s.ext : s.pull === "up" ? 1 : 0;
  }

  private check_number(v: any, what: string): void {
    if (typeof v !== "number") throw new TypeError(`"${what}" argument must be a number`);
  }

  private check_pin(p: number): void {
    if (p > 29) throw new Error("EINVPIN");
  }

  private for_pins(pin: any, f: (p: number, i: number, n: number) => void): void {
    if (typeof pin === "number") f(pin, 0, 1);
    else if (Array.isArray(pin)) {
      for (let i = 0; i < pin.length; i++) {
        if (typeof pin[i] !== "number") throw new TypeError('"pin" argument must be a number or number[]');
        f(pin[i], i, pin.length);
      }
    } else throw new TypeError('"pin" argument must be a number or number[]');
  }

  protected globals(): { [name: string]: any } {
    const self = this;
    return {
      ...KALUMA,
      // Kaluma's startup code sets global.require (built-in modules only). (`global` is the
      // global object in jest too.)
      require(id: string) {
        if (id === "fs") return self.fs();
        if (Object.prototype.hasOwnProperty.call(self.modules, id)) return self.modules[id];
        throw new Error("Failed to load module: " + id);
      },
      TextDecoder,
      millis: () => self.millis(),
      micros: () => self.micros(),
      delay(ms?: number) {
        self.now_us += Math.floor(ms || 0) * 1000; // busy wait
      },
      delayMicroseconds(us?: number) {
        self.now_us += Math.floor(us || 0);
      },
      setTimeout(fn: Fn, delay: number) {
        if (typeof fn !== "function") throw new TypeError('"callback" argument must be a function');
        self.check_number(delay, "delay");
        // clamped_timeout = loop.time + delay; runs once loop.time > clamped_timeout.
        const due_us = (self.loop_ms + Math.floor(delay) + 1) * 1000 - self.micros0;
        return self.add_timer(fn, Math.max(0, due_us - self.now_us) / 1000, [], self.next_handle++); // no extra arguments
      },
      clearTimeout(id: number) {
        self.check_number(id, "id");
        self.remove_timer(id);
      },
      pinMode(pin: any, mode?: number) {
        const m = mode === undefined ? KALUMA.INPUT : mode;
        self.for_pins(pin, (p) => {
          self.check_pin(p);
          const s = self.pins[p];
          // km_gpio_set_io_mode: OUTPUT clears the pulls; INPUT leaves them as they were.
          if (m === KALUMA.OUTPUT) {
            s.out_dir = true;
            s.pull = "";
          } else {
            s.out_dir = false;
            if (m === KALUMA.INPUT_PULLUP) s.pull = "up";
            else if (m === KALUMA.INPUT_PULLDOWN) s.pull = "down";
          }
          self.calls.push(`pinMode ${p} ${m}`);
        });
      },
      digitalWrite(pin: any, value?: number) {
        const v = value === undefined ? 0 : value;
        self.for_pins(pin, (p, i, n) => {
          self.check_pin(p);
          // Arrays: the LAST pin gets bit 0 (Kaluma walks the array backwards).
          const bit = typeof pin === "number" ? v & 1 : (v >> (n - 1 - i)) & 1;
          self.pins[p].out = bit; // the output register; no effect on a PWM pin
          self.calls.push(`digitalWrite ${p} ${bit}`);
        });
      },
      digitalRead(pin: number) {
        self.check_number(pin, "pin");
        self.check_pin(pin);
        return self.level(pin);
      },
      digitalToggle(pin: number) {
        self.check_number(pin, "pin");
        self.pins[pin].out ^= 1;
        self.calls.push(`digitalToggle ${pin}`);
      },
      setWatch(cb: Fn, pin: number, events?: number, debounce?: number) {
        if (typeof cb !== "function") throw new TypeError('"callback" argument must be a function');
        self.check_number(pin, "pin");
        const v = self.level(pin);
        const w: KmWatch = {
          id: self.next_handle++,
          pin,
          mode: events === undefined ? KALUMA.CHANGE : events,
          cb,
          debounce_delay: debounce === undefined ? 0 : debounce,
          debounce_time: 0,
          last_val: v,
          val: v,
        };
        self.watches.push(w);
        self.calls.push(`setWatch ${pin} ${w.mode} ${w.debounce_delay}`);
        return w.id;
      },
      clearWatch(id?: number) {
        if (id !== undefined) self.check_number(id, "id");
        const i = id === undefined ? 0 : id;
        self.watches = self.watches.filter((w) => w.id !== i);
        self.calls.push(`clearWatch ${i}`);
      },
    };
  }

  protected pass(): void {
    // km_io_run: the loop's time (ms), timers, (tty), watches, ...
    this.loop_ms = this.millis();
    this.run_timers();
    this.poll_watches();
  }

  // km_io_watch_run, line by line.
  private poll_watches(): void {
    for (const h of this.watches.slice()) {
      if (this.watches.indexOf(h) < 0) continue;
      const reading = this.level(h.pin);
      if (h.last_val !== reading) h.debounce_time = this.millis();
      const elapsed = this.millis() - h.debounce_time;
      if ((h.mode === KALUMA.LOW_LEVEL && reading === 0) || (h.mode === KALUMA.HIGH_LEVEL && reading === 1)) {
        this.fire(h);
      } else if (h.debounce_time > 0 && elapsed >= h.debounce_delay) {
        if (reading !== h.val) {
          h.val = reading;
          if (h.mode === KALUMA.CHANGE || (h.mode === KALUMA.RISING && h.val === 1) || (h.mode === KALUMA.FALLING && h.val === 0)) {
            this.fire(h);
          }
        }
        h.debounce_time = 0;
      }
      h.last_val = reading;
    }
  }

  private fire(h: KmWatch): void {
    if (!this.call(h.cb, [h.pin])) this.watches = this.watches.filter((w) => w !== h); // removed on error
  }

  protected override max_step_us(): number {
    // The real loop never sleeps, so watches see every change within about a millisecond.
    return this.watches.length > 0 ? 1000 : Infinity;
  }
}

////////////////////////////////////////////////////////////////////////////////
// The runtime on a fake engine

export interface Runtime {
  asyncio: typeof import("../../src/asyncio/index");
  machine: typeof import("../../src/machine/index");
  pyb: typeof import("../../src/pyb/index");
  time: typeof import("../../src/time/index");
  errors: typeof import("../../src/runtime/errors");
  driver: typeof import("../../src/runtime/driver");
  hal: any;
}

/**
 * Evaluates hal/<hal>.ts (which installs itself) and the runtime modules in a fresh module
 * registry, with "board" = boards/<board>.json and the engine's globals installed first.
 * The coroutine helpers are shared with the caller's registry, so `async function`s written in
 * a test file are coroutines to this runtime too. `more` (test/support/fake_net.ts) sets up
 * more of the engine and mocks inside that registry first, and names more modules to load.
 */
export function load_runtime<M = {}>(
  hal: "espruino" | "kaluma",
  board: string,
  engine: FakeEngine,
  more?: { setup(): void; modules(): M },
): Runtime & M {
  engine.install();
  const json = require(`../../boards/${board}.json`);
  let rt: any = null;
  jest.isolateModules(() => {
    jest.doMock("board", () => ({ __esModule: true, default: json }));
    jest.doMock("../../src/runtime/coro", () => coro);
    if (more) more.setup();
    const hal_module = require(`../../hal/${hal}`);
    rt = {
      hal: hal_module[hal],
      asyncio: require("asyncio"),
      machine: require("machine"),
      pyb: require("pyb"),
      time: require("time"),
      errors: require("../../src/runtime/errors"),
      driver: require("../../src/runtime/driver"),
      ...(more ? more.modules() : {}),
    };
  });
  return rt;
}

/**
 * The same scenario on every event-loop driver: asyncio.run() returns at once and the driver's
 * one timer runs three tasks to the end. Returns what happened, for the caller to check.
 */
export function run_three_tasks(rt: Runtime, engine: FakeEngine): { out: string[]; task: any } {
  const { asyncio } = rt;
  const out: string[] = [];
  async function t(name: string, ms: number) {
    for (let i = 0; i < 3; i++) {
      await asyncio.sleep_ms(ms);
      out.push(name + " " + engine.now_ms());
    }
  }
  async function main() {
    asyncio.create_task(t("a", 30));
    await t("b", 20);
    await asyncio.sleep_ms(50);
    out.push("main done " + engine.now_ms());
    return 42;
  }
  const task = asyncio.run(main());
  out.push("run returned");
  engine.run(500);
  return { out, task };
}

/**
 * The same scenario on every event-loop driver: a button's IRQ handler sets a ThreadSafeFlag
 * that a task waits on; the button (board name `btn`, engine pin `pin`, pulled up) is pressed
 * at 30 ms and 150 ms (released at 40 ms: a rising edge, not watched). Returns what happened.
 */
export function irq_wakes_flag(rt: Runtime, engine: FakeEngine, btn: string, pin: any): { out: string[]; task: any } {
  const { asyncio } = rt;
  const { Pin } = rt.machine;
  const out: string[] = [];
  const log = (...a: any[]) => out.push(a.map(String).join(" "));
  const flag = new asyncio.ThreadSafeFlag();
  const b = Pin(btn, Pin.IN, Pin.PULL_UP);
  b.irq(() => {
    log("irq", engine.now_ms());
    flag.set();
  }, Pin.IRQ_FALLING);
  async function waiter() {
    for (let i = 0; i < 2; i++) {
      log("wait");
      await flag.wait();
      log("woken", engine.now_ms());
    }
  }
  async function main() {
    const w = asyncio.create_task(waiter());
    await asyncio.sleep_ms(100);
    log("main slept", engine.now_ms());
    await w;
    log("main done", engine.now_ms());
  }
  const task = asyncio.run(main());
  log("run returned");
  engine.at(30, () => engine.drive(pin, 0));
  engine.at(40, () => engine.drive(pin, 1));
  engine.at(150, () => engine.drive(pin, 0));
  engine.run(300);
  return { out, task };
}

/** A small app for bundle tests: two LEDs, a button IRQ waking a task through ThreadSafeFlag. */
export const BUNDLE_APP = `
import * as asyncio from "asyncio";
import * as time from "time";
import { Pin } from "machine";
import { LED } from "pyb";

const t0 = time.ticks_ms();
const now = () => time.ticks_diff(time.ticks_ms(), t0);
const flag = new asyncio.ThreadSafeFlag();
const btn = Pin("BTN_ID", Pin.IN, Pin.PULL_UP);
btn.irq(() => flag.set(), Pin.IRQ_FALLING);

async function blink(led: LED, n: number, ms: number) {
  for (let i = 0; i < n; i++) {
    led.on();
    await asyncio.sleep_ms(ms);
    led.off();
    await asyncio.sleep_ms(ms);
  }
}

async function button() {
  await flag.wait();
  console.log("pressed", now());
}

async function main() {
  try {
    Pin("NO_SUCH_PIN");
  } catch (e: any) {
    console.log(e.name);
  }
  const b = asyncio.create_task(button());
  await asyncio.gather(blink(LED(1), 2, 100), blink(LED(2), 1, 150));
  console.log("blinked", now());
  await b;
  console.log("done", now());
}

asyncio.run(main());
console.log("started");
`;
