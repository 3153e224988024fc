#!/usr/bin/env node
"use strict";
// node tools/run-sim.js <bundle.js> [--vcd <file>] [--svg <file>] [--input PIN@ms=0|1 | PIN@start-end]...
//
// Runs a sim-board bundle inside Node (a vm context with only console and print: the same
// bare environment duktape gives it) and returns what it printed and its pin trace.
//   script: [{at: ms, pin: id, level: 0|1}] input changes to play (a button press...)
const fs = require("fs");
const vm = require("vm");

function runSim(file, { script = [], echo = false } = {}) {
  const out = [];
  const log = (...a) => {
    const line = a.map(String).join(" ");
    out.push(line);
    if (echo) process.stdout.write(line + "\n");
  };
  const ctx = { console: { log, error: log }, print: log, __sim_script: script };
  vm.createContext(ctx);
  let error = null;
  try {
    vm.runInContext(fs.readFileSync(file, "utf8"), ctx, { filename: file });
  } catch (e) {
    error = e;
  }
  const sim = ctx.__sim;
  if (!sim) throw new Error(`${file} is not a sim-board bundle (no __sim)`);
  return { stdout: out.join("\n") + (out.length ? "\n" : ""), trace: sim.trace(), end_us: sim.elapsed_ms() * 1000, error };
}

// "BTN1@1200=1" -> {pin: "BTN1", at: 1200, level: 1}; "BTN1@1200-1300" presses for 100 ms.
function parseInputs(specs) {
  const script = [];
  for (const s of specs) {
    let m = /^([^@]+)@(\d+(?:\.\d+)?)=([01])$/.exec(s);
    if (m) {
      script.push({ pin: m[1], at: +m[2], level: +m[3] });
      continue;
    }
    m = /^([^@]+)@(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(s);
    if (!m) throw new Error(`bad input "${s}": use PIN@ms=0|1 or PIN@start-end (a press)`);
    script.push({ pin: m[1], at: +m[2], level: 1 }, { pin: m[1], at: +m[3], level: 0 });
  }
  return script;
}

// What flash.sh prints for a sim run: the app's output, its pin changes in virtual time, the
// VCD/SVG files asked for. Returns the exit status (1 when the app raised).
function runAndReport(file, o) {
  const path = require("path");
  const { toVcd, toSvg } = require("./waves.js");
  const res = runSim(file, { script: parseInputs(o.inputs || []), echo: true });
  const seen = new Map();
  const lines = [];
  for (const [t, pin, v] of res.trace) {
    if (seen.get(pin) === v) continue;
    if (seen.has(pin)) lines.push(`${(t / 1000).toFixed(3).padStart(10)} ms  ${pin} ${v ? "on" : "off"}`);
    seen.set(pin, v);
  }
  if (lines.length) process.stdout.write(`pin changes (virtual time):\n${lines.join("\n")}\n`);
  process.stdout.write(`virtual time at the end: ${(res.end_us / 1000).toFixed(3)} ms\n`);
  for (const [opt, fn] of [
    ["vcd", toVcd],
    ["svg", toSvg],
  ]) {
    if (!o[opt]) continue;
    fs.mkdirSync(path.dirname(path.resolve(o[opt])), { recursive: true });
    fs.writeFileSync(o[opt], fn(res.trace, { end_us: res.end_us }));
    process.stdout.write(`wrote ${o[opt]}\n`);
  }
  if (res.error) {
    process.stderr.write(`the app raised: ${res.error && res.error.stack ? mapStack(file, res.error.stack) : res.error}\n`);
    return 1;
  }
  return 0;
}

// The bundle's positions in a stack as the app's (file.ts:line:col), through the bundle's
// source map (Node's own SourceMap; a vm script gets no --enable-source-maps).
function mapStack(file, stack) {
  // (the bundle's source line and caret that V8 put in front, when there are any)
  stack = stack.replace(/^\S+:\d+\n.*\n\s*\^+\s*\n+/, "");
  let map;
  try {
    const { SourceMap } = require("module");
    map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")));
  } catch (_) {
    return stack; // no map (es5 bundles): the bundle's positions
  }
  const name = require("path").resolve(file);
  return stack.replace(/([^\s(]+):(\d+):(\d+)/g, (all, f, line, col) => {
    if (require("path").resolve(f) !== name) return all;
    const e = map.findEntry(+line - 1, +col - 1);
    if (!e || !e.originalSource) return all;
    return `${require("path").relative(process.cwd(), e.originalSource.replace(/^file:\/\//, ""))}:${e.originalLine + 1}:${e.originalColumn + 1}`;
  });
}

module.exports = { runSim, parseInputs, runAndReport };

if (require.main === module) {
  const { parseArgs } = require("util");
  let a;
  try {
    a = parseArgs({
      allowPositionals: true,
      options: { vcd: { type: "string" }, svg: { type: "string" }, input: { type: "string", multiple: true } },
    });
    if (a.positionals.length !== 1) throw new Error("one bundle to run");
    parseInputs(a.values.input || []);
  } catch (e) {
    process.stderr.write(
      `run-sim: ${e.message}\nusage: node tools/run-sim.js <bundle.js> [--vcd <file>] [--svg <file>] [--input PIN@ms=0|1 | PIN@start-end]...\n`,
    );
    process.exit(2);
  }
  process.exitCode = runAndReport(a.positionals[0], { vcd: a.values.vcd, svg: a.values.svg, inputs: a.values.input || [] });
}
