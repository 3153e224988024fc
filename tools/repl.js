#!/usr/bin/env node
"use strict";
// npm run repl [-- <app.ts>]: a Node REPL on the host board with the runtime loaded, as the
// serial REPL of a flashed device: asyncio, time, machine and pyb are globals, the app (if
// any) runs in the background, and asyncio.ps(), stats(), halt(), resume() look at it.
// The pins' status line is printed after each command (drawn live it would overwrite the
// prompt); results that are undefined print nothing, as None at MicroPython's REPL.
const fs = require("fs");
const os = require("os");
const path = require("path");
const repl = require("repl");
const util = require("util");
const { build } = require("./build.js");

async function main() {
  const app = process.argv[2];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-repl-"));
  const input = app ? path.resolve(process.env.INIT_CWD || process.cwd(), app) : path.join(tmp, "repl.ts");
  if (!app) fs.writeFileSync(input, "// the runtime alone\nexport {};\n");
  else if (!fs.existsSync(input)) throw new Error(`app ${app} does not exist`);
  // Every module as a global (--repl full): this REPL is for trying things on a PC.
  const r = await build({ board: "host", input, out: path.join(tmp, "bundle.js"), repl: "full" });
  require(r.file);
  const host = globalThis.__host;
  console.log(`host board REPL${app ? ` running ${app}` : ""}: asyncio, time, machine, pyb are loaded.`);
  console.log("Try: asyncio.ps()  asyncio.stats()  asyncio.tasks()[1].cancel()  asyncio.halt()  asyncio.resume()");
  console.log("     (tasks()[0] is the main task: when it returns, asyncio.run() ends and the loop stops)");
  const colors = !!process.stdout.isTTY;
  const server = repl.start({
    prompt: ">>> ",
    useGlobal: true,
    // undefined prints nothing, as None at MicroPython's REPL; then the pins, if any are used.
    writer(v) {
      const pins = host.status_line().replace(/^t=\S+\s*$/, "");
      if (v === undefined) return pins || "\x1b[1A"; // (no line at all: undo the REPL's newline)
      const out = util.inspect(v, { colors });
      return pins ? `${out}\n${pins}` : out;
    },
  });
  server.on("exit", () => process.exit(0));
}

main().catch((e) => {
  console.error(`repl: ${e.message}`);
  process.exit(1);
});
