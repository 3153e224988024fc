"use strict";
// ./flash.sh <board> <app.ts> --watch: rebuilds on every save of a file the bundle is made from
// (rollup's watch mode, in this process: the TypeScript program stays warm, so a rebuild
// checks and emits only what changed), then runs the new bundle (host, sim: the previous run is
// stopped first) or uploads it (Espruino, Kaluma). One line per cycle with the build time; a
// failed build says why and keeps watching. Ctrl+C stops the run and the watcher, and exits 0.
const fs = require("fs");
const path = require("path");
const { spawn, spawnSync } = require("child_process");
const { rollupOptions } = require("./build.js");

const clock = () => new Date().toTimeString().slice(0, 8);
const say = (what) => process.stdout.write(`[watch ${clock()}] ${what}\n`);

async function watch(o, board, port, { commands, quote }) {
  // The REPL globals are the app's as it is when watching starts (tools/repl-globals.js); if it
  // does not build then, every module (--repl full), so that watching starts all the same. A
  // board with a network keeps its socket layer (watch: true): the app may start using it.
  const opts = { board: o.board, target: o.target, input: o.app, out: o.out, repl: o.repl, watch: true };
  const { options, job, inspect } = await rollupOptions(opts).catch(() => rollupOptions({ ...opts, repl: "full" }));
  const file = job.file;
  // Device boards: the asyncio_inspect file (asyncio.ps()) is made once, and put on the board
  // with the first upload (it changes only with the runtime, not with the app).
  let inspectFile = null;
  if (inspect) {
    const { rollup } = require("rollup");
    const b = await rollup(inspect);
    await b.write(inspect.output);
    await b.close();
    inspectFile = inspect.output.file;
  }
  const rel = path.relative(process.cwd(), file) || file;
  let child = null;
  let cycle = Promise.resolve();
  let t0 = 0;

  const stopChild = () =>
    new Promise((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });

  const run = () => {
    if (board.engine === "node" || board.engine === "sim") {
      const args =
        board.engine === "node"
          ? ["--enable-source-maps", file] // an error names the app's file and line
          : [
              path.join(__dirname, "run-sim.js"),
              file,
              ...(o.vcd ? ["--vcd", o.vcd] : []),
              ...(o.svg ? ["--svg", o.svg] : []),
              ...o.inputs.flatMap((i) => ["--input", i]),
            ];
      const c = spawn(process.execPath, args, { stdio: "inherit" });
      child = c;
      c.on("exit", (code, signal) => {
        if (child === c && !stopping && signal !== "SIGTERM") say(`the app ended (${signal || `exit ${code}`}); waiting for changes`);
      });
      return;
    }
    for (const [cmd, args] of commands(board, file, port, o.baud || board.flash.baud, inspectFile)) {
      const r = spawnSync(cmd, args, { stdio: "inherit" });
      if (r.error || r.status !== 0) {
        say(
          `upload failed: ${[cmd, ...args].map(quote).join(" ")} ${r.error ? r.error.message : `exited with ${r.status}`}; waiting for changes`,
        );
        return;
      }
    }
    inspectFile = null; // (on the board now)
    say(`uploaded to ${port}; waiting for changes`);
  };

  const { watch: rollupWatch } = require("rollup");
  const watcher = rollupWatch({ ...options, watch: { clearScreen: false, buildDelay: 20, exclude: [file, `${file}.map`] } }); // (its own output is not an input)
  let stopping = false;
  watcher.on("event", (e) => {
    if (e.code === "BUNDLE_START") t0 = Date.now();
    else if (e.code === "BUNDLE_END") {
      const ms = Date.now() - t0;
      e.result.close();
      cycle = cycle.then(async () => {
        if (stopping) return;
        const bytes = fs.statSync(file).size;
        if (board.codeSize && bytes > board.codeSize) {
          say(`built ${rel} in ${ms} ms, but ${bytes} bytes is more than ${board.name}'s ${board.codeSize}; not uploaded`);
          return;
        }
        const local = board.engine === "node" || board.engine === "sim";
        say(`built ${rel} in ${ms} ms (${bytes} bytes); ${local ? "running" : `uploading to ${port}`}`);
        await stopChild();
        if (!stopping) run();
      });
    } else if (e.code === "ERROR") {
      if (e.result) e.result.close();
      const msg = String(e.error && e.error.message ? e.error.message : e.error).replace(/^\[plugin [\w-]+\] /, "");
      say(`build failed: ${msg}`);
      say("waiting for changes");
    }
  });

  say(`watching ${path.relative(process.cwd(), o.app) || o.app} for the ${board.name} board (Ctrl+C stops)`);
  return new Promise((resolve) => {
    const stop = () => {
      if (stopping) return;
      stopping = true;
      cycle
        .then(() => watcher.close())
        .then(stopChild)
        .then(() => {
          say("stopped");
          resolve(0);
        });
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

module.exports = { watch };
