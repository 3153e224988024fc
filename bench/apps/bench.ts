// The measuring app of `npm run bench` (bench/run.js). One bundle per board and target; what
// it measures comes from a global the runner writes in front of the bundle:
//   var __bench = {mode: "switch", n: 100, r: 1000, reps: 3, ...};
// Every result is printed as one line `BENCH {json}` (JSON.stringify exists on every engine).
// Times are read inside the bundle with the best clock the engine has: performance.now() on
// Node, getTime() on Espruino, Date.now() elsewhere (duktape, QuickJS).
//
// Modes:
//   switch   n tasks, each r rounds of `await asyncio.sleep_ms(0)`: ms per rep
//   bare     the same coroutines resumed round-robin by a bare loop, no scheduler
//   timers   n tasks, each r rounds of `await asyncio.sleep_ms(<seeded random 1..span>)`
//   mem      bytes per coroutine parked at its first await, per Task object alone, and per
//            task parked in sleep_ms (create_task + run), from the engine's memory counters
//   fields   the names of a Task's fields (on a non-minified build: the real names)
//   park     n tasks left parked in sleep_ms at the end (the runner takes a heap snapshot)
//   alloc    (Node) new-space growth across scheduler runs and bare runs of r1 and r2 rounds
//   retain   (QuickJS, Espruino) memory counters across k switches inside one run, and across
//            whole runs
//   parts    the pieces of a switch alone: k calls of time.ticks_ms(), of asyncio.sleep_ms(0),
//            and k pop+push pairs on a TaskQueue holding n tasks (all due now)
//   calls    an empty function-call loop (a yardstick where there is no setTimeout)
//   timeout  a setTimeout(0) callback chain of r rounds (where the engine has setTimeout)
//   floor    (ES5 builds) one worker's resume taken apart, k times each: its body alone
//            (TypeScript's state machine, with the sleep_ms(0) it calls), coro_resume (the
//            body with the driver around it), the bare loop's step(), and sleep_ms(0) alone
import * as asyncio from "asyncio";
import * as time from "time";
import { Coro, coro_resume, DONE } from "../../src/runtime/coro";

declare const __bench: any;
declare const performance: any;
declare const getTime: any;
declare const micros: any;
declare const require: any;
declare const process: any;
declare const gc: any;
declare const __mem: any;

const P: any = typeof __bench !== "undefined" ? __bench : { mode: "switch", n: 10, r: 100, reps: 1 };

const now: () => number =
  typeof performance !== "undefined" && performance && typeof performance.now === "function"
    ? function () {
        return performance.now();
      }
    : typeof micros === "function" // Kaluma: its Date.now() counts whole seconds
      ? function () {
          return micros() / 1000;
        }
      : typeof getTime === "function"
        ? function () {
            return getTime() * 1000;
          }
        : function () {
            return Date.now();
          };
const clockName =
  typeof performance !== "undefined" && performance && typeof performance.now === "function"
    ? "performance.now"
    : typeof micros === "function"
      ? "micros"
      : typeof getTime === "function"
        ? "getTime"
        : "Date.now";

function emit(o: any): void {
  o.mode = P.mode;
  o.clock = clockName;
  console.log("BENCH " + JSON.stringify(o));
}

function fail(e: any): void {
  console.log("BENCHERR " + String(e && e.stack ? e.stack : e));
}

// Runs a main coroutine on either kind of board: blocking (sim: asyncio.run returns when it
// is over) or event-loop (host: asyncio.run returns the main Task at once and the loop runs
// from timers). Not with run(...).then(): on the host board the helper task then() creates is
// woken when main ends but never run (the pump stops at main's end), so then() never settles.
function runMain(coro: any, done: (v: any) => void): void {
  let evloop = false;
  async function wrap() {
    let v: any;
    const c = coro;
    coro = null; // keep nothing of a finished run alive while the next one runs in done()
    try {
      v = await c;
    } catch (e) {
      fail(e);
      return;
    }
    if (evloop) {
      setTimeout(function () {
        done(v);
      }, 0);
    } else result = v;
  }
  let result: any;
  evloop = asyncio.run(wrap()) instanceof asyncio.Task;
  if (!evloop) done(result);
}

// Several reps in a row, then one emit. step(i, next) calls next(value) when rep i is over.
function reps(count: number, step: (i: number, next: (v: any) => void) => void, fin: (vs: any[]) => void): void {
  const vs: any[] = [];
  function go(i: number): void {
    if (i === count) {
      fin(vs);
      return;
    }
    step(i, function (v) {
      vs.push(v);
      go(i + 1);
    });
  }
  go(0);
}

////////////////////////////////////////////////////////////////////////////////
// The coroutines measured.

async function worker(r: number) {
  for (let i = 0; i < r; i++) await asyncio.sleep_ms(0);
}

// xorshift32, seeded: the same deadlines on every engine.
let seed = 1;
function rnd(): number {
  let s = seed;
  s ^= s << 13;
  s ^= s >>> 17;
  s ^= s << 5;
  seed = s;
  return s >>> 0;
}

let counted = 0;
let mark_at = -1;
let mark_t = 0;
let end_at = -1;
let end_t = 0;

async function sleeper(r: number, span: number) {
  for (let i = 0; i < r; i++) {
    await asyncio.sleep_ms(1 + (rnd() % span));
    const c = ++counted;
    if (c === mark_at) mark_t = now();
    else if (c === end_at) end_t = now();
  }
}

async function parked(ms: number) {
  await asyncio.sleep_ms(ms);
}

async function switch_main(n: number, r: number) {
  const ts: any[] = [];
  for (let i = 0; i < n; i++) ts.push(asyncio.create_task(worker(r)));
  const t0 = now();
  for (let i = 0; i < n; i++) await ts[i];
  return now() - t0;
}

// Steps a coroutine once, outside the scheduler, as the scheduler does (coro_resume for the
// ES5 Coro, next() for a native generator). Returns false once it has finished.
function step(c: any): boolean {
  if (c instanceof Coro) return coro_resume(c, undefined, false, null) !== DONE;
  return !c.next(undefined).done;
}

function bare_run(n: number, r: number): number {
  const cs: any[] = [];
  for (let i = 0; i < n; i++) cs.push(worker(r));
  const t0 = now();
  let live = n;
  while (live > 0) {
    live = 0;
    for (let i = 0; i < n; i++) if (step(cs[i])) live++;
  }
  return now() - t0;
}

async function timers_main(n: number, r: number, span: number) {
  counted = 0;
  mark_at = n; // about when every task has started and slept once
  end_at = n * (r - 1); // before the tasks start finishing
  const ts: any[] = [];
  for (let i = 0; i < n; i++) ts.push(asyncio.create_task(sleeper(r, span)));
  for (let i = 0; i < n; i++) await ts[i];
  return { ms: end_t - mark_t, switches: end_at - mark_at };
}

////////////////////////////////////////////////////////////////////////////////
// Memory counters: {bytes, objs} where the engine has them, null elsewhere.

function v8mod(): any {
  return typeof require === "function" ? require("v8") : null;
}

// Fills `into` (when given: a reading inside a run must not leave a new object behind, or the
// next reading would count it) or a new object.
function readMem(into?: any): any {
  const o = into || { bytes: 0, objs: 0, malloc_count: 0, blocksize: 0 };
  if (typeof gc === "function") {
    gc();
    gc();
    o.bytes = v8mod().getHeapStatistics().used_heap_size;
    o.objs = null;
    return o;
  }
  if (typeof __mem === "function") {
    const m = __mem();
    o.bytes = m.memory_used_size;
    o.objs = m.obj_count;
    o.malloc_count = m.malloc_count;
    return o;
  }
  if (typeof process !== "undefined" && process && typeof process.memory === "function") {
    const m = process.memory(); // Espruino: runs a GC first; counts blocks ("vars")
    o.bytes = m.usage * (m.blocksize || 16);
    o.objs = m.usage;
    o.blocksize = m.blocksize;
    return o;
  }
  return null;
}

function per(a: any, b: any, n: number): any {
  return {
    bytes: (b.bytes - a.bytes) / n,
    objs: a.objs === null || a.objs === undefined ? null : (b.objs - a.objs) / n,
  };
}

function mem_mode(n: number, done: (v: any) => void): void {
  const LONG = 100000000; // 27 hours: parked for the whole measurement
  const hold: any[] = [];
  const hold2: any[] = [];
  for (let i = 0; i < n; i++) {
    hold.push(0);
    hold2.push(0);
  }
  // Coroutines alone, stepped to their first await outside the scheduler.
  const m0 = readMem();
  if (m0 === null) {
    done({ unsupported: "no memory counters on this engine" });
    return;
  }
  for (let i = 0; i < n; i++) {
    const c = parked(LONG);
    step(c);
    hold[i] = c;
  }
  const m1 = readMem();
  // Task objects alone (not queued), each around one of those coroutines.
  for (let i = 0; i < n; i++) hold2[i] = new asyncio.Task(hold[i]);
  const m2 = readMem();
  const out: any = { n, coro: per(m0, m1, n), task_alone: per(m1, m2, n), fields: Object.keys(hold2[0] || {}) };
  for (let i = 0; i < n; i++) {
    hold[i] = 0;
    hold2[i] = 0;
  }
  // Whole parked tasks: create_task + run until each waits in sleep_ms.
  let m3: any = null;
  let m4: any = null;
  async function main() {
    m3 = readMem();
    for (let i = 0; i < n; i++) asyncio.create_task(parked(LONG));
    await asyncio.sleep_ms(0); // every task runs once and parks; main runs after them
    m4 = readMem();
  }
  runMain(main(), function () {
    out.parked_task = per(m3, m4, n);
    out.raw = [m0, m1, m2, m3, m4];
    done(out);
  });
}

////////////////////////////////////////////////////////////////////////////////
// Allocation on V8: growth of the new space's used size.

function newSpaceUsed(v8: any): number {
  const s = v8.getHeapSpaceStatistics();
  for (let i = 0; i < s.length; i++) if (s[i].space_name === "new_space") return s[i].space_used_size;
  return -1;
}

function alloc_mode(n: number, r1: number, r2: number, rounds: number, done: (v: any) => void): void {
  const v8 = v8mod();
  if (typeof gc !== "function" || v8 === null) {
    done({ unsupported: "needs Node with --expose-gc" });
    return;
  }
  const res: any = { sched: [], bare: [] };
  // One measured run: gc, read, run, read. Scavenges would shrink the space: flagged.
  function sched(r: number, next: (g: number) => void): void {
    gc();
    const u0 = newSpaceUsed(v8);
    runMain(switch_main(n, r), function () {
      next(newSpaceUsed(v8) - u0);
    });
  }
  function bare(r: number): number {
    gc();
    const u0 = newSpaceUsed(v8);
    bare_run(n, r);
    return newSpaceUsed(v8) - u0;
  }
  // Warm up (JIT) both paths with the same shapes, then `rounds` measured pairs.
  reps(
    3 + rounds,
    function (i, next) {
      sched(r1, function (g1) {
        sched(r2, function (g2) {
          const b1 = bare(r1);
          const b2 = bare(r2);
          if (i >= 3) {
            res.sched.push([g1, g2]);
            res.bare.push([b1, b2]);
          }
          next(null);
        });
      });
    },
    function () {
      res.n = n;
      res.r1 = r1;
      res.r2 = r2;
      done(res);
    },
  );
}

////////////////////////////////////////////////////////////////////////////////
// Retention (QuickJS, Espruino; sim board only): memory counters
//   during: inside one run, once every task has started, k/10 switches later and k switches
//           later (the same tasks alive at all three points): what switching itself leaves
//           behind (the first interval may include a one-off: the engine settling);
//   across: after each of `runs` further runs of n tasks (10 rounds each): whether finished
//           tasks are freed (flat, or a saw-tooth bounded by some sweep or collector) or kept
//           (a line rising with every task created).

let mem_a: any = null;
let mem_m: any = null;
let mem_b: any = null;
let mid_at = -1;

async function rworker(r: number) {
  for (let i = 0; i < r; i++) {
    await asyncio.sleep_ms(0);
    const c = ++counted;
    if (c === mark_at) readMem(mem_a);
    else if (c === mid_at) readMem(mem_m);
    else if (c === end_at) readMem(mem_b);
  }
}

async function retain_main(n: number, r: number, k: number) {
  mem_a = { bytes: 0, objs: 0, malloc_count: 0, blocksize: 0 };
  mem_m = { bytes: 0, objs: 0, malloc_count: 0, blocksize: 0 };
  mem_b = { bytes: 0, objs: 0, malloc_count: 0, blocksize: 0 };
  counted = 0;
  mark_at = 2 * n;
  mid_at = k < 0 ? -1 : mark_at + Math.floor(k / 10);
  end_at = mark_at + k;
  const ts: any[] = [];
  for (let i = 0; i < n; i++) ts.push(asyncio.create_task(rworker(r)));
  for (let i = 0; i < n; i++) await ts[i];
}

function retain_mode(n: number, k: number, runs: number, done: (v: any) => void): void {
  const r = Math.ceil(k / n) + 3;
  if (readMem() === null) {
    done({ unsupported: "no memory counters on this engine" });
    return;
  }
  // Readings go into objects made beforehand, and the runs are a plain loop (asyncio.run
  // blocks on the sim board), so that the measuring itself keeps nothing new alive.
  const series: any[] = [];
  for (let j = 0; j <= runs; j++) series.push({ bytes: 0, objs: 0, malloc_count: 0, blocksize: 0 });
  // prune: first let the REPL's asyncio.tasks() walk the list of all tasks, which unlinks the
  // finished ones from it.
  const lister = (asyncio as any).tasks;
  function acrossMem(into: any): void {
    if (P.prune && typeof lister === "function") lister();
    readMem(into);
  }
  if (asyncio.run(retain_main(n, r, k)) instanceof asyncio.Task) {
    done({ unsupported: "retain needs a blocking board (sim)" });
    return;
  }
  acrossMem(series[0]);
  for (let j = 1; j <= runs; j++) {
    asyncio.run(switch_main(n, 10));
    acrossMem(series[j]);
  }
  done({ n, k, r, runs, prune: !!P.prune, during: [mem_a, mem_m, mem_b], across: series });
}

////////////////////////////////////////////////////////////////////////////////
// Yardsticks on the same engine.

function calls_mode(k: number, reps_: number, done: (v: any) => void): void {
  let acc = 0;
  function f(a: number): number {
    return a + 1;
  }
  const ms: number[] = [];
  for (let j = 0; j < reps_; j++) {
    const t0 = now();
    for (let i = 0; i < k; i++) acc = f(acc);
    ms.push(now() - t0);
  }
  // An empty loop of the same length, to subtract (not with noloop: instruction counts).
  const loop: number[] = [];
  for (let j = 0; j < (P.noloop ? 0 : reps_); j++) {
    const t0 = now();
    for (let i = 0; i < k; i++) acc = acc + 1;
    loop.push(now() - t0);
  }
  done({ k, ms, loop_ms: loop, acc });
}

function parts_mode(n: number, k: number, reps_: number, done: (v: any) => void): void {
  const q = new asyncio.TaskQueue();
  for (let i = 0; i < n; i++) q.push(new asyncio.Task(worker(1)));
  const res: any = { n, k, ticks_ms: [], sleep_ms: [], queue: [] };
  let acc = 0;
  for (let j = 0; j < reps_; j++) {
    let t0 = now();
    for (let i = 0; i < k; i++) acc += time.ticks_ms();
    res.ticks_ms.push(now() - t0);
    t0 = now();
    for (let i = 0; i < k; i++) asyncio.sleep_ms(0);
    res.sleep_ms.push(now() - t0);
    t0 = now();
    for (let i = 0; i < k; i++) q.push(q.pop());
    res.queue.push(now() - t0);
  }
  res.acc = acc & 1;
  done(res);
}

function floor_mode(k: number, reps_: number, done: (v: any) => void): void {
  const c: any = worker(1e9);
  if (!(c instanceof Coro)) {
    done({ unsupported: "native generators: no state machine to take apart" });
    return;
  }
  step(c); // parked at its first await: every later resume runs the same path
  const res: any = { k, body: [], resume: [], step: [], sleep_ms: [], loop: [] };
  const b = c.b;
  const th = c.t;
  for (let j = 0; j < reps_; j++) {
    let t0 = now();
    for (let i = 0; i < k; i++) {
      c.label = 2;
      b.call(th, c);
    }
    res.body.push(now() - t0);
    t0 = now();
    for (let i = 0; i < k; i++) {
      c.label = 2;
    }
    res.loop.push(now() - t0);
    c.label = 2;
    t0 = now();
    for (let i = 0; i < k; i++) coro_resume(c, undefined, false, null);
    res.resume.push(now() - t0);
    t0 = now();
    for (let i = 0; i < k; i++) step(c);
    res.step.push(now() - t0);
    t0 = now();
    for (let i = 0; i < k; i++) asyncio.sleep_ms(0);
    res.sleep_ms.push(now() - t0);
  }
  done(res);
}

function timeout_mode(n: number, r: number, reps_: number, done: (v: any) => void): void {
  if (typeof setTimeout !== "function") {
    done({ unsupported: "no setTimeout on this engine" });
    return;
  }
  reps(
    reps_,
    function (_i, next) {
      let left = n;
      const t0 = now();
      function chain(k: number): void {
        if (k === 0) {
          if (--left === 0) next(now() - t0);
          return;
        }
        setTimeout(function () {
          chain(k - 1);
        }, 0);
      }
      for (let i = 0; i < n; i++) chain(r);
    },
    function (ms) {
      done({ n, r, ms });
    },
  );
}

////////////////////////////////////////////////////////////////////////////////

try {
  const n = P.n;
  const r = P.r;
  switch (P.mode) {
    case "switch":
      reps(
        P.reps || 1,
        function (_i, next) {
          // A fresh loop per rep: the loop's list of all tasks keeps finished ones (see the
          // results' retention figures), which would weigh on later reps.
          asyncio.new_event_loop();
          runMain(switch_main(n, r), next);
        },
        function (ms) {
          emit({ n, r, ms });
        },
      );
      break;
    case "bare": {
      const ms: number[] = [];
      for (let i = 0; i < (P.reps || 1); i++) ms.push(bare_run(n, r));
      emit({ n, r, ms });
      break;
    }
    case "timers":
      seed = P.seed || 12345;
      reps(
        P.reps || 1,
        function (_i, next) {
          asyncio.new_event_loop();
          runMain(timers_main(n, r, P.span || 1000), next);
        },
        function (vs) {
          emit({ n, r, span: P.span || 1000, runs: vs });
        },
      );
      break;
    case "mem":
      mem_mode(n, emit);
      break;
    case "fields":
      emit({ fields: Object.keys(new asyncio.Task(worker(1))) });
      break;
    case "park":
      // n tasks left parked in sleep_ms when the script ends (for a heap snapshot).
      runMain(
        (async function () {
          for (let i = 0; i < n; i++) asyncio.create_task(parked(100000000));
          await asyncio.sleep_ms(0);
        })(),
        function () {
          emit({ n });
        },
      );
      break;
    case "alloc":
      alloc_mode(n, P.r1, P.r2, P.rounds || 3, emit);
      break;
    case "retain":
      retain_mode(n, P.k, P.runs || 10, emit);
      break;
    case "parts":
      parts_mode(n, P.k, P.reps || 3, emit);
      break;
    case "calls":
      calls_mode(P.k, P.reps || 3, emit);
      break;
    case "floor":
      floor_mode(P.k, P.reps || 3, emit);
      break;
    case "timeout":
      timeout_mode(n, r, P.reps || 1, emit);
      break;
    default:
      fail("unknown mode " + P.mode);
  }
} catch (e) {
  fail(e);
}
