#!/usr/bin/env node
"use strict";
// ./flash.sh <board> <app.ts> [--port <device>] [--baud N] [--target es5|es2016] [--dry-run]
//            [--vcd <file>] [--svg <file>] [--input PIN@ms=0|1 | PIN@start-end ...]
//
// Builds ONE bundle for the board and puts it where it runs:
//   Espruino boards: the `espruino` CLI, saved to flash (.bootcde) so it runs again after reset;
//   Kaluma boards:   `kaluma write` (@kaluma/cli), which stores it and loads it;
//   (on both, the asyncio_inspect file goes to the board's storage first: Storage, littlefs);
//   host:            runs it in Node (LEDs drawn in the terminal);
//   sim:             runs it on virtual time, prints every pin change, writes VCD/SVG.
const fs = require("fs");
const path = require("path");
const { spawnSync, spawn } = require("child_process");
const { build, loadBoard, listBoards, BuildError, TARGETS, INSPECT_NAME } = require("./build.js");

const ROOT = path.resolve(__dirname, "..");
// The espruino CLI is a dependency (npm ci installs it; its serial port module ships prebuilt
// binaries), so flashing an Espruino board needs no network. @kaluma/cli is not: its serialport
// 9 compiles a native module when installed (node-gyp: Node's headers and a C++ toolchain), so
// it is run from a local install if there is one (npm i -D @kaluma/cli@1.0.0), else fetched by
// npx on the first Kaluma flash (network once; npx's cache after that).
const KALUMA_CLI = "@kaluma/cli@1.0.0";

function localCli(pkg, bin) {
  try {
    return path.join(path.dirname(require.resolve(`${pkg}/package.json`, { paths: [ROOT] })), bin);
  } catch (_) {
    return null;
  }
}

const USAGE = `usage: ./flash.sh <board> <app.ts> [--port <device>] [--baud N] [--target es5|es2016]
                  [--watch] [--dry-run] [--out <file>] [--repl app|full|none]
                  [--vcd <file>] [--svg <file>] [--input PIN@ms=0|1 | PIN@start-end]...  (sim)
boards: ${listBoards().join(", ")}`;

class FlashError extends Error {}

// Everything is checked here, before a build's seconds are spent: one line per mistake.
function parseArgs(argv) {
  let a;
  try {
    a = require("util").parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: "string", short: "p" },
        baud: { type: "string", short: "b" },
        target: { type: "string", short: "t" },
        out: { type: "string", short: "o" },
        repl: { type: "string" },
        vcd: { type: "string" },
        svg: { type: "string" },
        input: { type: "string", multiple: true },
        watch: { type: "boolean", short: "w" },
        "dry-run": { type: "boolean", short: "n" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    throw new FlashError(`${e.message.replace(/\. To specify a positional.*$/, "")}\n${USAGE}`);
  }
  const v = a.values;
  const o = {
    port: v.port,
    baud: v.baud,
    target: v.target,
    out: v.out,
    repl: v.repl,
    vcd: v.vcd,
    svg: v.svg,
    inputs: v.input || [],
    watch: !!v.watch,
    dryRun: !!v["dry-run"],
    help: !!v.help,
  };
  if (o.help) return o;
  if (a.positionals.length !== 2)
    throw new FlashError(`name a board and an app (got ${a.positionals.length ? a.positionals.join(" ") : "nothing"})\n${USAGE}`);
  [o.board, o.app] = a.positionals;
  if (o.baud !== undefined && !/^\d+$/.test(o.baud)) throw new FlashError(`--baud must be a number, not "${o.baud}"`);
  if (o.target !== undefined && !TARGETS[o.target])
    throw new FlashError(`--target must be ${Object.keys(TARGETS).join(" or ")}, not "${o.target}"`);
  if (o.repl !== undefined && o.repl !== "app" && o.repl !== "full" && o.repl !== "none")
    throw new FlashError(
      `--repl must be app (the REPL globals hold the modules the app uses), full (every module) or none (no REPL globals), not "${o.repl}"`,
    );
  if (!fs.existsSync(o.app)) throw new FlashError(`app ${o.app} does not exist`);
  if (o.watch && o.dryRun) throw new FlashError("--watch and --dry-run do not go together");
  return o;
}

// The sim board's inputs name its pins (board pins, D0-D39, GP0-GP39) at a time.
function checkSimOptions(o, board) {
  const simOnly = ["vcd", "svg"]
    .filter((k) => o[k] !== undefined)
    .map((k) => `--${k}`)
    .concat(o.inputs.length ? ["--input"] : []);
  if (board.engine !== "sim") {
    if (simOnly.length) throw new FlashError(`${simOnly.join(", ")}: for the sim board only`);
    return;
  }
  const { parseInputs } = require("./run-sim.js");
  let script;
  try {
    script = parseInputs(o.inputs);
  } catch (e) {
    throw new FlashError(e.message);
  }
  for (const { pin } of script) {
    const m = /^(D|GP)(\d+)$/.exec(pin);
    if (!Object.prototype.hasOwnProperty.call(board.pins, pin) && !(m && +m[2] < 40)) {
      throw new FlashError(
        `--input ${pin}: the sim board has no pin ${pin} (it has ${Object.keys(board.pins).join(", ")}, D0-D39, GP0-GP39)`,
      );
    }
  }
}

// Where serial devices appear (MPA_DEV_DIR lets tests stand in a folder of their own).
function serialPorts(dir = process.env.MPA_DEV_DIR || "/dev") {
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => /^tty(USB|ACM)\d+$|^cu\.usb/.test(f))
      .map((f) => path.join(dir, f));
  } catch (_e) {
    return [];
  }
}

// The port to use: --port, else the only serial port seen, else the board's default if present.
function pickPort(o, board) {
  if (o.port) return o.port;
  const seen = serialPorts();
  if (seen.length === 1) return seen[0];
  const def = board.flash.port;
  if (o.dryRun) return def || "<port>";
  if (def && seen.includes(def)) return def;
  throw new FlashError(
    seen.length === 0
      ? `no device found: no serial port (/dev/ttyUSB*, /dev/ttyACM*) is present. Plug the ${board.name} in, or give --port <device> (tcp://host:2323 reaches an Espruino started with --telnet).`
      : `several serial ports: ${seen.join(", ")}. Choose one with --port <device>.`,
  );
}

// The upload commands: [[command, args]...]. inspect: the asyncio_inspect file the bundle
// loads asyncio.ps() from (build()'s result.inspect.file), put on the board's storage first.
function commands(board, file, port, baud, inspect = null) {
  if (board.engine === "espruino") {
    const cli = localCli("espruino", "bin/espruino-cli.js");
    if (!cli) throw new FlashError("the espruino CLI is not installed: run npm ci");
    const args = [cli, "--no-ble", "-p", port];
    if (baud) args.push("-b", String(baud));
    // Small uploads hang without throttling.
    const run = (more) => [process.execPath, [...args, "--config", "SERIAL_THROTTLE_SEND=1", ...more]];
    // A Storage file (require() finds it there), written by code sent to the REPL: in the
    // same upload as the app it would go into the boot code and be written at every boot. (An
    // expression, or the CLI would stay in terminal mode: the file's length, as stored.)
    const check = `require("Storage").read(${JSON.stringify(INSPECT_NAME)}).length`;
    const put = inspect ? [run(["--storage", `${INSPECT_NAME}:${inspect}`, "-e", check])] : [];
    // The app saved to flash, so it runs after reset.
    return [...put, run(["--config", "SAVE_ON_SEND=1", file])];
  }
  if (board.engine === "kaluma") {
    const cli = localCli("@kaluma/cli", "bin/kaluma.js");
    const kaluma = (...a) => (cli ? [process.execPath, [cli, ...a]] : ["npx", ["--yes", "--package", KALUMA_CLI, "kaluma", ...a]]);
    const put = inspect ? [kaluma("put", inspect, `/${INSPECT_NAME}.js`, "--port", port)] : [];
    return [...put, kaluma("write", file, "--port", port)];
  }
  throw new FlashError(`board ${board.name}: nothing flashes the ${board.engine} engine`);
}

const quote = (a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
const step = (n, total, what) => process.stdout.write(`[${n}/${total}] ${what}\n`);

async function flash(o) {
  let board;
  try {
    board = loadBoard(o.board);
  } catch (e) {
    throw new FlashError(e.message);
  }
  const local = board.engine === "sim" || board.engine === "node";
  checkSimOptions(o, board);
  // A missing device is reported before a build's seconds are spent.
  const port = local ? null : pickPort(o, board);
  if (o.watch) return require("./watch.js").watch(o, board, port, { commands, quote });
  const total = 2;
  step(1, total, `building ${path.relative(process.cwd(), o.app) || o.app} for ${board.name} (${o.target || board.target})`);
  let r;
  try {
    r = await build({ board: o.board, target: o.target, input: o.app, out: o.out, repl: o.repl });
  } catch (e) {
    throw new FlashError(`build failed: ${e.message}`);
  }
  const rel = path.relative(process.cwd(), r.file);
  const room = board.codeSize ? ` of ${board.codeSize} available (${((100 * r.bytes) / board.codeSize).toFixed(1)}%)` : "";
  process.stdout.write(`      ${rel}: ${r.bytes} bytes${room}\n`);
  if (board.codeSize && r.bytes > board.codeSize) {
    throw new FlashError(`the bundle (${r.bytes} bytes) is larger than ${board.name}'s code space (${board.codeSize} bytes)`);
  }

  if (local) {
    if (o.dryRun) {
      step(2, total, `would run: ${board.engine === "sim" ? `node tools/run-sim.js ${rel}` : `node --enable-source-maps ${rel}`}`);
      return 0;
    }
    step(2, total, `running on the ${board.name} board`);
    if (board.engine === "node") {
      // Source maps: an error names the app's file and line.
      const child = spawn(process.execPath, ["--enable-source-maps", r.file], { stdio: "inherit" });
      return new Promise((res) => child.on("exit", (code) => res(code === null ? 1 : code)));
    }
    return require("./run-sim.js").runAndReport(r.file, o);
  }

  if (r.inspect)
    process.stdout.write(
      `      ${path.relative(process.cwd(), r.inspect.file)}: ${r.inspect.bytes} bytes (asyncio.ps(), loaded on first use)\n`,
    );
  const cmds = commands(board, r.file, port, o.baud || board.flash.baud, r.inspect && r.inspect.file);
  if (o.dryRun) {
    step(2, total, `would upload to ${port} with:`);
    for (const [cmd, args] of cmds) process.stdout.write(`      ${[cmd, ...args].map(quote).join(" ")}\n`);
    return 0;
  }
  step(2, total, `uploading to ${port} (${board.engine === "espruino" ? "espruino" : "kaluma"} CLI)`);
  for (const [cmd, args] of cmds) {
    const res = spawnSync(cmd, args, { stdio: "inherit" });
    if (res.error) throw new FlashError(`${cmd} failed to start: ${res.error.message}`);
    if (res.status !== 0) throw new FlashError(`${[cmd, ...args].map(quote).join(" ")} exited with ${res.status}`);
  }
  process.stdout.write("done.\n");
  return 0;
}

async function main(argv) {
  try {
    const o = parseArgs(argv);
    if (o.help) {
      process.stdout.write(USAGE + "\n");
      return 0;
    }
    return await flash(o);
  } catch (e) {
    if (e instanceof FlashError || e instanceof BuildError) {
      process.stderr.write(`flash: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

module.exports = { main, commands, serialPorts, FlashError };

if (require.main === module) main(process.argv.slice(2)).then((c) => (process.exitCode = c));
