// asyncio.ps() and asyncio.stats() (see inspect.ts). On device boards this module is built on
// its own, as the file asyncio_inspect that flash.sh puts on the board's storage, and
// inspect.ts loads it the first time either is called: the REPL's inspection costs no RAM
// until it is used (measured in bench/README.md §0). Built apart, it must share no state with
// the bundle: the scheduler's parts come in `k`, and nothing here imports a module that has
// any (nor a mangled property name: terser renames those per build).
import type { Task } from "./task";
import type { TaskQueue } from "./taskqueue";

export interface Internals {
  tasks(): Task[]; // unfinished, oldest first
  hot: { cur: Task | null }; // the run queue: the task running now
  stats(): { switches: number; io_waits: number; running: boolean };
  wake_in(t: Task): number; // ms until a sleeping task's wake-up
  Task: typeof Task;
  TaskQueue: typeof TaskQueue;
  is_io_queue(d: any): boolean;
  BaseException: Function;
  CancelledError: Function;
}

export interface Stats {
  switches: number;
  tasks: number;
  queued: number;
  io_waits: number;
  running: boolean;
}

// Which build of the runtime this is, for the bundle to check the file it loads against its own.
export const v = __INSPECT_ID__;

export function inspector(k: Internals) {
  // What a task is doing, in a few words.
  function task_state(t: Task): string {
    if (!t.state) return "done";
    if (t === k.hot.cur) return "running";
    const d = t.data;
    if (d === null) {
      const dt = k.wake_in(t);
      return dt > 0 ? "sleeping, wakes in " + dt + " ms" : "ready";
    }
    if (d instanceof k.Task) return "awaiting task " + (k.tasks().indexOf(d) + 1);
    if (d instanceof k.TaskQueue) return "waiting (Event or Lock)";
    if (k.is_io_queue(d)) return "waiting for I/O";
    if (typeof d === "function" || (d && d.name === "CancelledError")) return "being cancelled";
    if (d && typeof d.set === "function") return "waiting for ThreadSafeFlag";
    if (d && typeof d.settle === "function") return "awaiting a Promise";
    if (d && typeof d.remove === "function") return "gathering";
    return "waiting";
  }

  function stats(): Stats {
    const s = k.stats();
    const ts = k.tasks();
    let queued = 0;
    for (let i = 0; i < ts.length; i++) {
      // In the run queue: nothing to wait for, or an exception to be thrown in.
      const d = ts[i].data;
      if (ts[i] !== k.hot.cur && (d === null || d === k.CancelledError || d instanceof k.BaseException)) queued++;
    }
    return { switches: s.switches, tasks: ts.length, queued, io_waits: s.io_waits, running: s.running };
  }

  function ps(): void {
    const ts = k.tasks();
    const lines = ["task  state"];
    for (let i = 0; i < ts.length; i++) {
      let n = String(i + 1);
      while (n.length < 4) n = " " + n;
      lines.push(n + "  " + task_state(ts[i]));
    }
    const s = stats();
    lines.push(ts.length + " task(s), loop " + (s.running ? "running" : "stopped") + ", " + s.switches + " switches");
    console.log(lines.join("\n"));
  }

  return { ps, stats, task_state };
}

export type Inspector = ReturnType<typeof inspector>;
