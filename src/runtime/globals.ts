// On devices and the host board the REPL is the user's window into the running program:
// there `asyncio`, `time`, `machine` and `pyb` are globals, as after `import` in MicroPython.
import * as asyncio from "../asyncio/index";
import * as time from "../time/index";
import * as machine from "../machine/index";
import * as pyb from "../pyb/index";

declare const globalThis: any;
const G: any = typeof globalThis !== "undefined" ? globalThis : Function("return this")();
G.asyncio = asyncio;
G.time = time;
G.machine = machine;
G.pyb = pyb;
