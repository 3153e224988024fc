// The host board: Node in real time. The scheduler hands control back to Node between steps
// (one re-armed timer), so a REPL stays usable while tasks run. Pins are virtual and shown
// live in the terminal: one status line with a strip of each LED's last seconds, redrawn ten
// times a second (one line per change when stdout is not a terminal; see show()).
import board from "board";
import { set_driver, type Gpio, IN, OUT, PULL_UP, IRQ_RISING, IRQ_FALLING } from "../src/runtime/driver";
import { TICKS_MAX } from "../src/time/ticks";
import { ValueError } from "../src/runtime/errors";
import { net, oserror } from "./net/node";

declare const performance: { now(): number } | undefined;
declare const setInterval: (fn: () => void, ms: number) => any;
declare const clearInterval: (id: any) => void;
declare const process: any;
declare const module: any;
declare const require: any;

// `node bundle.js` (not the REPL, which require()s it, nor a test): the process ends with the
// main task, with status 1 when it raised.
const as_program = typeof module !== "undefined" && typeof require !== "undefined" && require.main === module;
let exit_status = -1; // the main task ended with this status; -1: no exit pending
const clock = typeof performance !== "undefined" && performance ? performance : Date;
const t0 = clock.now();
function elapsed_ms(): number {
  return clock.now() - t0;
}

let timer: any = null;

interface HostPin {
  name: string;
  mode: number;
  pull: number;
  out: number;
  ext: number; // level set from outside (host.drive, the REPL); -1 floating
  watches: { edges: number; fn: (level: number) => void }[];
}
const pins: { [name: string]: HostPin } = {};
const shown: string[] = []; // pins on the status line, in order of first use
const led_names: string[] = [];
for (let i = 0; i < board.leds.length; i++) led_names.push(String(board.leds[i].pin));

function level_of(p: HostPin): number {
  if (p.mode === OUT) return p.out;
  return p.ext >= 0 ? p.ext : p.pull === PULL_UP ? 1 : 0;
}

const tty = typeof process !== "undefined" && process.stdout && process.stdout.isTTY;
// A person watching a terminal: the seed's LEDs are on for 5 ms, far shorter than a frame, so a
// line redrawn on each change showed them lit almost never. With a terminal, the line is drawn
// every FRAME_MS instead: a lamp is lit if its LED was on at any time in the frame, and a strip
// shows the last STRIP frames (3 s) of each LED, so the rhythm is visible. Without a terminal
// (a pipe, a test) each change is one line, as before. Under the REPL nothing is drawn by
// itself (it would overwrite the prompt): tools/repl.js prints status_line() after each command.
const FRAME_MS = 100;
const STRIP = 30;
const live = tty && as_program;
const lit: { [name: string]: boolean } = {}; // on at some time in the current frame
const strips: { [name: string]: string } = {};

function status_line(in_frame?: boolean): string {
  let line = "t=" + (elapsed_ms() / 1000).toFixed(3) + "s ";
  for (let i = 0; i < shown.length; i++) {
    const p = pins[shown[i]];
    const on = level_of(p) === 1 || (in_frame === true && lit[p.name] === true);
    const led = led_names.indexOf(p.name) >= 0;
    line += " " + p.name + " " + (led ? (on ? "\u25cf" : "\u25cb") : on ? "1" : "0");
    if (led && strips[p.name] !== undefined) line += " " + strips[p.name];
  }
  return line;
}

// One frame: draw, then start the next one (its strips get a column per LED).
function frame(): string {
  for (let i = 0; i < shown.length; i++) {
    const p = pins[shown[i]];
    if (led_names.indexOf(p.name) < 0) continue;
    const was = strips[p.name] || "";
    const col = lit[p.name] || level_of(p) === 1 ? "\u2588" : "\u2581";
    strips[p.name] = (was.length >= STRIP ? was.substring(was.length - STRIP + 1) : was) + col;
  }
  const line = status_line(true);
  for (let i = 0; i < shown.length; i++) lit[shown[i]] = level_of(pins[shown[i]]) === 1;
  return line;
}

let frames: any = null;
function show(p: HostPin): void {
  if (level_of(p) === 1) lit[p.name] = true;
  if (live) {
    if (frames === null) {
      frames = setInterval(function () {
        process.stdout.write("\r\x1b[K" + frame());
      }, FRAME_MS);
      if (frames.unref) frames.unref();
    }
  } else if (!tty) console.log(status_line());
}

function changed(p: HostPin, before: number): void {
  const v = level_of(p);
  if (v === before) return;
  show(p);
  for (let i = 0; i < p.watches.length; i++) {
    const w = p.watches[i];
    if (w.edges & (v ? IRQ_RISING : IRQ_FALLING)) w.fn(v);
  }
}

const gpio: Gpio = {
  pin(id: any): any {
    if (id !== null && typeof id === "object") id = id.pin;
    let name = (board.pins as any)[id];
    if (name === undefined) {
      for (const k in board.pins) if ((board.pins as any)[k] === id) name = id;
    }
    if (name === undefined) {
      throw new ValueError("invalid pin: " + String(id) + " (the host board has " + Object.keys(board.pins).join(", ") + ")");
    }
    name = String(name);
    let p = pins[name];
    if (!p) {
      p = pins[name] = { name, mode: IN, pull: -1, out: 0, ext: -1, watches: [] };
      shown.push(name);
    }
    return p;
  },
  setup(p: HostPin, mode: number, pull: number): void {
    const before = level_of(p);
    p.mode = mode;
    if (pull !== -1) p.pull = pull;
    changed(p, before);
  },
  write(p: HostPin, v: number): void {
    const before = level_of(p);
    p.out = v;
    p.mode = OUT;
    changed(p, before);
  },
  read(p: HostPin): number {
    return level_of(p);
  },
  watch(p: HostPin, edges: number, fn: (level: number) => void, _debounce_ms: number): any {
    const w = { edges, fn };
    p.watches.push(w);
    return [p, w];
  },
  unwatch(h: any): void {
    const ws: any[] = h[0].watches;
    const i = ws.indexOf(h[1]);
    if (i >= 0) ws.splice(i, 1);
  },
};

export const host = {
  name: "host",
  gpio,
  net,
  // Relative paths are the process's working directory's, as MicroPython's are its cwd's.
  read_file(path: string): Uint8Array {
    try {
      const b = require("fs").readFileSync(path);
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    } catch (e) {
      throw oserror(e); // OSError(2) for a missing file, as MicroPython's open()
    }
  },
  ticks_ms(): number {
    return Math.floor(elapsed_ms()) & TICKS_MAX;
  },
  ticks_us(): number {
    return Math.floor(elapsed_ms() * 1000) % (TICKS_MAX + 1);
  },
  arm(dt: number, pump: () => void): void {
    if (dt >= 0) exit_status = -1; // the loop runs again: no exit
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (dt >= 0) {
      timer = setTimeout(function () {
        timer = null;
        pump();
      }, dt);
    }
  },
  stopped(status: number): void {
    if (!as_program) return;
    // After the Promise jobs and timers already due (then() callbacks of the main task, code
    // after it), whatever sockets or timers are still open - unless that code started the
    // loop again (another asyncio.run(), as a MicroPython script may do after the first).
    exit_status = status;
    setTimeout(function () {
      if (exit_status < 0) return;
      if (frames !== null) {
        clearInterval(frames);
        process.stdout.write("\r\x1b[K" + frame() + "\n"); // the last frame stays
      }
      if (tty && exit_status === 0) process.stdout.write("done: the main task returned\n");
      process.exit(exit_status);
    }, 0);
  },
  sleep_ms(ms: number): void {
    // Blocking, as MicroPython's time.sleep_ms.
    const end = elapsed_ms() + ms;
    while (elapsed_ms() < end) {}
  },
  // The pins as the status line shows them (tools/repl.js prints it after each command).
  status_line(): string {
    return status_line();
  },
  // Ends a frame of the terminal display and returns its line (tests; the display's timer).
  frame,
  // Set an input from outside (the REPL, a test): runs its irq handlers like a real edge.
  drive(id: any, level: number): void {
    const p = gpio.pin(id);
    const before = level_of(p);
    p.ext = level;
    changed(p, before);
  },
};

set_driver(host);
(typeof globalThis !== "undefined" ? (globalThis as any) : Function("return this")()).__host = host;
