#!/usr/bin/env node
"use strict";
// Runs a built script on a JavaScript engine and captures what it printed.
//
//   runOn(engine, file, {timeoutMs}) -> Promise<{stdout, stderr, code, timedOut, ...}>
//   node tools/engines.js <engine> <file> [--timeout <ms>]
//
// Engines:
//   node      `node file` in a child process
//   duk       `duk file` in a child process (duktape 2.7: ES5, no Promise, no setTimeout)
//   quickjs   QuickJS (npm quickjs-emscripten), in a child Node process. It gets console.log/error
//             (arguments converted with String(), joined by spaces), print, and
//             setTimeout/clearTimeout/setInterval/clearInterval on a VIRTUAL clock: after the
//             script and every timer callback, Promise jobs are run to completion; then the
//             earliest timer fires at once and Date.now() jumps forward to its due time, so
//             timer code finishes without waiting and reads consistent times.
//             The result also has `memory` (QuickJS's own counters, see computeMemoryUsage).
//   espruino  optional: an Espruino Linux binary given by the ESPRUINO_BIN environment
//             variable; its banner, prompts and CRs are removed from stdout; `code` is 1
//             when it reported an "Uncaught" error.
//
// `code` is the exit status: 0, 1 for an uncaught error, 124 when the run hit its limit (then
// `timedOut` is true and stderr says so).
//
// The limit (timeoutMs, default 10 s) is CPU time, not wall-clock time: the kernel stops the
// engine's process once it has USED that much (RLIMIT_CPU, set with `ulimit -t` in the shell
// that starts it), so a run that is slow only because the machine is busy is never cut short,
// and a program that spins forever is. A wall-clock guard of wallMs (default 6 x timeoutMs +
// 30 s) still bounds a process that waits forever without using the CPU.
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawn, spawnSync } = require("child_process");

const DEFAULT_TIMEOUT_MS = 10000;
const TIMEOUT_CODE = 124;
const ENGINES = ["node", "duk", "quickjs", "espruino"];

function commandExists(cmd) {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
  return r.status === 0;
}

/** Whether `engine` can run here (duk installed, ESPRUINO_BIN set...). */
function available(engine) {
  switch (engine) {
    case "node":
    case "quickjs":
      return true;
    case "duk":
      return commandExists("duk");
    case "espruino":
      return !!process.env.ESPRUINO_BIN && fs.existsSync(process.env.ESPRUINO_BIN);
    default:
      return false;
  }
}

// `ulimit -t` counts whole seconds.
const cpuSeconds = (ms) => Math.max(1, Math.ceil(ms / 1000));

function runProcess(cmd, args, { timeoutMs = DEFAULT_TIMEOUT_MS, wallMs, cwd } = {}) {
  const wall = wallMs || 6 * timeoutMs + 30000;
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn("sh", ["-c", `ulimit -t ${cpuSeconds(timeoutMs)} && exec "$0" "$@"`, cmd, ...args], {
        cwd,
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (err) {
      resolve({ stdout: "", stderr: `cannot start ${cmd}: ${err.message}\n`, code: 127, timedOut: false });
      return;
    }
    const out = [];
    const err = [];
    let why = null; // set when a limit stopped the run
    let settled = false;
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    const timer = setTimeout(() => {
      why = `still running after ${wall} ms of wall-clock time`;
      child.kill("SIGKILL");
    }, wall);
    const finish = (code, signal, extraErr) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (signal === "SIGXCPU" || (signal === "SIGKILL" && why === null && code === null)) {
        why = `used more than ${cpuSeconds(timeoutMs)} s of CPU time`;
      }
      let stderr = Buffer.concat(err).toString("utf8") + (extraErr || "");
      if (why) stderr += `${path.basename(cmd)}: stopped: ${why}\n`;
      const status = code === null ? 128 + (os.constants.signals[signal] || 9) : code;
      resolve({ stdout: Buffer.concat(out).toString("utf8"), stderr, code: why ? TIMEOUT_CODE : status, timedOut: !!why });
    };
    child.on("error", (e) => finish(127, null, `cannot start ${cmd}: ${e.message}\n`));
    child.on("close", (code, signal) => finish(code, signal));
  });
}

// ---------------------------------------------------------------------------------------------
// QuickJS

let quickjsModule = null;
function getQuickJSModule() {
  if (!quickjsModule) quickjsModule = require("quickjs-emscripten").getQuickJS();
  return quickjsModule;
}

// Installed before the script. Host functions: __mpa_write(fd, text), __mpa_realnow(). The
// timers are tools/vtimers.js's list (its source text, installed in QuickJS), due in ms of a
// clock that jumps forward (skew) to the next timer when the script waits.
const VTIMERS_SRC = fs.readFileSync(path.join(__dirname, "vtimers.js"), "utf8").replace(/^module\.exports.*$/m, "");
const QUICKJS_PRELUDE = `(function (g) {
  ${VTIMERS_SRC}
  var write = g.__mpa_write, realNow = g.__mpa_realnow;
  delete g.__mpa_write; delete g.__mpa_realnow;
  var skew = 0, timers = new VTimers(), nextId = 1;
  function now() { return realNow() + skew; }
  Date.now = now;
  function line(fd, args) {
    var parts = [];
    for (var i = 0; i < args.length; i++) parts.push(String(args[i]));
    write(fd, parts.join(' ') + '\\n');
  }
  g.console = {
    log: function () { line(1, arguments); },
    info: function () { line(1, arguments); },
    warn: function () { line(2, arguments); },
    error: function () { line(2, arguments); }
  };
  g.print = function () { line(1, arguments); };
  function add(fn, ms, args, repeat) {
    if (typeof fn !== 'function') throw new TypeError('timer callback is not a function');
    ms = +ms; if (!(ms > 0)) ms = 0;
    return timers.add(nextId++, now() + ms, fn, args, repeat ? Math.max(ms, 1) : 0);
  }
  function clear(id) { timers.remove(id); }
  g.setTimeout = function (fn, ms) { return add(fn, ms, [].slice.call(arguments, 2), false); };
  g.setInterval = function (fn, ms) { return add(fn, ms, [].slice.call(arguments, 2), true); };
  g.clearTimeout = clear;
  g.clearInterval = clear;
  // Fires the earliest timer (FIFO among equal due times), moving the clock to it if it is
  // not due yet; false when none is left. One at a time: the host runs Promise jobs between.
  g.__mpa_fire = function () {
    var at = timers.next();
    if (at === Infinity) return false;
    var late = at - now();
    if (late > 0) skew += late;
    timers.run_due(now(), function (fn, args) { fn.apply(undefined, args); }, 1);
    return true;
  };
})(globalThis);`;

function formatQuickJSError(vm, handle) {
  let e;
  try {
    e = vm.dump(handle);
  } catch (_) {
    e = "(unprintable error)";
  }
  if (e && typeof e === "object") {
    const head = e.name || e.message ? `${e.name || "Error"}${e.message ? ": " + e.message : ""}` : JSON.stringify(e);
    return `${head}\n${e.stack ? String(e.stack).replace(/\s+$/, "") + "\n" : ""}`;
  }
  return `Uncaught ${String(e)}\n`;
}

// quickjs-emscripten loads its WASM with a dynamic import(), which jest's module sandbox
// refuses; a child Node process also survives anything the engine does. So runOn runs QuickJS
// in a child (`node tools/engines.js --quickjs-child <file> <timeoutMs>`) that prints the result
// as JSON; the CLI, already a process of its own, runs it in-process.
async function runQuickJSChild(file, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
  const r = await runProcess(process.execPath, [__filename, "--quickjs-child", path.resolve(file), String(timeoutMs)], {
    timeoutMs: timeoutMs + 3000, // the runner stops QuickJS itself; this also covers loading it
  });
  if (r.timedOut) return { stdout: "", stderr: `quickjs: ${r.stderr.trim().split("\n").pop()}\n`, code: TIMEOUT_CODE, timedOut: true };
  try {
    return JSON.parse(r.stdout);
  } catch (_) {
    return { stdout: "", stderr: `quickjs: the runner failed (${r.code}):\n${r.stderr}${r.stdout}`, code: r.code || 1, timedOut: false };
  }
}

async function runQuickJS(file, opts) {
  return runQuickJSCode(fs.readFileSync(file, "utf8"), path.basename(file), opts);
}

// QuickJS's own counters (JS_ComputeMemoryUsage) the bench reads at any point of a script.
const MEM_KEYS = ["memory_used_size", "malloc_size", "malloc_count", "obj_count", "obj_size", "memory_used_count"];

/**
 * Runs the script `code` in this process. With `mem`, the script also gets a host function
 * __mem() returning MEM_KEYS (the bench's memory figures).
 */
async function runQuickJSCode(code, name, { timeoutMs = DEFAULT_TIMEOUT_MS, memoryLimit = 256 * 1024 * 1024, mem = false } = {}) {
  const QuickJS = await getQuickJSModule();
  const rt = QuickJS.newRuntime();
  // The limit is this process's CPU time, as for the engines run as processes.
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const deadline = cpuMs() + timeoutMs;
  let timedOut = false;
  let calls = 0;
  rt.setInterruptHandler(() => {
    if ((++calls & 63) === 0 && cpuMs() > deadline) timedOut = true; // getrusage is a system call
    return timedOut;
  });
  rt.setMemoryLimit(memoryLimit);
  const vm = rt.newContext();
  let stdout = "";
  let stderr = "";
  let exitCode = 0;
  let memory = null;
  try {
    const write = vm.newFunction("__mpa_write", (fdH, textH) => {
      const text = vm.getString(textH);
      if (vm.getNumber(fdH) === 2) stderr += text;
      else stdout += text;
    });
    vm.setProp(vm.global, "__mpa_write", write);
    write.dispose();
    const realNow = vm.newFunction("__mpa_realnow", () => vm.newNumber(Date.now()));
    vm.setProp(vm.global, "__mpa_realnow", realNow);
    realNow.dispose();
    if (mem) {
      const f = vm.newFunction("__mem", () => {
        const m = rt.computeMemoryUsage();
        const o = vm.dump(m);
        m.dispose();
        const h = vm.newObject();
        for (const k of MEM_KEYS) {
          const n = vm.newNumber(o[k]);
          vm.setProp(h, k, n);
          n.dispose();
        }
        return h;
      });
      vm.setProp(vm.global, "__mem", f);
      f.dispose();
    }
    const pre = vm.evalCode(QUICKJS_PRELUDE, "quickjs-prelude.js");
    if (pre.error) {
      const msg = formatQuickJSError(vm, pre.error);
      pre.error.dispose();
      throw new Error(`QuickJS prelude failed: ${msg}`);
    }
    pre.value.dispose();

    // Runs the Promise jobs; returns false after an error (reported).
    const drainJobs = () => {
      for (;;) {
        const r = rt.executePendingJobs(-1);
        if (r.error) {
          stderr += formatQuickJSError(vm, r.error);
          r.error.dispose();
          return false;
        }
        const n = r.value;
        if (typeof r.dispose === "function") r.dispose();
        if (!n) return true;
      }
    };

    const res = vm.evalCode(code, name);
    let ok = true;
    if (res.error) {
      if (!timedOut) stderr += formatQuickJSError(vm, res.error);
      res.error.dispose();
      ok = false;
    } else {
      res.value.dispose();
    }
    if (ok) ok = drainJobs();
    const fire = vm.getProp(vm.global, "__mpa_fire");
    try {
      while (ok && !timedOut) {
        if (cpuMs() > deadline) {
          timedOut = true;
          break;
        }
        const r = vm.callFunction(fire, vm.undefined);
        if (r.error) {
          if (!timedOut) stderr += formatQuickJSError(vm, r.error);
          r.error.dispose();
          ok = false;
          break;
        }
        const fired = vm.dump(r.value);
        r.value.dispose();
        if (!fired) break;
        ok = drainJobs();
      }
    } finally {
      fire.dispose();
    }
    if (!ok) exitCode = 1;
    try {
      const m = rt.computeMemoryUsage();
      memory = vm.dump(m);
      m.dispose();
    } catch (_) {
      memory = null;
    }
  } finally {
    vm.dispose();
    rt.dispose();
  }
  if (timedOut) {
    stderr += `quickjs: stopped: used more than ${timeoutMs} ms of CPU time\n`;
    exitCode = TIMEOUT_CODE;
  }
  return { stdout, stderr, code: exitCode, timedOut, memory };
}

// ---------------------------------------------------------------------------------------------
// Espruino (optional, local only)

function cleanEspruinoOutput(raw) {
  let s = raw.replace(/\r/g, "");
  const banner = s.indexOf("espruino.com/Donate\n");
  if (banner >= 0) s = s.slice(banner + "espruino.com/Donate\n".length).replace(/^\n/, "");
  s = s.replace(/>?\u001b\[J/g, "");
  s = s.replace(/(^|\n)>$/, "$1");
  return s;
}

async function runEspruino(file, opts) {
  const bin = process.env.ESPRUINO_BIN;
  if (!bin) return { stdout: "", stderr: "espruino: set ESPRUINO_BIN to an Espruino Linux binary\n", code: 127, timedOut: false };
  const r = await runProcess(bin, [path.resolve(file)], opts);
  const stdout = cleanEspruinoOutput(r.stdout);
  const code = r.timedOut ? r.code : /(^|\n)Uncaught /.test(stdout) ? 1 : r.code;
  return { stdout, stderr: r.stderr, code, timedOut: r.timedOut, raw: r.stdout };
}

// ---------------------------------------------------------------------------------------------

/**
 * Runs `file` on `engine` ("node" | "duk" | "quickjs" | "espruino").
 * @param {string} engine
 * @param {string} file
 * @param {{timeoutMs?: number, wallMs?: number, inProcess?: boolean}} [opts] timeoutMs: CPU time;
 *   wallMs: the wall-clock guard; inProcess: run QuickJS in this
 *   process (not under jest)
 * @returns {Promise<{stdout: string, stderr: string, code: number, timedOut: boolean, memory?: any}>}
 */
async function runOn(engine, file, opts = {}) {
  const options = { timeoutMs: DEFAULT_TIMEOUT_MS, ...opts };
  if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
  switch (engine) {
    case "node":
      return runProcess(process.execPath, [path.resolve(file)], options);
    case "duk":
      return runProcess("duk", [path.resolve(file)], options);
    case "quickjs":
      return options.inProcess ? runQuickJS(file, options) : runQuickJSChild(file, options);
    case "espruino":
      return runEspruino(file, options);
    default:
      throw new Error(`unknown engine "${engine}": use ${ENGINES.join(", ")}`);
  }
}

async function main(argv) {
  if (argv[0] === "--quickjs-child") {
    const r = await runQuickJS(argv[1], { timeoutMs: Number(argv[2]) || DEFAULT_TIMEOUT_MS });
    process.stdout.write(JSON.stringify(r));
    return 0;
  }
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  const pos = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--timeout") timeoutMs = Number(argv[++i]);
    else if (argv[i].startsWith("--timeout=")) timeoutMs = Number(argv[i].slice(10));
    else pos.push(argv[i]);
  }
  if (pos.length !== 2 || !(timeoutMs > 0)) {
    process.stderr.write(`usage: node tools/engines.js <${ENGINES.join("|")}> <file.js> [--timeout <ms>]\n`);
    return 2;
  }
  try {
    const r = await runOn(pos[0], pos[1], { timeoutMs, inProcess: true });
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    return r.code;
  } catch (err) {
    process.stderr.write(`engines: ${err.message}\n`);
    return 2;
  }
}

module.exports = { runOn, runQuickJSCode, available, ENGINES, TIMEOUT_CODE, cleanEspruinoOutput };

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
