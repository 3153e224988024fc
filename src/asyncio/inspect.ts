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
import { BaseException, CancelledError } from "../runtime/errors";

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

// What a task is doing, in a few words.
export function task_state(t: Task): string {
  if (!t.state) return "done";
  if (t === core._hot.cur) return "running";
  const d = t.data;
  if (d === null) {
    const dt = ticks_diff(t.ph_key, driver.ticks_ms());
    return dt > 0 ? "sleeping, wakes in " + dt + " ms" : "ready";
  }
  if (d instanceof Task) return "awaiting task " + (tasks().indexOf(d) + 1);
  if (d instanceof TaskQueue) return "waiting (Event or Lock)";
  if (is_io_queue(d)) return "waiting for I/O";
  if (typeof d === "function" || (d && d.name === "CancelledError")) return "being cancelled";
  if (d && typeof d.set === "function") return "waiting for ThreadSafeFlag";
  if (d && typeof d.settle === "function") return "awaiting a Promise";
  if (d && typeof d.remove === "function") return "gathering";
  return "waiting";
}

export function ps(): void {
  const ts = tasks();
  const lines = ["task  state"];
  for (let i = 0; i < ts.length; i++) lines.push(pad(String(i + 1), 4) + "  " + task_state(ts[i]));
  const s = stats();
  lines.push(ts.length + " task(s), loop " + (s.running ? "running" : "stopped") + ", " + s.switches + " switches");
  console.log(lines.join("\n"));
}

export function stats(): { switches: number; tasks: number; queued: number; io_waits: number; running: boolean } {
  const s = core._stats();
  const ts = tasks();
  let queued = 0;
  for (let i = 0; i < ts.length; i++) {
    // In the run queue: nothing to wait for, or an exception to be thrown in.
    const d = ts[i].data;
    if (ts[i] !== core._hot.cur && (d === null || d === CancelledError || d instanceof BaseException)) queued++;
  }
  return { switches: s.switches, tasks: ts.length, queued, io_waits: s.io_waits, running: s.running };
}

export function halt(): void {
  core._halt();
}

export function resume(): void {
  core._resume();
}

function pad(s: string, n: number): string {
  while (s.length < n) s = " " + s;
  return s;
}
