// The sim board: virtual time and virtual pins. The clock only moves when the scheduler
// idles, and then it jumps straight to the next deadline, so a 10 s program runs in
// milliseconds with exact timings. Every pin change is recorded with its virtual time (for
// VCD/SVG output), and inputs can be scripted (press a button at t=1200 ms).
// No Node API: the bundle runs on any ES5 engine.
import board from "board";
import { set_driver, type Gpio, IN, OUT, PULL_UP, IRQ_RISING, IRQ_FALLING } from "../src/runtime/driver";
import { TICKS_MAX } from "../src/time/ticks";
import { ValueError } from "../src/runtime/errors";
import { net } from "./net/sim";

// Virtual time in microseconds since the sim started, and the tick the clock started at
// (settable, so tests can start just before the 2^30 wrap).
let now_us = 0;
let start_tick = 0;

interface SimEvent {
  at: number; // us
  fn: () => void;
}
let events: SimEvent[] = []; // sorted by time, then insertion

interface SimPin {
  name: string;
  mode: number;
  pull: number;
  out: number; // level driven by the program
  ext: number; // level driven from outside (-1: floating)
  level: number; // last recorded level
  watches: SimWatch[];
}
interface SimWatch {
  pin: SimPin;
  edges: number;
  fn: (level: number) => void;
  debounce_us: number;
  last_us: number;
}

// Task steps since the clock last moved (see idle()).
const BUSY_STEPS = 100;
let busy = 0;

let pins: { [name: string]: SimPin } = {};
// [time in us, pin name, level] for every change of a pin's level.
let trace: [number, string, number][] = [];

function pin_name(id: any): string {
  if (id !== null && typeof id === "object") id = id.pin; // an LED description
  const named = (board.pins as any)[id];
  if (named !== undefined) return String(named);
  if (typeof id === "number" && id >= 0 && id < 40 && id === Math.floor(id)) return "GP" + id;
  if (typeof id === "string") {
    for (const k in board.pins) if ((board.pins as any)[k] === id) return id;
    if (/^(D|GP)\d+$/.test(id) && +id.replace(/\D+/, "") < 40) return id;
  }
  throw new ValueError("invalid pin: " + String(id) + " (the sim board has " + Object.keys(board.pins).join(", ") + ", D0-D39, GP0-GP39)");
}

function level_of(p: SimPin): number {
  if (p.mode === OUT) return p.out;
  if (p.ext >= 0) return p.ext;
  return p.pull === PULL_UP ? 1 : 0;
}

// Records a level change and runs the watches it triggers.
function update(p: SimPin): void {
  const v = level_of(p);
  if (v === p.level) return;
  p.level = v;
  trace.push([now_us, p.name, v]);
  for (let i = 0; i < p.watches.length; i++) {
    const w = p.watches[i];
    if (!(w.edges & (v ? IRQ_RISING : IRQ_FALLING))) continue;
    if (w.debounce_us > 0 && w.last_us >= 0 && now_us - w.last_us < w.debounce_us) continue;
    w.last_us = now_us;
    w.fn(v);
  }
}

const gpio: Gpio = {
  pin(id: any): any {
    const name = pin_name(id);
    let p = pins[name];
    if (!p) {
      p = pins[name] = { name, mode: IN, pull: -1, out: 0, ext: -1, level: 0, watches: [] };
      trace.push([now_us, name, 0]); // its initial level, so every wire starts known
    }
    return p;
  },
  setup(p: SimPin, mode: number, pull: number): void {
    p.mode = mode;
    if (pull !== -1) p.pull = pull;
    update(p);
  },
  write(p: SimPin, v: number): void {
    p.out = v;
    if (p.mode !== OUT) p.mode = OUT; // as engines do when writing an input pin
    update(p);
  },
  read(p: SimPin): number {
    return level_of(p);
  },
  watch(p: SimPin, edges: number, fn: (level: number) => void, debounce_ms: number): any {
    const w: SimWatch = { pin: p, edges, fn, debounce_us: debounce_ms * 1000, last_us: -1 };
    p.watches.push(w);
    return w;
  },
  unwatch(w: SimWatch): void {
    const ws = w.pin.watches;
    const i = ws.indexOf(w);
    if (i >= 0) ws.splice(i, 1);
  },
};

export const sim = {
  name: "sim",
  gpio,
  net,
  ticks_ms(): number {
    return (start_tick + Math.floor(now_us / 1000)) & TICKS_MAX;
  },
  ticks_us(): number {
    return (start_tick * 1000 + now_us) % (TICKS_MAX + 1);
  },
  // Virtual milliseconds since the sim started (not wrapped).
  elapsed_ms(): number {
    return now_us / 1000;
  },
  // Restart the virtual clock at `tick` ms (wrapped to 2^30), with fresh pins and no events.
  reset(tick = 0): void {
    now_us = 0;
    busy = 0;
    start_tick = tick & TICKS_MAX;
    events = [];
    pins = {};
    trace = [];
    net.clear();
  },
  // Call fn when virtual time reaches `ms` after the sim started.
  at(ms: number, fn: () => void): void {
    const e = { at: Math.round(ms * 1000), fn };
    let i = events.length;
    while (i > 0 && events[i - 1].at > e.at) i--;
    events.splice(i, 0, e);
  },
  // Drive an input from outside at virtual time `ms` (level -1 lets it float again).
  drive(id: any, level: number, ms: number): void {
    const p = gpio.pin(id);
    sim.at(ms, function () {
      p.ext = level;
      update(p);
    });
  },
  // Pin changes so far: [time in us, pin name, level].
  trace(): [number, string, number][] {
    return trace;
  },
  idle(dt: number): boolean {
    if (dt === 0 && !(events.length > 0 && events[0].at <= now_us)) {
      // Running tasks costs no virtual time, except that a run queue that never idles (tasks
      // polling with sleep_ms(0)) moves the clock 1 ms per BUSY_STEPS steps, so they cannot
      // starve sleeping tasks forever as they could not on a real board either.
      if (++busy < BUSY_STEPS) return true;
      dt = 1;
    }
    busy = 0;
    const target = dt < 0 ? -1 : (Math.floor(now_us / 1000) + dt) * 1000;
    // Outside events due before the deadline happen first; they may queue tasks.
    if (events.length > 0 && (target < 0 || events[0].at <= target)) {
      const e = events.shift()!;
      if (e.at > now_us) now_us = e.at;
      e.fn();
      return true;
    }
    if (target < 0) return false;
    if (target > now_us) now_us = target;
    return true;
  },
  sleep_ms(ms: number): void {
    now_us += Math.round(ms * 1000);
  },
};

set_driver(sim);

// A runner (flash.sh sim) finds the sim here, and may have left a script of input changes:
// __sim_script = [{at: ms, pin: id, level: 0|1}, ...].
declare const globalThis: any;
const G: any = typeof globalThis !== "undefined" ? globalThis : Function("return this")();
G.__sim = sim;
// Engines with only print() (JerryScript's jerry, some embedded shells) still get console.log.
if (typeof console === "undefined" && typeof print === "function") {
  const p = print;
  G.console = {
    log: function () {
      p([].slice.call(arguments).join(" "));
    },
  };
}
if (G.__sim_script) {
  const s = G.__sim_script;
  for (let i = 0; i < s.length; i++) sim.drive(s[i].pin, s[i].level, s[i].at);
}
