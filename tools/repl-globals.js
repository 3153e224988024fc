"use strict";
// The REPL's globals on device and host boards: `asyncio`, `time`, `machine` and `pyb`, as after
// `import` in MicroPython (the build adds this module to the bundle's entry). By default
// ("--repl app") a global holds only modules the app's bundle contains anyway (a first,
// unminified pass finds them), so the REPL costs almost no code: on the pico blink the globals
// of every module cost 7.9 KB of the 23.8 KB bundle, on espruino-pico 10.4 KB of 28.7 KB, on
// esp32 (streams, TLS) 18.4 KB of 46.6 KB, measured. The REPL's own asyncio.ps(), tasks(),
// stats(), halt() and resume() are always there. "--repl full": every module (src/globals.ts).
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const ASYNCIO = path.join(ROOT, "src", "asyncio");
const ALWAYS = ["core.ts", "inspect.ts"].map((f) => path.join(ASYNCIO, f));
const MODULES = { time: "src/time/index.ts", machine: "src/machine/index.ts", pyb: "src/pyb/index.ts" };
const STREAM = path.join(ASYNCIO, "stream.ts");
const ERRORS = path.join(ROOT, "src", "runtime", "errors.ts");
const STREAM_NAMES = [
  ["Stream", "Stream"],
  ["StreamReader", "Stream"],
  ["StreamWriter", "Stream"],
  ["Server", "Server"],
  ["open_connection", "open_connection"],
  ["start_server", "start_server"],
];

// MicroPython's asyncio names by the module that defines them, read from
// src/asyncio/micropython.ts (`export { a, b } from "./x"`): [[absolute .ts path, names], ...].
function asyncioParts() {
  const text = fs.readFileSync(path.join(ASYNCIO, "micropython.ts"), "utf8");
  const parts = [];
  const re = /export\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const names = m[1]
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    parts.push([path.resolve(ASYNCIO, `${m[2]}.ts`), names]);
  }
  if (!parts.length) throw new Error("src/asyncio/micropython.ts: no `export { ... } from` found");
  return parts;
}

/**
 * The globals module's source (JavaScript). used(id): the app's bundle contains the module
 * with this absolute path. board: the board object (its "net").
 */
function globalsSource(used, board, rendered = () => null) {
  const imports = [];
  const fields = [];
  let n = 0;
  const from = (file, names) => {
    const local = names.map((name) => [name, `g${n++}`]);
    imports.push(`import { ${local.map(([name, l]) => `${name} as ${l}`).join(", ")} } from ${JSON.stringify(file)};`);
    return local;
  };
  for (const [file, all] of asyncioParts()) {
    if (ALWAYS.indexOf(file) < 0 && !used(file)) continue;
    // The exception classes one by one: each is a class of its own, and the app raises or
    // catches only some (all twelve would pin ~1 KB).
    const r = file === ERRORS ? rendered(file) : null;
    const names = r ? all.filter((n) => r.indexOf(n) >= 0) : all;
    if (names.length) for (const [name, l] of from(file, names)) fields.push(`${name}: ${l}`);
  }
  if (board.net !== false && used(STREAM)) {
    const local = from(
      STREAM,
      STREAM_NAMES.map((s) => s[1]).filter((x, i, a) => a.indexOf(x) === i),
    );
    for (const [name, exported] of STREAM_NAMES) fields.push(`${name}: ${local.find((x) => x[0] === exported)[1]}`);
  }
  const lines = [...imports];
  const mods = [];
  for (const name of Object.keys(MODULES)) {
    const file = path.join(ROOT, MODULES[name]);
    if (!used(file)) continue;
    lines.push(`import * as ${name}_ from ${JSON.stringify(file)};`);
    mods.push(name);
  }
  lines.push('var G = typeof globalThis !== "undefined" ? globalThis : Function("return this")();');
  lines.push(`G.asyncio = { ${fields.join(", ")} };`);
  for (const name of mods) lines.push(`G.${name} = ${name}_;`);
  return `${lines.join("\n")}\n`;
}

module.exports = { globalsSource };
