#!/usr/bin/env node
"use strict";
// npm run bench: the figures of issue 4, measured in ONE run on this machine, written to
// bench/results.md (tables) and bench/switch-cost.svg (switch cost against task count).
//
//   node bench/run.js [--quick] [--out <dir>]
//                     [--kaluma-firmware <kaluma.elf|.uf2> --rp2040-bootrom <b1.bin>
//                      [--kaluma-pico-w-firmware <kaluma-rp2-pico-w.elf>]]
//
// --quick runs every step with small counts (a check of the bench itself, not figures) and
// writes to $TMPDIR/mpa-bench-quick unless --out says otherwise.
//
// Everything is measured by the bench app (bench/apps/bench.ts) built for the sim board
// (virtual clock: `sleep_ms(0)` never idles, so it is pure CPU cost on any engine) and for
// the host board (Node, real time, timer-driven), run on Node, QuickJS, duktape and, when
// this machine has one, an Espruino Linux build (ESPRUINO_BIN, or /tmp/espruino/bin/espruino).
// The app reads its clock inside the bundle and prints `BENCH {json}` lines; see its header
// for the modes. Each measurement is bounded (counts chosen per engine, a timeout per run,
// and a time budget for the whole bench that skips what is left, saying so).

const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");

const ROOT = path.resolve(__dirname, "..");
const { build, listBoards } = require(path.join(ROOT, "tools", "build.js"));
const engines = require(path.join(ROOT, "tools", "engines.js"));
const { runQuickJSCode } = engines;
// QuickJS with its memory counters (__mem), for the sim bundles' memory figures (no timers needed).
const QJS_MEM = { mem: true, timeoutMs: 60000, memoryLimit: 512 * 1024 * 1024 };
const { chart } = require("./lib/svg.js");

const argv = process.argv.slice(2);
const QUICK = argv.includes("--quick");
// A --quick run must not overwrite the committed figures unless asked to.
const OUT_DIR = argv.includes("--out")
  ? path.resolve(argv[argv.indexOf("--out") + 1])
  : QUICK
    ? path.join(os.tmpdir(), "mpa-bench-quick")
    : __dirname;
// The real target (bench/kaluma.js): both files, or the section says it was skipped.
const flag = (name) => (argv.includes(name) ? path.resolve(argv[argv.indexOf(name) + 1]) : null);
const KALUMA = {
  firmware: flag("--kaluma-firmware"),
  bootrom: flag("--rp2040-bootrom"),
  // Optional: the Pico W's firmware, for the heap its blink leaves (its wireless chip is not emulated).
  firmwareW: flag("--kaluma-pico-w-firmware"),
};
const T_START = Date.now();
const BUDGET_MS = 12 * 60 * 1000; // stop starting new measurements after this
const Q = (full, quick) => (QUICK ? quick : full);

if (!process.env.ESPRUINO_BIN && fs.existsSync("/tmp/espruino/bin/espruino")) {
  process.env.ESPRUINO_BIN = "/tmp/espruino/bin/espruino";
}
const HAVE = {
  node: true,
  quickjs: true,
  duk: engines.available("duk"),
  espruino: engines.available("espruino"),
  valgrind: spawnSync("sh", ["-c", "command -v valgrind"], { stdio: "ignore" }).status === 0,
};

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-bench-"));
const notes = []; // what was skipped or failed, and why: printed in the results
const R = {}; // every figure, by section

function log(msg) {
  const s = ((Date.now() - T_START) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${s}s] ${msg}\n`);
}

function overBudget(what) {
  if (Date.now() - T_START < BUDGET_MS) return false;
  notes.push(`${what}: skipped, the bench's ${BUDGET_MS / 60000}-minute budget was used up`);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Building and running

const bundles = {};

async function bundle(key, opts) {
  if (bundles[key]) return bundles[key];
  const out = path.join(TMP, `${key}.js`);
  log(`build ${key}`);
  const r = await build({ minify: true, ...opts, input: path.join(ROOT, opts.input), out });
  bundles[key] = r.file;
  // (Every device bundle writes its asyncio_inspect.js into TMP: the code is kept per bundle.)
  inspects[key] = r.inspect ? r.inspect.code : null;
  return r.file;
}
const inspects = {};

let seq = 0;
function withParams(file, params) {
  const f = path.join(TMP, `run-${++seq}.js`);
  fs.writeFileSync(f, `var __bench = ${JSON.stringify(params)};\n` + fs.readFileSync(file, "utf8"));
  return f;
}

function parseBench(r, what) {
  const out = [];
  for (const line of String(r.stdout).split("\n")) {
    if (line.startsWith("BENCH ")) out.push(JSON.parse(line.slice(6)));
    else if (line.startsWith("BENCHERR ")) throw new Error(`${what}: ${line.slice(9)}`);
  }
  if (out.length === 0) {
    const tail = `${r.stderr || ""}${r.stdout || ""}`.trim().split("\n").slice(-4).join(" | ");
    throw new Error(`${what}: no result (exit ${r.code}${r.timedOut ? ", timed out" : ""}): ${tail}`);
  }
  if (out[0].unsupported) throw new Error(`${what}: ${out[0].unsupported}`);
  return out[0];
}

function runNodeFlags(flags, file, args, timeoutMs) {
  const r = spawnSync(process.execPath, [...flags, file, ...args], { encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20 });
  return {
    stdout: r.stdout || "",
    stderr: (r.stderr || "") + (r.error ? String(r.error.message) : ""),
    code: r.status,
    timedOut: !!(r.error && r.error.code === "ETIMEDOUT"),
  };
}

const TIMEOUT = { node: 120000, quickjs: 180000, duk: 180000, espruino: 180000 };

/** Runs the bench app `file` with `params` on `engine`; returns its BENCH object. */
async function app(engine, file, params, { flags = null, timeoutMs = TIMEOUT[engine] } = {}) {
  const f = withParams(file, params);
  const what = `${engine} ${path.basename(file, ".js")} ${JSON.stringify(params)}`;
  let r;
  if (flags) r = runNodeFlags(flags, f, [], timeoutMs);
  else r = await engines.runOn(engine, f, { timeoutMs });
  if (engine === "espruino" && r.raw && !R.espruinoVersion) {
    const m = /\b(\d+v\d+(?:\.\d+)?)\b/.exec(r.raw);
    if (m) R.espruinoVersion = m[1];
  }
  return parseBench(r, what);
}

/** Same, but a failure is noted and gives null. */
async function tryApp(engine, file, params, opts) {
  try {
    return await app(engine, file, params, opts);
  } catch (err) {
    notes.push(String(err.message).slice(0, 400));
    log(`  failed: ${String(err.message).slice(0, 200)}`);
    return null;
  }
}

const best = (a) => Math.min(...a);
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const nsPer = (ms, count) => (ms * 1e6) / count;

// ---------------------------------------------------------------------------------------------
// The plan: counts per engine, so that each run takes about a second.

const NS = [1, 100, 10000];
const ESPRUINO_MAX_N = 1000; // 10,000 tasks need ~0.5M Espruino vars: 100x a real board
const PLAN = {
  node: { switches: Q(1e6, 2e4), reps: Q(7, 2), minR: 20 },
  quickjs: { switches: Q(1e5, 2e3), reps: Q(4, 2), minR: Q(20, 2) },
  duk: { switches: Q(1e5, 2e3), reps: Q(3, 2), minR: Q(20, 2) },
  espruino: { switches: Q(2e3, 100), reps: Q(2, 1), minR: Q(4, 2) },
};
const rounds = (engine, n) => Math.max(PLAN[engine].minR, Math.round(PLAN[engine].switches / n));
const espruinoN = (n) => Math.min(n, ESPRUINO_MAX_N);

// ---------------------------------------------------------------------------------------------
// 1. Switch cost

async function switchCost() {
  const s = (R.switch = { rows: [], native: [] });
  const sim16 = await bundle("sim-es2016", { board: "sim", target: "es2016", input: "bench/apps/bench.ts" });
  const sim5 = await bundle("sim-es5", { board: "sim", target: "es5", input: "bench/apps/bench.ts" });
  const host16 = await bundle("host-es2016", { board: "host", target: "es2016", input: "bench/apps/bench.ts" });
  const host5 = await bundle("host-es5", { board: "host", target: "es5", input: "bench/apps/bench.ts" });
  const configs = [
    { id: "node-es2016-sim", label: "runtime, Node, es2016 bundle, sim board", engine: "node", file: sim16, mode: "switch" },
    { id: "node-es5-sim", label: "runtime, Node, es5 bundle, sim board", engine: "node", file: sim5, mode: "switch" },
    { id: "node-es2016-host", label: "runtime, Node, es2016 bundle, host board", engine: "node", file: host16, mode: "switch" },
    { id: "node-es5-host", label: "runtime, Node, es5 bundle, host board", engine: "node", file: host5, mode: "switch" },
    { id: "node-es2016-bare", label: "bare resume loop (no scheduler), Node, es2016", engine: "node", file: sim16, mode: "bare" },
    { id: "node-es5-bare", label: "bare resume loop (no scheduler), Node, es5", engine: "node", file: sim5, mode: "bare" },
    { id: "quickjs-es2016-sim", label: "runtime, QuickJS, es2016 bundle, sim board", engine: "quickjs", file: sim16, mode: "switch" },
    { id: "quickjs-es5-sim", label: "runtime, QuickJS, es5 bundle, sim board", engine: "quickjs", file: sim5, mode: "switch" },
    { id: "quickjs-es2016-bare", label: "bare resume loop, QuickJS, es2016", engine: "quickjs", file: sim16, mode: "bare" },
    { id: "quickjs-es5-bare", label: "bare resume loop, QuickJS, es5", engine: "quickjs", file: sim5, mode: "bare" },
  ];
  if (HAVE.duk) {
    configs.push({ id: "duk-es5-sim", label: "runtime, duktape, es5 bundle, sim board", engine: "duk", file: sim5, mode: "switch" });
    configs.push({ id: "duk-es5-bare", label: "bare resume loop, duktape, es5", engine: "duk", file: sim5, mode: "bare" });
  } else notes.push("duktape (duk) is not installed: its rows are missing");
  // On Espruino also the esp32 bundle, as flashed (minified, the event-loop driver): the
  // figure issue 8's target is about.
  const esp5 = HAVE.espruino ? await bundle("esp32-es5", { board: "esp32", target: "es5", input: "bench/apps/bench.ts" }) : null;
  if (HAVE.espruino) {
    configs.push({
      id: "espruino-es5-sim",
      label: "runtime, Espruino, es5 bundle, sim board",
      engine: "espruino",
      file: sim5,
      mode: "switch",
    });
    configs.push({ id: "espruino-es5-bare", label: "bare resume loop, Espruino, es5", engine: "espruino", file: sim5, mode: "bare" });
    configs.push({
      id: "espruino-es5-esp32",
      label: "runtime, Espruino, es5 esp32 bundle (as flashed)",
      engine: "espruino",
      file: esp5,
      mode: "switch",
    });
    configs.push({
      id: "espruino-es5-esp32-bare",
      label: "bare resume loop, Espruino, es5 esp32 bundle",
      engine: "espruino",
      file: esp5,
      mode: "bare",
    });
  }
  for (const c of configs) {
    const row = { ...c, points: [] };
    s.rows.push(row);
    for (const n0 of NS) {
      if (overBudget(`switch cost ${c.id} N=${n0}`)) break;
      const n = c.engine === "espruino" ? espruinoN(n0) : n0;
      const r = rounds(c.engine, n);
      const reps = c.engine === "espruino" && n >= 1000 ? 1 : PLAN[c.engine].reps;
      log(`switch ${c.id} N=${n} R=${r} x${reps}`);
      const o = await tryApp(c.engine, c.file, { mode: c.mode, n, r, reps });
      row.points.push(
        o ? { n0, n, r, reps, ns: nsPer(best(o.ms), n * r), median: nsPer(median(o.ms), n * r), clock: o.clock } : { n0, n, r, ns: null },
      );
    }
  }

  // What a Node user would write instead, in the same run.
  const nativeNode = [
    {
      id: "native-immediate",
      label: "native async/await + Promise/setImmediate zero sleep, Node",
      mode: "immediate",
      switches: Q(2e5, 2e3),
      minR: 20,
    },
    {
      id: "native-microtask",
      label: "native async/await, `await null` (microtask only: starves I/O), Node",
      mode: "microtask",
      switches: Q(1e6, 2e3),
      minR: 20,
    },
    {
      id: "native-timeout",
      label: "setTimeout(0) callback chain, Node (0 is clamped to 1 ms)",
      mode: "timeout",
      r: { 1: Q(100, 5), 100: Q(20, 3), 10000: Q(5, 2) },
    },
  ];
  for (const c of nativeNode) {
    const row = { ...c, engine: "node", points: [] };
    s.native.push(row);
    for (const n of NS) {
      if (overBudget(`native ${c.id} N=${n}`)) break;
      const r = c.r ? c.r[n] : Math.max(c.minR, Math.round(c.switches / n));
      log(`native ${c.id} N=${n} R=${r}`);
      let o = null;
      try {
        o = parseBench(
          runNodeFlags([], path.join(__dirname, "native", "node.js"), [JSON.stringify({ mode: c.mode, n, r, reps: Q(3, 1) })], 120000),
          c.id,
        );
      } catch (err) {
        notes.push(err.message);
      }
      row.points.push(o ? { n0: n, n, r, ns: nsPer(best(o.ms), n * r), median: nsPer(median(o.ms), n * r) } : { n0: n, n, r, ns: null });
    }
  }
  {
    const row = {
      id: "quickjs-native-microtask",
      label: "native async/await, `await null` (microtask), QuickJS",
      engine: "quickjs",
      points: [],
    };
    s.native.push(row);
    const file = path.join(__dirname, "native", "quickjs.js");
    for (const n of NS) {
      if (overBudget(`native quickjs N=${n}`)) break;
      const r = Math.max(Q(20, 2), Math.round(PLAN.quickjs.switches / n));
      log(`native quickjs microtask N=${n} R=${r}`);
      const o = await tryApp("quickjs", file, { n, r, reps: PLAN.quickjs.reps });
      row.points.push(o ? { n0: n, n, r, ns: nsPer(best(o.ms), n * r), median: nsPer(median(o.ms), n * r) } : { n0: n, n, r, ns: null });
    }
  }
  if (HAVE.espruino) {
    const row = { id: "espruino-timeout", label: "setTimeout(0) callback chain, Espruino", engine: "espruino", points: [] };
    s.native.push(row);
    for (const n of [1, 100]) {
      const r = n === 1 ? Q(300, 20) : Q(5, 2);
      log(`espruino setTimeout chain N=${n} R=${r}`);
      const o = await tryApp("espruino", sim5, { mode: "timeout", n, r, reps: 2 });
      row.points.push(o ? { n0: n, n, r, ns: nsPer(best(o.ms), n * r), median: nsPer(median(o.ms), n * r) } : { n0: n, n, r, ns: null });
    }
  }

  // Native generators made from one generator function vs one per call (TypeScript's es2016
  // lowering of async functions).
  try {
    log("generators: shared vs per-call generator functions");
    s.generators = parseBench(
      runNodeFlags([], path.join(__dirname, "native", "generators.js"), [JSON.stringify({ ns: [100, 10000], total: Q(1e6, 2e4) })], 120000),
      "generators",
    ).runs;
  } catch (err) {
    notes.push(err.message);
  }

  // Yardsticks: an empty function call (not on Node: the JIT inlines it away); the pieces of a
  // switch alone.
  s.calls = {};
  s.parts = {};
  const yard = [
    ["node", sim16, "node-es2016", 0, Q(1e6, 1e4)],
    ["node", sim5, "node-es5", 0, Q(1e6, 1e4)],
    ["node", host16, "node-es2016-host", 0, Q(1e6, 1e4)],
    ["quickjs", sim16, "quickjs-es2016", Q(1e6, 1e4), Q(5e4, 1e3)],
    ["quickjs", sim5, "quickjs-es5", Q(1e6, 1e4), Q(5e4, 1e3)],
  ];
  if (HAVE.duk) yard.push(["duk", sim5, "duk-es5", Q(1e6, 1e4), Q(2e4, 1e3)]);
  if (HAVE.espruino) yard.push(["espruino", sim5, "espruino-es5", Q(2e4, 1e3), Q(1000, 50)]);
  if (HAVE.espruino) yard.push(["espruino", esp5, "espruino-es5-esp32", Q(2e4, 1e3), Q(1000, 50)]);
  for (const [engine, file, id, k, kp] of yard) {
    if (overBudget(`yardsticks ${id}`)) break;
    if (k) {
      log(`calls ${id} k=${k}`);
      const o = await tryApp(engine, file, { mode: "calls", k, reps: 3 });
      if (o) s.calls[id] = { k, ns: nsPer(best(o.ms) - best(o.loop_ms), k), loopNs: nsPer(best(o.loop_ms), k) };
    }
    log(`parts ${id} k=${kp}`);
    const p = await tryApp(engine, file, { mode: "parts", n: 100, k: kp, reps: 3 });
    if (p)
      s.parts[id] = {
        n: 100,
        k: kp,
        ticks_ms: nsPer(best(p.ticks_ms), kp),
        sleep_ms: nsPer(best(p.sleep_ms), kp),
        queue: nsPer(best(p.queue), kp),
      };
  }

  // Espruino: one resume of the ES5 coroutine taken apart (the floor under any scheduler).
  s.floor = {};
  if (HAVE.espruino && !overBudget("floor espruino")) {
    const k = Q(1000, 50);
    log(`floor espruino-es5-esp32 k=${k}`);
    const o = await tryApp("espruino", esp5, { mode: "floor", k, reps: 3 });
    if (o) {
      const loop = best(o.loop);
      const per = (a) => nsPer(best(a) - loop, k);
      s.floor["espruino-es5-esp32"] = {
        k,
        body: per(o.body),
        resume: nsPer(best(o.resume), k),
        step: nsPer(best(o.step), k),
        sleep_ms: nsPer(best(o.sleep_ms), k),
        loop: nsPer(loop, k),
      };
    }
  }
}

// Exact instruction counts per operation: two runs of different lengths under callgrind, the
// difference divided by the extra operations (the start-up cancels out). On duktape (the sim
// es5 bundle) and on Espruino (the esp32 bundle: its wall-clock figures move with the
// machine's load, instruction counts do not).
async function callgrind() {
  if (!HAVE.valgrind) {
    notes.push("instruction counts: skipped (valgrind is not installed)");
    return;
  }
  if (HAVE.espruino) {
    const esp5 = await bundle("esp32-es5", { board: "esp32", target: "es5", input: "bench/apps/bench.ts" });
    const X = Q(1000, 100);
    R.callgrindEspruino = countInstructions("espruino", process.env.ESPRUINO_BIN, esp5, [
      ["switch_n100", { mode: "switch", n: 100, reps: 1 }, "r", 5, 5 + X / 100, X],
      ["bare_n100", { mode: "bare", n: 100, reps: 1 }, "r", 5, 5 + X / 100, X],
      ["timeout", { mode: "timeout", n: 1, reps: 1 }, "r", 100, 100 + X, X],
      ["call", { mode: "calls", reps: 1, noloop: true }, "k", 1000, 1000 + X * 10, X * 10],
    ]);
  }
  if (!HAVE.duk) {
    notes.push("instruction counts on duktape: skipped (duk is not installed)");
    return;
  }
  const sim5 = await bundle("sim-es5", { board: "sim", target: "es5", input: "bench/apps/bench.ts" });
  const X = Q(5000, 200);
  const c = (R.callgrind = countInstructions("duk", "duk", sim5, [
    ["switch_n1", { mode: "switch", n: 1, reps: 1 }, "r", 100, 100 + X, X],
    ["switch_n100", { mode: "switch", n: 100, reps: 1 }, "r", 10, 10 + X / 100, X],
    ["bare_n100", { mode: "bare", n: 100, reps: 1 }, "r", 10, 10 + X / 100, X],
    ["call", { mode: "calls", reps: 1, noloop: true }, "k", 1000, 1000 + X * 20, X * 20],
  ]));
  const v = spawnSync("valgrind", ["--version"], { encoding: "utf8" });
  c.valgrind = (v.stdout || "").trim();
}

// runs: [id, params, the parameter that grows, its two values, the extra operations].
function countInstructions(name, engineBin, file, runs) {
  const c = {};
  const count = (params) => {
    const f = withParams(file, params);
    const r = spawnSync("valgrind", ["--tool=callgrind", "--callgrind-out-file=/dev/null", engineBin, f], {
      encoding: "utf8",
      timeout: 600000,
    });
    const m = /Collected\s*:\s*(\d+)/.exec(r.stderr || "");
    if (!m || !/BENCH /.test(r.stdout || ""))
      throw new Error(`callgrind ${name} ${JSON.stringify(params)}: ${(r.stderr || "").trim().split("\n").slice(-3).join(" | ")}`);
    return Number(m[1]);
  };
  for (const [id, base, key, a, b, extra] of runs) {
    if (overBudget(`callgrind ${name} ${id}`)) break;
    log(`callgrind ${name} ${id}`);
    try {
      const i1 = count({ ...base, [key]: a });
      const i2 = count({ ...base, [key]: b });
      c[id] = { perOp: (i2 - i1) / extra, extra, i1, i2 };
    } catch (err) {
      notes.push(err.message);
    }
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// 2. Timer-queue scaling

async function timerScaling() {
  const sim16 = await bundle("sim-es2016", { board: "sim", target: "es2016", input: "bench/apps/bench.ts" });
  const sim5 = await bundle("sim-es5", { board: "sim", target: "es5", input: "bench/apps/bench.ts" });
  const t = (R.timers = { rows: [], span: 1000, seed: 12345 });
  const N = [10, 1000, 100000];
  const configs = [
    { id: "node-es2016", label: "Node, es2016", engine: "node", file: sim16, total: Q(5e5, 2e4), reps: Q(3, 1) },
    { id: "node-es5", label: "Node, es5", engine: "node", file: sim5, total: Q(5e5, 2e4), reps: Q(3, 1) },
    { id: "quickjs-es2016", label: "QuickJS, es2016", engine: "quickjs", file: sim16, total: Q(1e5, 2e3), reps: Q(2, 1) },
    { id: "quickjs-es5", label: "QuickJS, es5", engine: "quickjs", file: sim5, total: Q(1e5, 2e3), reps: Q(2, 1) },
  ];
  if (HAVE.duk) configs.push({ id: "duk-es5", label: "duktape, es5", engine: "duk", file: sim5, total: Q(5e4, 2e3), reps: Q(2, 1) });
  if (HAVE.espruino)
    configs.push({ id: "espruino-es5", label: "Espruino, es5", engine: "espruino", file: sim5, total: Q(2000, 100), reps: 1, maxN: 1000 });
  for (const c of configs) {
    const row = { ...c, points: [] };
    t.rows.push(row);
    for (const n of N) {
      if (c.maxN && n > c.maxN) {
        row.points.push({ n, ns: null, skipped: `more than ${c.maxN} tasks: see the notes` });
        continue;
      }
      if (overBudget(`timer scaling ${c.id} N=${n}`)) break;
      const big = n >= 100000;
      // Rounds: the measured window is from switch n to switch n*(r-1).
      const r = Math.max(3, Math.round(c.total / n) + 2);
      const reps = big ? 1 : c.reps;
      log(`timers ${c.id} N=${n} R=${r} x${reps}`);
      const o = await tryApp(c.engine, c.file, { mode: "timers", n, r, reps, span: t.span, seed: t.seed });
      if (!o) {
        row.points.push({ n, ns: null });
        continue;
      }
      const nss = o.runs.map((x) => nsPer(x.ms, x.switches));
      row.points.push({ n, r, ns: best(nss), median: median(nss), switches: o.runs[0].switches });
    }
  }
  // Work per switch, counted: an es2016 build with counters added to the pairing heap's meld
  // and to the scheduler's task step (a copy of the bundle, patched by name; skipped if the
  // names have changed).
  try {
    const nm = await bundle("sim-es2016-names", {
      board: "sim",
      target: "es2016",
      input: "bench/apps/bench.ts",
      minify: false,
      keepNames: true,
    });
    let code = fs.readFileSync(nm, "utf8");
    // TaskQueue's meld() method; the steps are the scheduler's own count (stats().switches).
    const meld = /\bmeld\((\w+), (\w+)\) \{/;
    if (!meld.test(code) || !/\b_hot\.loops\b/.test(code)) throw new Error("meld() or _hot.loops not found in the bundle");
    code = code.replace(meld, (m) => `${m} __cnt.meld++;`);
    // (The bundle ends with its IIFE's close, then its source map comment.)
    code = code.replace(/\}\)\(\);(\s*\/\/# sourceMappingURL=\S*)?\s*$/, "__cnt.step = _hot.loops; })();\n");
    if (!code.includes("__cnt.step = _hot.loops")) throw new Error("the bundle's end was not found");
    const counted = path.join(TMP, "sim-es2016-counted.js");
    fs.writeFileSync(counted, `var __cnt = {meld: 0, step: 0};\n${code}\n;console.log("BENCH " + JSON.stringify(__cnt));\n`);
    t.melds = [];
    for (const n of N) {
      if (overBudget(`meld counts N=${n}`)) break;
      const r = Math.max(3, Math.round(Q(2e5, 2e3) / n) + 2);
      const f = withParams(counted, { mode: "timers", n, r, reps: 1, span: t.span, seed: t.seed });
      const res = await engines.runOn("node", f, { timeoutMs: 120000 });
      const lines = res.stdout.split("\n").filter((l) => l.startsWith("BENCH "));
      if (lines.length < 2) throw new Error(`meld count N=${n}: ${res.stderr.trim().split("\n").slice(-2).join(" | ")}`);
      const cnt = JSON.parse(lines[lines.length - 1].slice(6));
      t.melds.push({ n, perStep: cnt.meld / cnt.step, steps: cnt.step });
    }
    t.meldsSwitch = [];
    for (const n of NS) {
      const r = Math.max(3, Math.round(Q(2e5, 2e3) / n));
      const f = withParams(counted, { mode: "switch", n, r, reps: 1 });
      const res = await engines.runOn("node", f, { timeoutMs: 120000 });
      const lines = res.stdout.split("\n").filter((l) => l.startsWith("BENCH "));
      if (lines.length < 2) throw new Error(`meld count (switch) N=${n}: ${res.stderr.trim().split("\n").slice(-2).join(" | ")}`);
      const cnt = JSON.parse(lines[lines.length - 1].slice(6));
      t.meldsSwitch.push({ n, perStep: cnt.meld / cnt.step, steps: cnt.step });
    }
  } catch (err) {
    notes.push(`pairing-heap work counts: ${err.message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Memory per parked task

async function memory() {
  const sim16 = await bundle("sim-es2016", { board: "sim", target: "es2016", input: "bench/apps/bench.ts" });
  const sim5 = await bundle("sim-es5", { board: "sim", target: "es5", input: "bench/apps/bench.ts" });
  const m = (R.mem = { rows: [], snapshot: {} });
  const N = Q(10000, 500);
  for (const [id, label, file] of [
    ["node-es2016", "Node (V8), es2016", sim16],
    ["node-es5", "Node (V8), es5", sim5],
  ]) {
    if (overBudget(`memory ${id}`)) break;
    log(`mem ${id} N=${N}`);
    const o = await tryApp("node", file, { mode: "mem", n: N }, { flags: ["--expose-gc"] });
    if (o) m.rows.push({ id, label, unit: "bytes (V8 used heap after gc())", ...o });
  }
  for (const [id, label, file] of [
    ["quickjs-es2016", "QuickJS, es2016", sim16],
    ["quickjs-es5", "QuickJS, es5", sim5],
  ]) {
    if (overBudget(`memory ${id}`)) break;
    log(`mem ${id} N=${N}`);
    try {
      const r = await runQuickJSCode(
        `var __bench = ${JSON.stringify({ mode: "mem", n: N })};\n` + fs.readFileSync(file, "utf8"),
        "bench.js",
        QJS_MEM,
      );
      m.rows.push({ id, label, unit: "bytes (QuickJS memory_used_size)", ...parseBench(r, `quickjs mem ${id}`) });
    } catch (err) {
      notes.push(err.message);
    }
  }
  if (HAVE.espruino && !overBudget("memory espruino")) {
    const n = Q(1000, 100);
    log(`mem espruino N=${n}`);
    const o = await tryApp("espruino", sim5, { mode: "mem", n });
    if (o) m.rows.push({ id: "espruino-es5", label: "Espruino, es5", unit: "vars x blocksize (process.memory(), after its GC)", ...o });
  }
  // What a parked task is made of on V8 (heap snapshots, names kept).
  const SN = Q(2000, 200);
  for (const [id, target] of [
    ["es2016", "es2016"],
    ["es5", "es5"],
  ]) {
    if (overBudget(`heap snapshot ${id}`)) break;
    try {
      const nm = await bundle(`sim-${target}-names`, {
        board: "sim",
        target,
        input: "bench/apps/bench.ts",
        minify: false,
        keepNames: true,
      });
      log(`heap snapshot ${id}`);
      const snap = (n) => {
        const r = runNodeFlags(["--expose-gc"], path.join(__dirname, "lib", "snapshot.js"), [nm, String(n), TMP], 120000);
        const line = r.stdout.split("\n").find((l) => l.startsWith("SNAP "));
        if (!line) throw new Error(`heap snapshot ${id}: ${r.stderr.trim().split("\n").slice(-2).join(" | ")}`);
        return JSON.parse(line.slice(5));
      };
      const a = snap(0);
      const b = snap(SN);
      const kinds = [];
      for (const k of Object.keys(b)) {
        const [c0, s0] = a[k] || [0, 0];
        const dc = b[k][0] - c0;
        if (Math.abs(dc) >= SN / 2) kinds.push({ kind: k, objs: dc / SN, bytes: (b[k][1] - s0) / SN });
      }
      kinds.sort((x, y) => y.bytes - x.bytes);
      m.snapshot[id] = { n: SN, kinds };
      if (!m.fields) m.fields = (await app("node", nm, { mode: "fields" })).fields;
    } catch (err) {
      notes.push(err.message);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Allocations per switch (V8) and retention (QuickJS, Espruino)

async function allocations() {
  const a = (R.alloc = { rows: [], retain: [] });
  const files = {
    "node-es2016-sim": ["es2016, sim board", await bundle("sim-es2016", { board: "sim", target: "es2016", input: "bench/apps/bench.ts" })],
    "node-es5-sim": ["es5, sim board", await bundle("sim-es5", { board: "sim", target: "es5", input: "bench/apps/bench.ts" })],
    "node-es2016-host": [
      "es2016, host board",
      await bundle("host-es2016", { board: "host", target: "es2016", input: "bench/apps/bench.ts" }),
    ],
    "node-es5-host": ["es5, host board", await bundle("host-es5", { board: "host", target: "es5", input: "bench/apps/bench.ts" })],
  };
  const EXTRA = Q(100000, 5000); // extra switches between the short and the long run
  const flags = ["--expose-gc", "--min-semi-space-size=64", "--max-semi-space-size=64"];
  for (const [id, [label, file]] of Object.entries(files)) {
    const row = { id, label, points: [] };
    a.rows.push(row);
    for (const n of NS) {
      if (overBudget(`allocations ${id} N=${n}`)) break;
      const r1 = Math.max(2, Math.round(1000 / n));
      const r2 = r1 + Math.ceil(EXTRA / n);
      const extra = (r2 - r1) * n;
      log(`alloc ${id} N=${n} R=${r1}/${r2}`);
      const o = await tryApp("node", file, { mode: "alloc", n, r1, r2, rounds: 3 }, { flags });
      if (!o) {
        row.points.push({ n, sched: null });
        continue;
      }
      const per = (pairs) => pairs.map(([g1, g2]) => (g2 - g1) / extra);
      const sched = per(o.sched);
      const bare = per(o.bare);
      const scavenged = [...o.sched, ...o.bare].some(([g1, g2]) => g1 < 0 || g2 < g1);
      row.points.push({
        n,
        r1,
        r2,
        sched: median(sched),
        bare: median(bare),
        diff: median(sched) - median(bare),
        spread: Math.max(...sched) - Math.min(...sched),
        scavenged,
      });
    }
  }
  // Retention: plainly, then with the REPL's asyncio.tasks() unlinking finished tasks from the
  // list of all tasks before each reading ("prune").
  const K = Q(100000, 2000);
  const qjsRetain = async (id, label, code, params) => {
    if (overBudget(`retention ${id}`)) return;
    log(`retain ${id}`);
    try {
      const r = await runQuickJSCode(
        `var __bench = ${JSON.stringify({ mode: "retain", n: 100, ...params })};\n` + code,
        "bench.js",
        QJS_MEM,
      );
      a.retain.push({ id, label, ...parseBench(r, `quickjs retain ${id}`) });
    } catch (err) {
      notes.push(err.message);
    }
  };
  for (const target of ["es2016", "es5"]) {
    const code = fs.readFileSync(await bundle(`sim-${target}`, { board: "sim", target, input: "bench/apps/bench.ts" }), "utf8");
    await qjsRetain(`quickjs-${target}`, `QuickJS, ${target}`, code, { k: K });
    await qjsRetain(`quickjs-${target}-prune`, `QuickJS, ${target}, tasks() called first`, code, { k: Q(10000, 1000), prune: true });
  }
  if (HAVE.espruino) {
    const sim5 = await bundle("sim-es5", { board: "sim", target: "es5", input: "bench/apps/bench.ts" });
    for (const prune of [false, true]) {
      if (overBudget("retention espruino")) break;
      const k = Q(2000, 100);
      log(`retain espruino k=${k}${prune ? " prune" : ""}`);
      const o = await tryApp("espruino", sim5, { mode: "retain", n: 20, k, prune });
      if (o)
        a.retain.push({ id: `espruino-es5${prune ? "-prune" : ""}`, label: `Espruino, es5${prune ? ", tasks() called first" : ""}`, ...o });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 5. Bundle size

async function sizes() {
  const z = (R.sizes = { boards: [], core: [] });
  const blink = fs.existsSync(path.join(ROOT, "examples", "blink.ts")) ? "examples/blink.ts" : "bench/apps/runtime.ts";
  z.blink = blink;
  for (const board of listBoards()) {
    if (overBudget(`bundle sizes ${board}`)) break;
    const row = { board, cells: {} };
    z.boards.push(row);
    for (const [app, input] of [
      ["blink", blink],
      ["runtime", "bench/apps/runtime.ts"],
    ]) {
      for (const target of ["es5", "es2016"]) {
        log(`size ${board} ${app} ${target}`);
        try {
          const r = await build({ board, target, input: path.join(ROOT, input), out: null, minify: true });
          row.cells[`${app}-${target}`] = { bytes: r.bytes };
        } catch (err) {
          row.cells[`${app}-${target}`] = { error: String(err.message).split("\n")[0] };
        }
      }
    }
  }
  // The asyncio core alone: the same apps on the smallest possible driver (bench/apps/null-hal.ts).
  for (const [id, label, input] of [
    ["runtime", "runtime alone: an app that imports asyncio and calls run()", "bench/apps/runtime.ts"],
    ["full", "the whole asyncio module (every export kept)", "bench/apps/runtime-full.ts"],
  ]) {
    const row = { id, label, cells: {} };
    z.core.push(row);
    for (const target of ["es5", "es2016"]) {
      log(`size core ${id} ${target}`);
      try {
        const r = await build({
          board: "sim",
          hal: path.join(__dirname, "apps", "null-hal.ts"),
          target,
          input: path.join(ROOT, input),
          out: null,
          minify: true,
        });
        row.cells[target] = { bytes: r.bytes };
        if (id === "runtime" && target === "es5") {
          const nm = await build({
            board: "sim",
            hal: path.join(__dirname, "apps", "null-hal.ts"),
            target,
            input: path.join(ROOT, input),
            out: null,
            minify: false,
          });
          z.coreNames = keptNames(nm.code);
        }
      } catch (err) {
        row.cells[target] = { error: String(err.message).split("\n")[0] };
      }
    }
  }
}

// The top-level functions, classes and variables a bundle kept, from its non-minified code.
function keptNames(code) {
  const names = new Set();
  for (const m of code.matchAll(/^ {2}(?:function (\w+)|var (\w+) = )/gm)) names.add(m[1] || m[2]);
  for (const m of code.matchAll(/^ {6}function (\w+)\(/gm)) names.add(m[1]); // ES5 classes in their IIFEs
  const first = /^ {2}var ([\w$, ]+);$/m.exec(code);
  if (first) for (const n of first[1].split(/,\s*/)) names.add(n);
  return [...names].filter((n) => !/^(_a|__\w+|main)$/.test(n)).sort();
}

// ---------------------------------------------------------------------------------------------
// Machine

function machine() {
  let cpu = "unknown";
  try {
    const info = fs.readFileSync("/proc/cpuinfo", "utf8");
    const field = (k) => {
      const m = new RegExp(`^${k}\\s*:\\s*(.+)$`, "m").exec(info);
      return m ? m[1].trim() : null;
    };
    cpu = field("model name") || cpu;
    const extra = [
      field("cpu family") && `family ${field("cpu family")}`,
      field("model") && `model ${field("model")}`,
      field("cpu MHz") && `${Math.round(Number(field("cpu MHz")))} MHz`,
    ].filter(Boolean);
    if (extra.length) cpu += ` (${extra.join(", ")})`;
  } catch (_) {
    cpu = os.cpus()[0] ? os.cpus()[0].model : "unknown";
  }
  const pkg = (name) => {
    try {
      return require(path.join(ROOT, "node_modules", name, "package.json")).version;
    } catch (_) {
      return null;
    }
  };
  const dukVer = (() => {
    const r = spawnSync("sh", ["-c", "dpkg-query -W -f='${Version}' duktape 2>/dev/null"], { encoding: "utf8" });
    return r.status === 0 && r.stdout ? r.stdout.trim() : null;
  })();
  return {
    date: new Date().toISOString(),
    cpu,
    cores: os.cpus().length,
    mem: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    v8: process.versions.v8,
    quickjs: `quickjs-emscripten ${pkg("quickjs-emscripten") || "?"}`,
    duk: HAVE.duk ? `duktape ${dukVer || "(version unknown)"}` : "not installed",
    espruino: HAVE.espruino
      ? `Espruino ${R.espruinoVersion || "?"} Linux build (${process.env.ESPRUINO_BIN})`
      : "not present (optional: ESPRUINO_BIN)",
    load: os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" "),
  };
}

// ---------------------------------------------------------------------------------------------

// Which code is measured: the commit, and the files of the runtime that differ from it (their
// content hash, so that a change during the run shows).
function codeState() {
  const git = (args) => spawnSync("git", args, { cwd: ROOT, encoding: "utf8" });
  const head = git(["rev-parse", "--short", "HEAD"]);
  if (head.status !== 0) return null;
  const dirty = (git(["status", "--porcelain", "--", "src", "hal", "tools", "boards"]).stdout || "")
    .split("\n")
    .filter(Boolean)
    .map((l) => l.slice(3));
  const hash = require("crypto").createHash("sha1");
  for (const f of dirty) {
    try {
      hash.update(f).update(fs.readFileSync(path.join(ROOT, f)));
    } catch (_) {
      hash.update(f);
    }
  }
  return { head: head.stdout.trim(), dirty, hash: hash.digest("hex").slice(0, 10) };
}

// ---------------------------------------------------------------------------------------------
// 6. Stream throughput: echo over 127.0.0.1, the runtime's streams (host board) against raw
// Node `net`, alternating in the same run.

function freePort() {
  return new Promise((resolve, reject) => {
    const s = require("net").createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// 7. Queue put/get (issue 12): its own app (bench/apps/queue.ts), so the other bundles stay as
// they are. Per pair: put_nowait + get_nowait, and `await put()` + `await get()`, nobody waiting.

async function queueCost() {
  const q = (R.queue = { rows: [] });
  const files = {
    es2016: await bundle("queue-es2016", { board: "sim", target: "es2016", input: "bench/apps/queue.ts" }),
    es5: await bundle("queue-es5", { board: "sim", target: "es5", input: "bench/apps/queue.ts" }),
  };
  const runs = [
    ["node", "es2016", Q(20000, 500), { flags: ["--expose-gc"] }],
    ["node", "es5", Q(20000, 500), { flags: ["--expose-gc"] }],
    ["quickjs", "es2016", Q(2000, 100), {}],
    ["quickjs", "es5", Q(2000, 100), {}],
  ];
  if (HAVE.duk) runs.push(["duk", "es5", Q(2000, 100), {}]);
  if (HAVE.espruino) runs.push(["espruino", "es5", Q(200, 20), {}]);
  for (const [engine, target, k, opts] of runs) {
    if (overBudget(`queue ${engine} ${target}`)) break;
    log(`queue ${engine} ${target} k=${k}`);
    const o = await tryApp(engine, files[target], { k, reps: 3 }, opts);
    if (o)
      q.rows.push({
        label: `${engine === "duk" ? "duktape" : engine === "quickjs" ? "QuickJS" : engine === "node" ? "Node" : "Espruino"}, ${target}`,
        k,
        nowait: nsPer(best(o.nowait), k),
        awaited: nsPer(best(o.awaited), k),
        nowait_bytes: o.nowait_bytes,
        awaited_bytes: o.awaited_bytes,
      });
  }
}

// ---------------------------------------------------------------------------------------------
// 8. What the seed's blink leaves to the app on the smallest boards (issue 13). Espruino: the
// espruino-pico and esp32 blink bundles run by the Linux build (which has no LED1/LED2/BTN1:
// plain pins stand in), variables in use while each runs, loaded from a file and saved to flash
// as flash.sh does, against an empty interpreter each way. Kaluma: §0's heap.

// What the espruino CLI sends to save an app to flash (flash.sh: save on send, EspruinoTools'
// codeWriter.js): .bootcde written in 1,024-character chunks, then load(), which frees every
// variable and runs .bootcde from flash. Espruino then keeps each function's code in flash
// (one variable each): the Linux build's flash is a file in its working folder, its boot code
// a flash string, as on a board with external flash.
function saveOnSend(code) {
  const CHUNK = 1024;
  const out = [`require("Storage").write(".bootcde",${JSON.stringify(code.slice(0, CHUNK))},0,${code.length});`];
  for (let i = CHUNK; i < code.length; i += CHUNK)
    out.push(`require("Storage").write(".bootcde",${JSON.stringify(code.slice(i, i + CHUNK))},${i});`);
  out.push("load();");
  return `${out.join("\n")}\n`;
}

async function footprint() {
  const f = (R.footprint = {});
  if (!HAVE.espruino) return;
  // The Linux build has Espruino's D pins but not a Pico's LED1/LED2/BTN1: plain pins stand in.
  const pins = "var LED1 = D1, LED2 = D2, BTN1 = D3, BTN = D3;\n";
  const probe = (ms) =>
    `setTimeout(function () { var m = process.memory(); console.log("BENCH " + JSON.stringify({ usage: m.usage, total: m.total, blocksize: m.blocksize })); }, ${ms});\n`;
  const run = (name, code) => {
    // A folder of its own: the Linux build keeps its flash (./espruino.flash) where it runs.
    const dir = fs.mkdtempSync(path.join(TMP, "fp-"));
    const file = path.join(dir, name);
    fs.writeFileSync(file, code);
    // The blink never ends: the reading comes first, then the run is stopped.
    const r = spawnSync(process.env.ESPRUINO_BIN, [file], { encoding: "latin1", timeout: 8000, cwd: dir });
    fs.rmSync(dir, { recursive: true, force: true });
    const m = /BENCH (\{.*\})/.exec(r.stdout || "");
    if (!m) throw new Error(`footprint ${name}: no reading (${(r.stdout || "").trim().split("\n").slice(-2).join(" | ")})`);
    // (What the program printed before: asyncio.ps()'s lines.)
    // (Each line the program prints follows a "\r\x1b[J" that clears the ">" prompt's line.)
    const before = (r.stdout || "")
      .slice(0, m.index)
      .replace(/\r/g, "")
      .replace(/^>?\x1b\[J/gm, "")
      .split("\n");
    const ps = before.lastIndexOf("task  state");
    return { ...JSON.parse(m[1]), lines: ps < 0 ? [] : before.slice(ps).filter((l) => l && l !== ">") };
  };
  log("footprint espruino");
  try {
    const empty = run("fp-empty.js", pins + probe(10));
    const bootEmpty = run("fp-empty-saved.js", saveOnSend(pins + probe(10)));
    for (const board of ["espruino-pico", "esp32"]) {
      const blink = await bundle(`blink-${board}`, { board, input: "examples/blink.ts" });
      const app = pins + fs.readFileSync(blink, "utf8") + "\n" + probe(300);
      const loaded = run(`fp-blink-${board}.js`, app);
      const saved = run(`fp-blink-${board}-saved.js`, saveOnSend(app));
      // asyncio.ps() at its first use: the asyncio_inspect file in Storage (as flash.sh puts it
      // there), ps() called at 300 ms, the variables read at 400 ms.
      const ps = fs.readFileSync(blink, "utf8") + "\nsetTimeout(function () { asyncio.ps(); }, 300);\n" + probe(400);
      const storage = `require("Storage").write("asyncio_inspect",${JSON.stringify(inspects[`blink-${board}`])});\n`;
      const withPs = run(`fp-blink-${board}-ps.js`, storage + saveOnSend(pins + ps));
      const row = {
        bytes: fs.statSync(blink).size,
        empty: empty.usage,
        loaded: loaded.usage,
        bootEmpty: bootEmpty.usage,
        saved: saved.usage,
        ps: withPs.usage - saved.usage,
        psLines: withPs.lines,
        total: loaded.total,
        blocksize: loaded.blocksize,
      };
      if (board === "espruino-pico") f.espruino = row;
      else f.espruinoEsp32 = row;
    }
  } catch (err) {
    notes.push(err.message);
  }
}

async function streamThroughput() {
  const S = (R.streams = { rows: [] });
  const bytes = Q(32, 4) * 1024 * 1024;
  const chunk = 16 * 1024;
  S.bytes = bytes;
  S.chunk = chunk;
  const file = await bundle("echo-host-es2016", { board: "host", target: "es2016", input: "bench/apps/echo.ts" });
  const runs = { runtime: [], net: [] };
  for (let i = 0; i < Q(3, 1); i++) {
    const r = await tryApp("node", file, { bytes, chunk, port: await freePort() });
    if (r) runs.runtime.push(r.ms);
    const n = parseBench(
      runNodeFlags([], path.join(__dirname, "native", "echo.js"), [bytes, chunk, await freePort()], 60000),
      "raw net echo",
    );
    runs.net.push(n.ms);
  }
  const mbs = (ms) => bytes / (1024 * 1024) / (ms / 1000);
  if (runs.runtime.length) S.rows.push({ label: "runtime streams (host board, es2016)", mbs: mbs(best(runs.runtime)), raw: runs.runtime });
  S.rows.push({ label: "raw Node `net` (pipe)", mbs: mbs(best(runs.net)), raw: runs.net });
}

// 0. The real target: Kaluma 1.2.1 on an emulated RP2040.
async function kaluma() {
  if (!KALUMA.firmware || !KALUMA.bootrom) {
    R.kaluma = { skipped: "give --kaluma-firmware <kaluma-rp2-pico-1.2.1.elf> and --rp2040-bootrom <b1.bin> (see bench/kaluma.js)" };
    return;
  }
  for (const f of [KALUMA.firmware, KALUMA.bootrom, KALUMA.firmwareW]) if (f && !fs.existsSync(f)) throw new Error(`no such file: ${f}`);
  R.kaluma = await require("./kaluma.js").measure({ ...KALUMA, build, tmp: TMP, log });
}

async function main() {
  log(`bench${QUICK ? " (quick)" : ""}: temporary files in ${TMP}`);
  R.codeStart = codeState();
  R.loadBefore = os.loadavg()[0];
  const steps = [
    ["kaluma", kaluma],
    ["switch cost", switchCost],
    ["instruction counts", callgrind],
    ["timer scaling", timerScaling],
    ["memory", memory],
    ["allocations", allocations],
    ["bundle sizes", sizes],
    ["stream throughput", streamThroughput],
    ["queue", queueCost],
    ["footprint", footprint],
  ];
  try {
    for (const [name, fn] of steps) {
      try {
        await fn();
      } catch (err) {
        notes.push(`${name}: failed: ${err && err.stack ? err.stack.split("\n").slice(0, 3).join(" ") : err}`);
        log(`${name} failed: ${err && err.stack}`);
      }
    }
  } finally {
    fs.rmSync(TMP, { recursive: true, force: true });
  }
  R.codeEnd = codeState();
  R.machine = machine();
  R.loadAfter = os.loadavg()[0];
  R.elapsed = (Date.now() - T_START) / 1000;
  R.quick = QUICK;
  const { report, svg } = require("./lib/report.js");
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, "switch-cost.svg"), chart(svg(R)));
  fs.writeFileSync(path.join(OUT_DIR, "results.md"), report(R, notes));
  fs.writeFileSync(path.join(OUT_DIR, "results.json"), JSON.stringify({ ...R, notes }, null, 1) + "\n");
  log(
    `wrote ${path.relative(process.cwd(), path.join(OUT_DIR, "results.md"))}, switch-cost.svg and results.json in ${R.elapsed.toFixed(0)} s`,
  );
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err && err.stack ? err.stack : err}\n`);
  process.exitCode = 1;
});
