// The REPL globals of `--repl full` (tools/build.js adds this module to the entry of device
// and host bundles built so; by default they get tools/repl-globals.js's, which hold only what
// the app's bundle contains): `asyncio`, `time`, `machine` and `pyb`, as after `import` in
// MicroPython. `asyncio` is MicroPython's set of names (asyncio/micropython.ts), plus the
// stream functions on a board with network hardware ("net" not false), so that the socket
// layer is not bundled just for the REPL elsewhere. The primitives beyond MicroPython (Queue,
// Semaphore, Condition, Barrier, timeout, TaskGroup) are left out: they would add 10 KB to
// every device bundle (esp32 blink: 46 KB -> 56.5 KB, measured); an app that imports them has them.
import board from "board";
import * as micropython from "./asyncio/micropython";
import * as stream from "./asyncio/stream";
import * as time from "./time/index";
import * as machine from "./machine/index";
import * as pyb from "./pyb/index";

declare const globalThis: any;
const G: any = typeof globalThis !== "undefined" ? globalThis : Function("return this")();

// The module's namespace object itself (the bundle makes it, unfrozen), not a copy: one
// object's worth of memory on Espruino, where every property is a variable.
const a: any = micropython;
if (board.net !== false) {
  a.Stream = a.StreamReader = a.StreamWriter = stream.Stream;
  a.Server = stream.Server;
  a.open_connection = stream.open_connection;
  a.start_server = stream.start_server;
}

G.asyncio = a;
G.time = time;
G.machine = machine;
G.pyb = pyb;
