// Looking at a running program from the REPL (the loop keeps running between prompts on
// devices and the host board). Not in MicroPython; named in its spirit:
//   asyncio.ps()          one line per unfinished task: number, state, next wake-up
//   asyncio.tasks()       those Task objects (oldest first): asyncio.tasks()[2].cancel()
//   asyncio.stats()       {switches, tasks, queued, io_waits, running}
//   asyncio.halt() / asyncio.resume()   stop stepping tasks (they keep their places) / go on
import * as core from "./core";
import { Task } from "./task";
import { TaskQueue } from "./taskqueue";
import { ticks_diff } from "../time/ticks";
import { driver } from "../runtime/driver";

export function tasks(): Task[] {
  return core._tasks();
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
  if (d instanceof core.IOQueue) return "waiting for I/O";
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
  return { switches: s.switches, tasks: tasks().length, queued: s.queued, io_waits: s.io_waits, running: s.running };
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
