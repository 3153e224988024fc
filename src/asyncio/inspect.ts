// Looking at a running program from the REPL (the loop keeps running between prompts on
// devices and the host board). Not in MicroPython; named in its spirit:
//   asyncio.ps()          one line per unfinished task: number, state, next wake-up
//   asyncio.tasks()       those Task objects (oldest first): asyncio.tasks()[2].cancel()
//   asyncio.stats()       {switches, tasks, queued, io_waits, running}
//   asyncio.halt() / asyncio.resume()   stop stepping tasks (they keep their places) / go on
import * as core from "./core";
import { is_io_queue } from "./io";
import { Task } from "./task";
import { TaskQueue } from "./taskqueue";
import { ticks_diff } from "../time/ticks";
import { driver } from "../runtime/driver";
import { BaseException, CancelledError, RuntimeError } from "../runtime/errors";
import { inspector, type Inspector, type Stats } from "./inspector";

// Every task created, newest first (create_task registers it). Finished ones are unlinked in
// a sweep once as many tasks were created as were alive after the last sweep (plus a few):
// creating a task stays O(1) amortised, with no extra link per task, and finished tasks
// never pile up.
let _all: Task | null = null;
let _created = 0; // since the last sweep
let _sweep_at = 16;

export function _register(t: Task): void {
  if (++_created > _sweep_at) sweep();
  t.all_next = _all;
  _all = t;
}

// A new event loop: forget them all.
export function _unregister_all(): void {
  _all = null;
  _created = 0;
  _sweep_at = 16;
}

function sweep(): number {
  let n = 0;
  let prev: Task | null = null;
  let t = _all;
  while (t !== null) {
    const next: Task | null = t.all_next;
    if (t.state) {
      n++;
      prev = t;
    } else {
      if (prev === null) _all = next;
      else prev.all_next = next;
      // No link from a finished task into the list: reference-counting engines (QuickJS)
      // would keep such tasks alive through the cycles.
      t.all_next = null;
    }
    t = next;
  }
  _created = 0;
  _sweep_at = n + 16;
  return n;
}

export function tasks(): Task[] {
  sweep();
  const r: Task[] = [];
  for (let t = _all; t !== null; t = t.all_next) r.push(t);
  return r.reverse();
}

// ps() and stats() are in inspector.ts. On device boards the build makes that module a file
// of its own, which flash.sh puts on the board's storage beside the app: it is loaded the
// first time either is called, so until then the REPL's inspection costs only this loader
// (the pico blink's heap at start on the emulated Pico went 37,176 -> 36,856 bytes; a first
// ps() then keeps 1,816). __INSPECT_ID__ names that file's build ("" where the module is in
// the bundle: host, sim, tests).
let _insp: Inspector | null = null;

export function _inspector(): Inspector {
  if (_insp === null) {
    const m = __INSPECT_ID__ ? (driver.load ? driver.load("asyncio_inspect") : null) : { v: __INSPECT_ID__, inspector };
    if (!m || m.v !== __INSPECT_ID__)
      throw new RuntimeError("asyncio.ps() needs this build's asyncio_inspect on the board: flash the app with flash.sh");
    _insp = (m.inspector as typeof inspector)({
      tasks,
      hot: core._hot,
      stats: core._stats,
      // (The pairing heap's fields are renamed by terser, differently in each build.)
      wake_in: (t) => ticks_diff(t.ph_key, driver.ticks_ms()),
      Task,
      TaskQueue,
      is_io_queue,
      BaseException,
      CancelledError,
    });
  }
  return _insp;
}

export function ps(): void {
  _inspector().ps();
}

export function stats(): Stats {
  return _inspector().stats();
}

export function halt(): void {
  core._halt();
}

export function resume(): void {
  core._resume();
}
