'use strict';
// Runs a sim-board bundle inside Node (a vm context with only console and print: the same
// bare environment duktape gives it) and returns what it printed and its pin trace.
//   script: [{at: ms, pin: id, level: 0|1}] input changes to play (a button press...)
const fs = require('fs');
const vm = require('vm');

function runSim(file, { script = [], echo = false } = {}) {
  const out = [];
  const log = (...a) => {
    const line = a.map(String).join(' ');
    out.push(line);
    if (echo) process.stdout.write(line + '\n');
  };
  const ctx = { console: { log, error: log }, print: log, __sim_script: script };
  vm.createContext(ctx);
  let error = null;
  try {
    vm.runInContext(fs.readFileSync(file, 'utf8'), ctx, { filename: file });
  } catch (e) {
    error = e;
  }
  const sim = ctx.__sim;
  if (!sim) throw new Error(`${file} is not a sim-board bundle (no __sim)`);
  return { stdout: out.join('\n') + (out.length ? '\n' : ''), trace: sim.trace(), end_us: sim.elapsed_ms() * 1000, error };
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

module.exports = { runSim, parseInputs };
