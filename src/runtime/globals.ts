// On devices and the host board the REPL is the user's window into the running program:
// there `asyncio`, `time`, `machine` and `pyb` are globals, as after `import` in MicroPython.
// A board without network hardware ("net": false) leaves the stream functions out, so that
// the socket layer is not bundled just for the REPL. The primitives beyond MicroPython (Queue,
// Semaphore, Condition, Barrier, timeout, TaskGroup) are left out too: they would add 10 KB to every device bundle
// (esp32 blink: 46 KB -> 56.5 KB, measured); an app that imports them has them.
import board from "board";
import * as asyncio from "../asyncio/index";
import * as stream from "../asyncio/stream";
import * as time from "../time/index";
import * as machine from "../machine/index";
import * as pyb from "../pyb/index";

declare const globalThis: any;
const G: any = typeof globalThis !== "undefined" ? globalThis : Function("return this")();

const a: any = {
  create_task: asyncio.create_task,
  current_task: asyncio.current_task,
  run: asyncio.run,
  run_until_complete: asyncio.run_until_complete,
  sleep: asyncio.sleep,
  sleep_ms: asyncio.sleep_ms,
  get_event_loop: asyncio.get_event_loop,
  new_event_loop: asyncio.new_event_loop,
  Loop: asyncio.Loop,
  Task: asyncio.Task,
  tasks: asyncio.tasks,
  ps: asyncio.ps,
  stats: asyncio.stats,
  halt: asyncio.halt,
  resume: asyncio.resume,
  TaskQueue: asyncio.TaskQueue,
  Event: asyncio.Event,
  ThreadSafeFlag: asyncio.ThreadSafeFlag,
  Lock: asyncio.Lock,
  wait_for: asyncio.wait_for,
  wait_for_ms: asyncio.wait_for_ms,
  gather: asyncio.gather,
  BaseException: asyncio.BaseException,
  Exception: asyncio.Exception,
  CancelledError: asyncio.CancelledError,
  TimeoutError: asyncio.TimeoutError,
  RuntimeError: asyncio.RuntimeError,
  ValueError: asyncio.ValueError,
  OSError: asyncio.OSError,
  EOFError: asyncio.EOFError,
  OverflowError: asyncio.OverflowError,
  NotImplementedError: asyncio.NotImplementedError,
  KeyError: asyncio.KeyError,
  IndexError: asyncio.IndexError,
};
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
