"use strict";
// The bench's figures on the real target: the Kaluma 1.2.1 firmware for the Raspberry Pi Pico
// (JerryScript 2.4) in an emulated RP2040 (tools/kaluma-emu.js). Emulated time is counted in
// cycles at 125 MHz, so these figures are the same on every run and every machine: absolute
// figures, not ratios to a host. Run by bench/run.js when both files are given:
//   npm run bench -- --kaluma-firmware <kaluma-rp2-pico-1.2.1.elf|.uf2> --rp2040-bootrom <b1.bin>
//
//   switch   10 tasks x 50 `await sleep_ms(0)` (bench/apps/bench.ts, pico bundles, es2016 and
//            es5), next to what a Kaluma user writes without the runtime (bench/native/kaluma.js):
//            async/await over setTimeout(0) Promises, and a bare round-robin of generators
//   blink    the seed's blink (examples/blink.ts): GP25's on-width and period
//   heap     process.memoryUsage().heapUsed after the REPL's `.gc`: the firmware alone, the blink
//            bundle at start, and the bench bundle with 0 and 100 tasks parked in sleep_ms
//            (per task, and how many fit in the heap)
const fs = require("fs");
const path = require("path");
const { runKaluma } = require("../tools/kaluma-emu.js");

const ROOT = path.resolve(__dirname, "..");
const N = 10;
const R = 50;
const REPS = 3;
const PARKED = 100;

const clean = (s) => s.replace(/\x1b\[[0-9;]*[A-Za-z]|\x1b[78]/g, "");

function benchLine(stdout, what) {
  const m = /(BENCH|BENCHERR) (.*)/.exec(clean(stdout));
  if (!m || m[1] === "BENCHERR") throw new Error(`${what}: ${m ? m[2] : "no result: " + clean(stdout).slice(-300)}`);
  return JSON.parse(m[2]);
}

// Runs `code` with `params` in front and returns its BENCH object.
async function bench(opts, code, params, what) {
  const r = await runKaluma({
    ...opts,
    code: `var __bench = ${JSON.stringify(params)};\n${code}`,
    maxEmulatedMs: 120000,
    until: (out) => /BENCH(ERR)? .*\n/.test(clean(out)),
  });
  return benchLine(r.stdout, what);
}

// Loads `code`, waits for `ready` in its output (or a quiet moment), then types `.gc` and
// prints process.memoryUsage(): {heapTotal, heapUsed, heapPeak}.
async function heapAfter(opts, code, ready) {
  let phase = 0;
  let mark = 0;
  const r = await runKaluma({
    ...opts,
    code,
    maxEmulatedMs: 60000,
    until(out, type, now) {
      const o = clean(out);
      if (phase === 0 && (ready ? ready.test(o) : /\.load\n/.test(o))) {
        phase = 1;
        mark = now;
      } else if (phase === 1 && now - mark > 300) {
        phase = 2;
        type(".gc\r");
        type('console.log("HEAP " + JSON.stringify(process.memoryUsage()))\r');
      }
      return phase === 2 && /\nHEAP \{.*\}/.test(o);
    },
  });
  const m = /\nHEAP (\{.*\})/.exec(clean(r.stdout));
  if (!m) throw new Error(`no memory figures: ${clean(r.stdout).slice(-300)}`);
  return JSON.parse(m[1]);
}

// asyncio.ps() at its first use on the device: the asyncio_inspect file (`inspect`) is written
// to Kaluma's file system through the REPL (hex in lines the REPL takes, then fs.writeFile, as
// `kaluma put` would leave it), then ps() loads it. Returns the heap before and after (each after
// `.gc`) and what ps() printed.
async function psAtFirstUse(opts, code, inspect) {
  const hex = Buffer.from(inspect, "utf8").toString("hex");
  const lines = ['var _h = ""'];
  for (let i = 0; i < hex.length; i += 400) lines.push(`_h += "${hex.slice(i, i + 400)}"`);
  lines.push(
    'var _b = new Uint8Array(_h.length / 2); for (var i = 0; i < _b.length; i++) _b[i] = parseInt(_h.substr(2 * i, 2), 16); require("fs").writeFile("/asyncio_inspect.js", _b); _h = _b = undefined',
    ".gc",
    'console.log("HEAP0 " + process.memoryUsage().heapUsed)',
    'console.log("PS"); asyncio.ps(); console.log("END")',
    ".gc",
    'console.log("HEAP1 " + process.memoryUsage().heapUsed)',
  );
  let mark = -1;
  const r = await runKaluma({
    ...opts,
    code,
    maxEmulatedMs: 30000,
    until(out, type, now) {
      const o = clean(out);
      if (mark < 0 && /\.load\n/.test(o)) mark = now;
      // One line at a time, as a person (or `kaluma put`) would: the REPL's buffer is small.
      else if (mark >= 0 && now - mark > 150 && lines.length) {
        mark = now;
        type(`${lines.shift()}\r`);
      }
      return /\nHEAP1 \d+/.test(o);
    },
  });
  const o = clean(r.stdout);
  const ps = /\nPS\n([\s\S]*?)\nEND\n/.exec(o);
  const h0 = /\nHEAP0 (\d+)/.exec(o);
  const h1 = /\nHEAP1 (\d+)/.exec(o);
  if (!ps || !h0 || !h1) throw new Error(`asyncio.ps() on the device: ${o.slice(-300)}`);
  return { before: Number(h0[1]), after: Number(h1[1]), lines: ps[1].split("\n") };
}

// GP25 while the blink example runs: the widths of its on pulses and the periods between them.
async function blink(opts, code) {
  const edges = [];
  await runKaluma({
    ...opts,
    code,
    maxEmulatedMs: 4000,
    setup(mcu, now) {
      mcu.gpio[25].addListener((state) => edges.push([now(), state === 1 ? 1 : 0]));
    },
    until: () => edges.filter((e) => e[1] === 1).length >= 5,
  });
  const rises = [];
  const widths = [];
  for (let i = 0; i < edges.length; i++) {
    if (edges[i][1] !== 1) continue;
    rises.push(edges[i][0]);
    const fall = edges.slice(i + 1).find((e) => e[1] === 0);
    if (fall) widths.push(fall[0] - edges[i][0]);
  }
  const periods = rises.slice(1).map((t, i) => t - rises[i]);
  return { widths, periods };
}

// The pushbutton example (examples/pushbutton.ts) on the real firmware: GP14 driven by
// PB_SCRIPT (with contact bounce) at exact emulated times counted from the end of the
// bundle's loading (its ".load" echo), and what GP25 (LED(1)) and GP15 (LED(2)) do.
// Returns the script's start, the edges, and the lines the example printed.
// [ms, level] (pressed = 1), contact bounce included: the sim and device tests' script.
const PB_SCRIPT = require("../test/support/pushbutton_gestures.json");
async function pushbutton(opts, code) {
  let start = null;
  let mcu_ = null;
  const leds = { 25: [], 15: [] };
  const r = await runKaluma({
    ...opts,
    code,
    maxEmulatedMs: 20000,
    setup(mcu, now) {
      mcu_ = mcu;
      mcu.gpio[14].setInputValue(false);
      for (const n of [25, 15]) mcu.gpio[n].addListener((state) => leds[n].push([now(), state === 1 ? 1 : 0]));
    },
    until: (out, _type, now) => {
      if (start === null && /\.load\n/.test(out)) {
        start = now;
        for (const [ms, level] of PB_SCRIPT) mcu_.clock.createAlarm(() => mcu_.gpio[14].setInputValue(level === 1)).schedule(ms * 1e6);
      }
      return /idle: LED\(1\) off/.test(out);
    },
  });
  const lines = clean(r.stdout)
    .split("\n")
    .map((l) => /(\d+ ms: .*)$/.exec(l))
    .filter(Boolean)
    .map((m) => m[1]);
  return { start, leds, lines };
}

/**
 * Measures everything; returns the figures (R.kaluma). log(msg) reports progress.
 */
async function measure({ firmware, bootrom, firmwareW, build, tmp, log }) {
  const opts = { firmware, bootrom };
  const out = { firmware: path.basename(firmware), n: N, r: R, switch: {}, native: {} };
  const files = {};
  for (const target of ["es2016", "es5"]) {
    const r = await build({
      board: "pico",
      target,
      input: path.join(ROOT, "bench/apps/bench.ts"),
      out: path.join(tmp, `kaluma-bench-${target}.js`),
    });
    files[target] = fs.readFileSync(r.file, "utf8");
  }
  const switches = N * R;
  for (const target of ["es2016", "es5"]) {
    log(`kaluma: switch ${target}`);
    const o = await bench(opts, files[target], { mode: "switch", n: N, r: R, reps: REPS }, `switch ${target}`);
    out.switch[target] = o.ms.map((ms) => (ms * 1000) / switches);
  }
  const native = fs.readFileSync(path.join(__dirname, "native", "kaluma.js"), "utf8");
  for (const mode of ["async", "bare"]) {
    log(`kaluma: ${mode}`);
    const o = await bench(opts, native, { mode, n: N, r: R, reps: REPS }, mode);
    out.native[mode] = o.us.map((us) => us / switches);
  }

  log("kaluma: blink");
  const b = await build({ board: "pico", input: path.join(ROOT, "examples/blink.ts"), out: path.join(tmp, "kaluma-blink.js") });
  const blinkCode = fs.readFileSync(b.file, "utf8");
  out.blink = await blink(opts, blinkCode);

  log("kaluma: pushbutton");
  const pb = await build({ board: "pico", input: path.join(ROOT, "examples/pushbutton.ts"), out: path.join(tmp, "kaluma-pushbutton.js") });
  out.pushbutton = await pushbutton(opts, fs.readFileSync(pb.file, "utf8"));

  log("kaluma: heap");
  out.heap = { empty: await heapAfter(opts, 'console.log("READY");\n', /READY/) };
  out.heap.blink = await heapAfter(opts, blinkCode, null);
  out.heap.blinkBytes = b.bytes;
  log("kaluma: asyncio.ps()");
  out.heap.ps = await psAtFirstUse(opts, blinkCode, b.inspect.code);
  out.heap.ps.bytes = b.inspect.bytes;
  // The same blink with no REPL globals (--repl none): what the REPL's names cost.
  const bare = await build({
    board: "pico",
    input: path.join(ROOT, "examples/blink.ts"),
    out: path.join(tmp, "kaluma-blink-bare.js"),
    repl: "none",
  });
  out.heap.bare = await heapAfter(opts, fs.readFileSync(bare.file, "utf8"), null);
  out.heap.bareBytes = bare.bytes;
  // The Pico W (its own firmware, built the same way): the CYW43 wireless chip is not
  // emulated, so its driver fails to start it (it says so on the console) while the firmware's
  // wireless objects are made all the same; the pico-w blink's LED writes go to that chip.
  if (firmwareW) {
    log("kaluma: pico-w heap");
    const w = await build({ board: "pico-w", input: path.join(ROOT, "examples/blink.ts"), out: path.join(tmp, "kaluma-w", "blink.js") });
    const optsW = { firmware: firmwareW, bootrom };
    out.heapW = {
      firmware: path.basename(firmwareW),
      empty: await heapAfter(optsW, 'console.log("READY");\n', /READY/),
      blink: await heapAfter(optsW, fs.readFileSync(w.file, "utf8"), null),
      blinkBytes: w.bytes,
    };
  }
  for (const target of ["es2016", "es5"]) {
    const at = (n) => heapAfter(opts, `var __bench = ${JSON.stringify({ mode: "park", n, ms: 600000 })};\n${files[target]}`, /BENCH /);
    const zero = await at(0);
    const some = await at(PARKED);
    out.heap[target] = { zero, some, parked: PARKED };
  }
  return out;
}

const us = (v) => (v === null || v === undefined ? "–" : `${Math.round(v).toLocaleString("en-US")} µs`);
const kb = (v) => `${(v / 1024).toFixed(1)} KB`;
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The results.md section. */
function render(k) {
  if (!k) return "";
  if (k.skipped) return `## 0. On the real target: Kaluma on an emulated RP2040\n\nSkipped: ${k.skipped}\n`;
  const sw = (a) => us(median(a));
  const lines = [];
  const p = (s = "") => lines.push(s);
  p("## 0. On the real target: Kaluma 1.2.1 on an emulated RP2040");
  p();
  p(
    `The Kaluma 1.2.1 firmware for the Pico (\`${k.firmware}\`) in rp2040js at 125 MHz: emulated time, the same on every run (how: [README](README.md#s0)).`,
  );
  p();
  p(`| ${k.n} tasks x ${k.r} zero sleeps, per switch (median of ${k.switch.es2016.length}) | emulated RP2040 |`);
  p("|:---|---:|");
  p(`| runtime, pico bundle, es2016 | ${sw(k.switch.es2016)} |`);
  p(`| runtime, pico bundle, es5 | ${sw(k.switch.es5)} |`);
  p(`| Kaluma's own async/await, setTimeout(0) Promise sleep | ${sw(k.native.async)} |`);
  p(`| bare round-robin of native generators (no scheduler) | ${sw(k.native.bare)} |`);
  p();
  const w = k.blink.widths;
  const per = k.blink.periods;
  p(
    `The seed's blink, GP25: on for ${w.map((x) => x.toFixed(2)).join(", ")} ms (5 asked); periods ${per.map((x) => x.toFixed(2)).join(", ")} ms (705 asked).`,
  );
  p();
  const pb = k.pushbutton;
  if (pb && pb.start !== null) {
    const at = (ms) => pb.start + ms;
    const edge = (n, level, after) => (pb.leds[n].find(([t, v]) => v === level && t > after) || [NaN])[0];
    const f2 = (x) => x.toFixed(2);
    const on2 = pb.leds[15].filter(([t, v]) => v === 1 && t > at(4200));
    const widths = on2.map(([t]) => f2(edge(15, 0, t) - t));
    p(
      `The pushbutton example (examples/pushbutton.ts), GP14 driven by the sim-board test's script (contact bounce included) at emulated times from the end of loading: ` +
        `it printed ${pb.lines.map((l) => `\`${l}\``).join(", ")} (its times count from the app's start, which comes after the bundle is parsed). ` +
        `LED(1) (GP25) goes on ${f2(edge(25, 1, at(1000)) - at(1000))} ms after the first press (the 400 ms double-click window, then the click), ` +
        `off ${f2(edge(25, 0, at(2000)) - at(2000))} ms after the long press began (1,000 asked); ` +
        `LED(2) (GP15) flashes ${on2.length} times, on for ${widths.join(", ")} ms (100 asked), the first ${f2(on2.length ? on2[0][0] - at(4200) : NaN)} ms after the double click's second press.`,
    );
    p();
  }
  const h = k.heap;
  p(
    `Heap (process.memoryUsage() after \`.gc\`, of ${kb(h.empty.heapTotal)}): the firmware and its REPL alone use ${kb(h.empty.heapUsed)};`,
  );
  p(
    `with the blink bundle (${h.blinkBytes.toLocaleString("en-US")} bytes) loaded and running, ${kb(h.blink.heapUsed)} (the bundle's part: ${kb(h.blink.heapUsed - h.empty.heapUsed)})` +
      (h.bare
        ? `; built with \`--repl none\` (no REPL globals, ${h.bareBytes.toLocaleString("en-US")} bytes), ${kb(h.bare.heapUsed)} (${kb(h.bare.heapUsed - h.empty.heapUsed)}).`
        : "."),
  );
  if (h.ps) {
    p(
      `\`asyncio.ps()\` is not in the bundle: at its first use it loads the asyncio_inspect file (${h.ps.bytes.toLocaleString("en-US")} bytes, written to the file system through the REPL here, as flash.sh does with \`kaluma put\`), ` +
        `which then keeps ${(h.ps.after - h.ps.before).toLocaleString("en-US")} bytes of heap. It printed:`,
    );
    p();
    p("```");
    for (const l of h.ps.lines) p(l);
    p("```");
  }
  const hw = k.heapW;
  if (hw) {
    p();
    p(
      `The Pico W (\`${hw.firmware}\`, the same way; its CYW43 wireless chip is not emulated, so the firmware's driver fails to start it while its wireless objects are made all the same): ` +
        `the firmware and its REPL alone use ${kb(hw.empty.heapUsed)} of ${kb(hw.empty.heapTotal)}; with the pico-w blink bundle (${hw.blinkBytes.toLocaleString("en-US")} bytes), ${kb(hw.blink.heapUsed)} (the bundle's part: ${kb(hw.blink.heapUsed - hw.empty.heapUsed)}).`,
    );
  }
  p();
  p("| parked tasks (bench app) | es2016 | es5 |");
  p("|:---|---:|---:|");
  const row = (name, f) => p(`| ${name} | ${f(h.es2016)} | ${f(h.es5)} |`);
  const per_task = (x) => (x.some.heapUsed - x.zero.heapUsed) / x.parked;
  row("heap used with 0 parked", (x) => kb(x.zero.heapUsed));
  row(`heap used with ${h.es2016.parked} parked`, (x) => kb(x.some.heapUsed));
  row("bytes per parked task", (x) => `${Math.round(per_task(x))} B`);
  row("parked tasks that fit in the rest of the heap", (x) =>
    Math.floor((x.zero.heapTotal - x.zero.heapUsed) / per_task(x)).toLocaleString("en-US"),
  );
  p();
  return lines.join("\n") + "\n";
}

module.exports = { measure, render, pushbutton };
