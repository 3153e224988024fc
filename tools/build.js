#!/usr/bin/env node
"use strict";
// Builds ONE self-contained script for a board:
//
//   npm run build -- --board <board> [--target es5|es2016] [--out <file>] [--minify|--no-minify]
//                    [--keep-names] [--hal <name|file.ts>] <app.ts>
//   npx rollup -c --environment BOARD:<board>,APP:<app.ts>[,TARGET:..][,MINIFY:..][,OUT:..]
//
// or from code: `await build({board, target, input, out, minify})` -> {file, code, bytes, ...}.
//
// Steps: a virtual entry `import "<hal/<board.hal>.ts>"; import "<app>";` (the HAL installs
// itself when evaluated, so it comes first) is bundled by rollup with TypeScript
// (tools/ts-plugin.js; type errors fail the build) into an IIFE with no imports or exports. The
// board JSON's runtime part is the virtual module "board". ES5 bundles then go through tools/espruino-pass.js (hoisting, array
// holes, syntax check); ES2016 bundles are checked to parse as ES2019 (JerryScript 2.4). terser
// minifies, and the minified code is checked again.

const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const BOARDS_DIR = path.join(ROOT, "boards");
const HAL_DIR = path.join(ROOT, "hal");
const TSLIB = path.join(ROOT, "src", "runtime", "tslib.ts");
const GLOBALS = path.join(ROOT, "src", "globals.ts");
const STREAM_TS = path.join(ROOT, "src", "asyncio", "stream.ts"); // the app uses the network
// asyncio.ps() and stats(): on device boards a file of their own beside the bundle (INSPECT_NAME
// on the board's storage; see src/asyncio/inspect.ts), loaded on first use.
const INSPECT_TS = path.join(ROOT, "src", "asyncio", "inspect.ts");
const INSPECTOR_TS = path.join(ROOT, "src", "asyncio", "inspector.ts");
const INSPECT_NAME = "asyncio_inspect";
// Each file's JavaScript and diagnostics, by everything they depend on (tools/ts-plugin.js);
// MPA_TS_CACHE=<dir> puts it elsewhere, MPA_TS_CACHE=off keeps it in memory only.
const TS_CACHE = process.env.MPA_TS_CACHE === "off" ? null : process.env.MPA_TS_CACHE || path.join(ROOT, "dist", ".ts-cache");

// Module names apps import (asyncio, uasyncio, time, machine, pyb, ssl, tls, primitives): the bare names of
// tsconfig.json's `paths`, the one table of them (type checking, bundles and jest read it). A
// name whose file does not exist (yet) fails the build clearly when imported.
/**
 * {name: path relative to the root} for the module names apps import ("tslib" excluded).
 * @param {string} [tsconfigFile] default: the project's tsconfig.json
 * @returns {Record<string, string>}
 */
function moduleMap(tsconfigFile = path.join(ROOT, "tsconfig.json")) {
  /** @type {Record<string, string>} */
  const map = {};
  const ts = require("typescript");
  const { config, error } = ts.readConfigFile(tsconfigFile, ts.sys.readFile);
  if (error || !config || !config.compilerOptions) return map;
  const co = config.compilerOptions;
  const base = path.resolve(path.dirname(tsconfigFile), co.baseUrl || ".");
  const paths = co.paths || {};
  for (const name of Object.keys(paths)) {
    if (name === "tslib" || name.includes("*") || !Array.isArray(paths[name]) || !paths[name].length) continue;
    map[name] = path.relative(ROOT, path.resolve(base, paths[name][0])).split(path.sep).join("/");
  }
  return map;
}

const TARGETS = {
  // ecma: what terser may emit; syntax: the newest edition the engine parses.
  es5: { tsTarget: "es5", ecma: 5, syntax: 5 },
  es2016: { tsTarget: "es2016", ecma: 2016, syntax: 2019 },
};

const ENGINE_NAMES = {
  espruino: "Espruino 2v29",
  kaluma: "JerryScript 2.4 (Kaluma 1.2)",
  node: "Node.js",
  sim: "",
};

const ENTRY_ID = "\0mpa:entry";
const GLOBALS_ID = "\0mpa:globals"; // the REPL globals of "--repl app" (tools/repl-globals.js)
const BOARD_ID = "\0mpa:board";

class BuildError extends Error {
  constructor(message) {
    super(message);
    this.name = "BuildError";
  }
}

function listBoards() {
  return fs
    .readdirSync(BOARDS_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Reads and validates boards/<name>.json. */
function loadBoard(name) {
  if (!name) throw new BuildError(`no board given: use --board <${listBoards().join("|")}>`);
  const file = path.join(BOARDS_DIR, `${name}.json`);
  if (!/^[\w.-]+$/.test(name) || !fs.existsSync(file)) {
    throw new BuildError(`unknown board "${name}": boards/ has ${listBoards().join(", ")}`);
  }
  let board;
  try {
    board = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new BuildError(`boards/${name}.json is not valid JSON: ${err.message}`);
  }
  validateBoard(board, `boards/${name}.json`);
  return board;
}

function validateBoard(board, where) {
  const bad = (msg) => {
    throw new BuildError(`${where}: ${msg}`);
  };
  if (!board || typeof board !== "object") bad("not an object");
  for (const k of ["name", "description", "hal"]) if (typeof board[k] !== "string" || !board[k]) bad(`"${k}" must be a non-empty string`);
  if (!["espruino", "kaluma", "node", "sim"].includes(board.engine)) bad(`"engine" must be espruino, kaluma, node or sim`);
  if (!TARGETS[board.target]) bad(`"target" must be ${Object.keys(TARGETS).join(" or ")}`);
  for (const k of ["leds", "pins"]) if (!board[k] || typeof board[k] !== "object") bad(`"${k}" must be an object`);
  // Device boards: where flash.sh looks for them (the engine says which tool uploads).
  if (board.engine === "espruino" || board.engine === "kaluma") {
    if (!board.flash || typeof board.flash.port !== "string") bad('"flash" must be {"port": "<default serial device>", "baud"?: <number>}');
    if (board.flash.baud !== undefined && !Number.isInteger(board.flash.baud)) bad('"flash.baud" must be a number');
  }
  if (board.minify !== undefined && typeof board.minify !== "boolean") bad('"minify" must be true or false');
  const known = ["name", "description", "engine", "target", "minify", "hal", "leds", "pins", "flash", "codeSize", "net"];
  for (const k of Object.keys(board)) if (!known.includes(k)) bad(`"${k}" is not read by anything (a board has ${known.join(", ")})`);
  if (board.codeSize !== null && !(Number.isInteger(board.codeSize) && board.codeSize > 0)) bad('"codeSize" must be a byte count or null');
}

/** The part of a board description a bundle carries (the "board" module). */
function runtimeBoard(board) {
  const r = { name: board.name, leds: board.leds, pins: board.pins };
  if (board.net !== undefined) r.net = board.net;
  return r;
}

/** hal/<name>.ts, or a .ts file given by path. */
function halPath(board, override) {
  const hal = override || board.hal;
  if (/[\\/]|\.ts$/.test(hal)) {
    const p = path.resolve(hal);
    if (!fs.existsSync(p)) throw new BuildError(`HAL driver file ${hal} does not exist`);
    return p;
  }
  const p = path.join(HAL_DIR, `${hal}.ts`);
  if (!fs.existsSync(p)) {
    const have = fs.existsSync(HAL_DIR)
      ? fs
          .readdirSync(HAL_DIR)
          .filter((f) => f.endsWith(".ts"))
          .map((f) => f.slice(0, -3))
      : [];
    throw new BuildError(
      `board "${board.name}" needs the HAL driver "${hal}" (hal/${hal}.ts), which does not exist yet` +
        ` (hal/ has: ${have.length ? have.join(", ") : "nothing"})`,
    );
  }
  return p;
}

function rel(p) {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith("..") ? r : p;
}

/** rollup plugin: virtual entry and "board" modules, and the runtime's module names. */
function resolver({ hal, input, board, tslib, globals }) {
  const MODULES = moduleMap();
  return {
    name: "mpa-resolve",
    resolveId(id) {
      if (id === ENTRY_ID) return ENTRY_ID;
      if (id === GLOBALS_ID) return GLOBALS_ID;
      if (id === "board") return BOARD_ID;
      if (id === "tslib") {
        if (!fs.existsSync(tslib)) this.error(`the TypeScript helpers module ${rel(tslib)} (imported as "tslib") does not exist`);
        return tslib;
      }
      if (Object.prototype.hasOwnProperty.call(MODULES, id)) {
        const p = path.join(ROOT, MODULES[id]);
        if (!fs.existsSync(p)) this.error(`module "${id}" is not available: ${MODULES[id]} does not exist yet`);
        return p;
      }
      return null;
    },
    load(id) {
      // Device and host bundles also make the modules REPL globals: the app's (a generated
      // module, tools/repl-globals.js) or all of them (src/globals.ts, --repl full).
      if (id === ENTRY_ID) {
        const g = globals === null ? "" : `import ${JSON.stringify(typeof globals === "string" ? globals : GLOBALS_ID)};\n`;
        return `import ${JSON.stringify(hal)};\n${g}import ${JSON.stringify(input)};\n`;
      }
      if (id === GLOBALS_ID) return globals.code;
      // What the runtime reads (types/board.d.ts); the rest is for the tools.
      if (id === BOARD_ID) return `export default ${JSON.stringify(runtimeBoard(board))};\n`;
      return null;
    },
  };
}

// TypeScript's ES5 classes are IIFEs (`var X = /** @class */ (function (_super) {...}(B))`)
// that rollup must assume have side effects, so unused classes stayed in every bundle. The
// IIFE only defines the class: marking it pure lets tree-shaking drop the unused ones.
function pureClasses() {
  return {
    name: "mpa-pure-classes",
    transform(code) {
      if (!code.includes("/** @class */ (function")) return null;
      return { code: code.split("/** @class */ (function").join("/** @class */ /*#__PURE__*/ (function"), map: null };
    },
  };
}

// The app's own modules are bundled as written. rollup drops statements it finds free of side
// effects, loops included: a busy-wait delay (`for (let i = 0; i < N; i++) {}`) took 0 ms and
// a task that never yields (`while (true) x++;`) vanished, so code after it ran. On firmware a
// loop IS the effect, so only the runtime (src/, hal/), which we write knowing this, is
// tree-shaken; terser keeps every loop it is given (checked in test/build.test.ts).
const RUNTIME_DIRS = [path.join(ROOT, "src") + path.sep, path.join(ROOT, "hal") + path.sep];

function keepAppCode() {
  return {
    name: "mpa-keep-app-code",
    transform(_code, id) {
      if (id.startsWith("\0") || RUNTIME_DIRS.some((d) => id.startsWith(d))) return null;
      return { moduleSideEffects: "no-treeshake" };
    },
  };
}

/** The project's compiler options (tsconfig.json), as this build needs them. */
let baseOptions = null;
function compilerOptions(spec, sourceMap) {
  const ts = require("typescript");
  if (baseOptions === null) {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      path.join(ROOT, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic(d) {
          throw new BuildError(`tsconfig.json: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
        },
      },
    );
    if (parsed.errors.length) throw new BuildError(`tsconfig.json: ${ts.flattenDiagnosticMessageText(parsed.errors[0].messageText, "\n")}`);
    baseOptions = parsed.options;
  }
  return {
    ...baseOptions,
    target: ts.ScriptTarget[spec.tsTarget === "es5" ? "ES5" : "ES2016"],
    // Every file is an ES module here. Without this, a file with no import/export (an app that
    // only uses globals) is a "script" to TypeScript, which then neither emits nor imports
    // helpers: `__awaiter is not defined` at run time.
    moduleDetection: ts.ModuleDetectionKind.Force,
    noEmit: false,
    noEmitOnError: false, // errors are collected and reported all together
    sourceMap,
    inlineSourceMap: false,
    inlineSources: false,
    declaration: false,
    declarationMap: false,
    composite: false,
    incremental: false,
  };
}

/** What TypeScript starts from: types/*.d.ts, then the bundle's own files (the HAL, the app...). */
function rootNames(files) {
  const typesDir = path.join(ROOT, "types");
  const dts = fs.existsSync(typesDir)
    ? fs
        .readdirSync(typesDir)
        .filter((f) => f.endsWith(".d.ts"))
        .map((f) => path.join(typesDir, f))
    : [];
  return [...dts, ...files];
}

function terserOptions(spec, { keepNames, engine }) {
  return {
    ecma: spec.ecma,
    module: false,
    toplevel: false, // the IIFE already gives everything a function scope
    compress: {
      ecma: spec.ecma,
      passes: 2,
      // terser keeps function declarations where the Espruino pass put them (measured: nothing
      // to hoist after it), so hoist_funs would only add bytes. It may write a `var` after
      // code again (`return n = f, x; var n`); the pass runs again on its output and fixes
      // that. hoist_vars makes it worse: one leading `var` with initialisers that run code.
      hoist_funs: false,
      hoist_vars: false,
      keep_fnames: keepNames,
      keep_classnames: keepNames,
    },
    // The scheduler's internal links (pairing heap, task registry) get short names: Espruino
    // looks properties up by comparing names, and stores long names in extra variables.
    mangle: { keep_fnames: keepNames, keep_classnames: keepNames, properties: { regex: /^(ph_[a-z_]+|all_next)$/ } },
    format: {
      ecma: spec.ecma,
      comments: false,
      // Espruino reads its source as bytes; keep the bundle ASCII there.
      ascii_only: engine === "espruino" || spec.ecma === 5,
    },
    keep_fnames: keepNames,
    keep_classnames: keepNames,
  };
}

/**
 * @typedef {{functionsHoisted: number, varsHoisted: number, holesFilled: number, argumentsRedirected: number}} PassStats
 * @typedef {object} BuildResult
 * @property {string|null} file       the written file (null when out was null)
 * @property {string} code
 * @property {number} bytes           size of code in bytes (UTF-8)
 * @property {Record<string, any>} board
 * @property {string} target
 * @property {boolean} minified
 * @property {string[]} warnings      rollup warnings, size over codeSize
 * @property {string[]} circular      circular imports (rollup handles them; printed with --verbose)
 * @property {{name: string, file: string|null, code: string, bytes: number}|null} inspect
 *                                    the asyncio_inspect file (device boards), written beside the bundle
 * @property {{beforeMinify: PassStats, afterMinify: PassStats|null}} [espruino]
 *                                    what the Espruino pass changed (ES5 builds)
 */

/**
 * Builds one app for one board.
 * @param {object} opts
 * @param {string|Record<string, any>} opts.board  board name (boards/<name>.json) or a board object
 * @param {string} [opts.target]       "es5" | "es2016"; default: the board's
 * @param {string} opts.input          the app's .ts file
 * @param {string|null} [opts.out]     output file; default dist/<board>/<app>.js; null: do not write
 * @param {boolean} [opts.minify]     default: the board's ("minify": false for host and sim)
 * @param {boolean} [opts.keepNames=false] keep function and class names when minifying
 * @param {string} [opts.hal]          HAL override: a driver name (hal/<name>.ts) or a .ts path
 * @param {string} [opts.tslib]        helpers module override (default src/runtime/tslib.ts)
 * @param {string} [opts.repl]         device and host boards' REPL globals: "app" (default: the
 *                                     modules the app uses), "full" (every module) or "none"
 * @returns {Promise<BuildResult>}
 */
async function build(opts) {
  const job = makeJob(opts);
  const { board, target, file: out, minify } = job;
  const made = BUILD_CACHE ? await cached(BUILD_CACHE, job) : await bundleApp(job);
  const { code } = made;
  if (out) {
    // As rollup writes them (`npx rollup -c` makes the same bytes).
    fs.mkdirSync(path.dirname(out), { recursive: true });
    if (made.map) fs.writeFileSync(`${out}.map`, made.map);
    fs.writeFileSync(out, code);
  }
  // The file the bundle loads asyncio.ps() from, beside it (flash.sh puts both on the board).
  let inspect = null;
  if (made.inspect) {
    const f = out ? inspectFile(out) : null;
    if (f) fs.writeFileSync(f, made.inspect);
    inspect = { name: INSPECT_NAME, file: f, code: made.inspect, bytes: Buffer.byteLength(made.inspect, "utf8") };
  }
  const bytes = Buffer.byteLength(code, "utf8");
  const warnings = made.warnings.slice();
  if (board.codeSize && bytes > board.codeSize) {
    warnings.push(`the bundle (${bytes} bytes) is larger than ${board.name}'s code space (${board.codeSize} bytes)`);
  }
  const result = { file: out, code, bytes, board, target, minified: !!minify, warnings, circular: made.circular, inspect };
  if (target === "es5") result.espruino = made.espruino;
  return result;
}

/** What one build is, from build()'s options (checked: bad input is a BuildError). */
function makeJob(opts) {
  const { target: targetArg, input, keepNames = false } = opts;
  const board = typeof opts.board === "object" && opts.board !== null ? opts.board : loadBoard(opts.board);
  if (typeof opts.board === "object") validateBoard(board, "board");
  // Device bundles are minified; host and sim bundles run on a PC ("minify": false): readable,
  // and rebuilt in a fraction of the time (terser was 80% of a warm rebuild).
  const minify = opts.minify !== undefined ? opts.minify : board.minify !== false;
  const target = targetArg || board.target;
  const spec = TARGETS[target];
  if (!spec) throw new BuildError(`unknown target "${target}": use ${Object.keys(TARGETS).join(" or ")}`);
  if (!input) throw new BuildError("no app given: npm run build -- --board <board> <app.ts>");
  const inputPath = path.resolve(input);
  if (!fs.existsSync(inputPath)) throw new BuildError(`app ${input} does not exist`);
  const hal = halPath(board, opts.hal);
  const tslib = opts.tslib ? path.resolve(opts.tslib) : TSLIB;
  const out =
    opts.out === null
      ? null
      : path.resolve(opts.out || path.join(ROOT, "dist", board.name, path.basename(inputPath).replace(/\.[cm]?[tj]sx?$/, "") + ".js"));
  const repl = opts.repl || "app";
  if (repl !== "app" && repl !== "full" && repl !== "none")
    throw new BuildError(`--repl ${repl}: use app (the modules the app uses), full (every module) or none (no REPL globals)`);
  return {
    board,
    target,
    inputPath,
    hal,
    tslib,
    minify: !!minify,
    keepNames: !!keepNames,
    repl,
    watch: !!opts.watch,
    label: out ? rel(out) : "bundle",
    file: out,
  };
}

/**
 * rollup.config.js's options: the same build as `npm run build`, named by environment
 * variables (`npx rollup -c --environment BOARD:esp32,APP:examples/blink.ts[,TARGET:es5]
 * [,MINIFY:false][,OUT:file]`), writing the same bytes to the same file.
 */
async function configFor(env = process.env) {
  const base = env.INIT_CWD || process.cwd();
  if (!env.BOARD || !env.APP)
    throw new BuildError(
      `name the board and the app: npx rollup -c --environment BOARD:<board>,APP:<app.ts> (boards: ${listBoards().join(", ")})`,
    );
  if (env.MINIFY !== undefined && env.MINIFY !== "true" && env.MINIFY !== "false")
    throw new BuildError(`MINIFY is true or false, not "${env.MINIFY}"`);
  const { options, inspect } = await rollupOptions({
    board: env.BOARD,
    input: path.resolve(base, env.APP),
    target: env.TARGET,
    minify: env.MINIFY === undefined ? undefined : env.MINIFY === "true",
    out: env.OUT ? path.resolve(base, env.OUT) : undefined,
    watch: env.ROLLUP_WATCH === "true", // rollup -c -w
  });
  return inspect ? [options, inspect] : options;
}

/**
 * rollup options writing build(opts)'s file (rollup.config.js, flash.sh --watch): {options,
 * job}. Logs go to rollup's handler, an unresolved import being an error as in build().
 */
async function rollupOptions(opts) {
  const job = makeJob({ ...opts, out: opts.out === null ? undefined : opts.out });
  const needs = await appNeeds(job);
  const onLog = (level, log, handler) => {
    if (log.code === "UNRESOLVED_IMPORT") return handler("error", log);
    if (log.code === "CIRCULAR_DEPENDENCY") return undefined; // (printed by build --verbose)
    return handler(level, log);
  };
  const { options } = pipeline({ ...job, ...needs, onLog });
  // On device boards, the asyncio_inspect file too (beside the bundle; see bundleApp()).
  const inspect = needs.inspect ? pipeline({ ...inspectJob(job), file: inspectFile(job.file), ...needs, onLog }).options : null;
  return { options, job, inspect };
}

/** The asyncio_inspect file's build, from the app's job. */
function inspectJob(job) {
  return { ...job, inputPath: INSPECTOR_TS, file: null, label: `${INSPECT_NAME}.js`, library: true };
}

/** Where the asyncio_inspect file goes: beside the bundle. */
function inspectFile(bundle) {
  return path.join(path.dirname(bundle), `${INSPECT_NAME}.js`);
}

/**
 * The build as rollup options: the one definition of the pipeline, used by build() and by
 * rollup.config.js (`npx rollup -c`). rollup (resolution, TypeScript, the coroutine pass for
 * ES5), then, as renderChunk plugins: the Espruino pass or the syntax check, terser, and the
 * pass or check again on terser's output. `state` gathers what build() reports.
 */
function pipeline({
  board,
  target,
  inputPath,
  hal,
  tslib,
  minify,
  keepNames,
  label,
  file,
  onLog,
  globals,
  net = true,
  inspect = "",
  library = false,
}) {
  const spec = TARGETS[target];
  const { tsPlugin } = require("./ts-plugin");
  // Errors in host and sim bundles name the app's .ts file and line (node --enable-source-maps),
  // es5 ones too: the coroutine pass and the Espruino pass edit with magic-string, which maps.
  const sourceMap = board.engine === "node" || board.engine === "sim";
  const state = { sourceMap, espruino: target === "es5" ? { beforeMinify: null, afterMinify: null } : undefined };
  const engine = ENGINE_NAMES[board.engine] || "";
  const post = (stage) => ({
    name: `mpa-${target === "es5" ? "espruino-pass" : "syntax-check"}-${stage === "minified" ? "minified" : "rollup"}`,
    renderChunk(code) {
      const { espruinoPass, checkSyntax } = require("./espruino-pass");
      try {
        if (target === "es5") {
          const r = espruinoPass(code, { filename: `${label} (${stage})`, sourceMap });
          state.espruino[stage === "minified" ? "afterMinify" : "beforeMinify"] = r.stats;
          return r.changed ? { code: r.code, map: r.map } : null;
        }
        checkSyntax(code, { ecmaVersion: spec.syntax, filename: `${label} (${stage})`, engine: engine || `ES${spec.syntax}` });
        return null;
      } catch (err) {
        return this.error(err.message);
      }
    },
  });
  // terser in-process, not through @rollup/plugin-terser: that plugin gives the same bytes but
  // runs terser in a new worker thread for every build, where it starts cold each time: three
  // esp32 blink builds in one process (--watch, the test suites) took 4.7, 2.9, 3.0 s with it
  // and 4.5, 1.9, 1.6 s here.
  const terser = {
    name: "mpa-terser",
    async renderChunk(code) {
      const options = terserOptions(spec, { keepNames, engine: board.engine });
      if (sourceMap) options.sourceMap = { asObject: true };
      const r = await require("terser").minify(code, options);
      return { code: r.code, map: sourceMap ? r.map : null };
    },
  };
  // ES5: TypeScript's class IIFEs taken apart (tools/class-pass.js), before the Espruino pass.
  // Not for Kaluma: JerryScript gains nothing from it (the es5 switch on the emulated Pico went
  // 663 -> 672 us, its heap 45.1 -> 45.0 KB), where Espruino keeps ~110 variables fewer for the
  // blink (espruino-pico saved to flash 1,257 -> 1,148).
  const classes = {
    name: "mpa-class-pass",
    renderChunk(code) {
      const r = require("./class-pass").flattenClasses(code, { sourceMap });
      return r.count ? { code: r.code, map: r.map } : null;
    },
  };
  // The file ends with a newline (before rollup's sourceMappingURL comment, when there is one).
  const newline = {
    name: "mpa-newline",
    renderChunk(code) {
      if (code.endsWith("\n")) return null;
      const MagicString = require("magic-string");
      const s = new MagicString(code).append("\n");
      return { code: s.toString(), map: sourceMap ? s.generateMap({ hires: true }) : null };
    },
  };
  const options = {
    // library: inputPath alone, as a CommonJS module (exports.x = ...): the asyncio_inspect file.
    input: library ? inputPath : ENTRY_ID,
    plugins: [
      resolver({ hal, input: inputPath, board, tslib, globals }),
      tsPlugin({
        // (src/globals.ts names every module the generated REPL globals may import.)
        rootNames: rootNames(library ? [inputPath] : globals ? [hal, GLOBALS, inputPath] : [hal, inputPath]),
        options: compilerOptions(spec, sourceMap),
        rel,
        cacheDir: TS_CACHE,
      }),
      // Build-time constants (types/globals.d.ts): __ES5__ says the bundle's coroutines are
      // TypeScript's state machines (Coro), not native generators. A literal, so the test
      // folds away (a variable would be looked up on every task switch).
      // __CYW43__: the board's LEDs include one on a CYW43 (the Pico W's HAL drives it).
      // __NET__: the app uses the network (appNeeds()): device HALs leave their socket layer out.
      // __INSPECT_ID__: the build of the asyncio_inspect file the bundle loads ps() from ("": none).
      require("@rollup/plugin-replace")({
        preventAssignment: true,
        values: {
          __ES5__: String(target === "es5"),
          __CYW43__: String(Array.isArray(board.leds) && board.leds.some((l) => typeof l.cyw43 === "number")),
          __NET__: String(net),
          __INSPECT_ID__: JSON.stringify(inspect),
        },
      }),
      // ES5: TypeScript's async state machines jump in place (tools/coro-pass.js).
      ...(target === "es5" ? [require("./coro-pass").coroPassPlugin()] : []),
      pureClasses(),
      keepAppCode(),
      ...(target === "es5" && board.engine !== "kaluma" ? [classes] : []),
      post("rollup output"),
      ...(minify ? [terser, post("minified")] : []),
      newline,
    ],
    onLog,
    output: {
      // No file: the code is only returned, and its map (if any) has no comment pointing at it.
      file: file || undefined,
      format: library ? "cjs" : "iife",
      strict: true,
      freeze: false, // no Object.freeze on Espruino
      esModule: false,
      sourcemap: sourceMap ? (file ? true : "hidden") : false,
      sourcemapPathTransform: (source, mapFile) => path.resolve(path.dirname(mapFile), source),
      indent: "  ",
      generatedCode: { preset: "es5", symbols: false, constBindings: false, arrowFunctions: false, objectShorthand: false },
      externalLiveBindings: false,
    },
  };
  return { options, state };
}

// What a job's bundle holds besides the app, found by a first pass without globals (not
// minified) where it depends on the app: {globals, net}.
// - globals: the REPL globals (not on the sim board, which has no REPL): every module
//   (src/globals.ts, --repl full), none (--repl none), or those the app's bundle contains
//   (tools/repl-globals.js);
// - net: the app uses the network (streams): a device HAL without it leaves its socket layer
//   out (__NET__): the esp32 blink 29.3 -> 19.8 KB, the pico-w blink 23.4 -> 16.5 KB. Not
//   when watching (job.watch): the app may start using the network at its next save, and a
//   rebuild does not run the first pass again.
// - inspect: on device boards with REPL globals, the id of the asyncio_inspect file's build
//   (inspectId()), which the bundle checks the file it loads against; "" elsewhere.
async function appNeeds(job) {
  const engine = job.board.engine;
  const device = engine === "espruino" || engine === "kaluma";
  const has_net = job.board.net !== false;
  const inspect = device && job.repl !== "none" ? inspectId(job.target) : "";
  if (engine === "sim") return { globals: null, net: true };
  if (job.repl === "full") return { globals: GLOBALS, net: has_net, inspect };
  if (job.repl === "none" && !device) return { globals: null, net: true };
  const first = await bundleApp({ ...job, board: { ...job.board, engine: "sim" }, minify: false, file: null, firstPass: true });
  const used = new Set(first.modules);
  return {
    net: has_net && (job.watch || used.has(STREAM_TS)),
    inspect,
    globals:
      job.repl === "none"
        ? null
        : {
            code: require("./repl-globals").globalsSource(
              (f) => used.has(f),
              job.board,
              (f) => first.exports[f] || null,
            ),
          },
  };
}

// The asyncio_inspect file's build: its sources and the target (not the tools: a file made by
// other tools from the same sources works with the bundle all the same).
function inspectId(target) {
  return sha1([INSPECT_TS, INSPECTOR_TS].map((f) => fs.readFileSync(f, "utf8")).join("\0") + target).slice(0, 10);
}

/**
 * Bundles one job: {code (with the sourceMappingURL comment when it names a file), map, ...,
 * inspect: the asyncio_inspect file's code when the bundle loads it, else null}.
 */
async function bundleApp(job) {
  const needs = await appNeeds(job);
  const made = await rollupJob(job, needs);
  made.inspect = null;
  // (Device bundles with REPL globals: their `asyncio` has ps() and stats().)
  if (needs.inspect && !job.firstPass) {
    const lib = await rollupJob(inspectJob(job), needs);
    made.inspect = lib.code;
    made.files = [...new Set([...made.files, ...lib.files])];
  }
  return made;
}

async function rollupJob(job, needs) {
  const { rollup } = require("rollup");
  const errors = [];
  const warnings = [];
  const circular = [];
  const { options, state } = pipeline({
    ...job,
    ...needs,
    onLog(level, log) {
      if (log.code === "UNRESOLVED_IMPORT") errors.push(log.message);
      else if (log.code === "CIRCULAR_DEPENDENCY") circular.push(log.message);
      else if (level === "warn") warnings.push(log.message);
    },
  });
  const fail = (err) => {
    if (err instanceof BuildError) return err;
    const where = err.loc ? ` (${rel(err.loc.file || err.id || "")}:${err.loc.line}:${err.loc.column})` : "";
    return new BuildError(`${String(err.message).replace(/^\[plugin [\w-]+\] /, "")}${where}`);
  };
  let bundle;
  try {
    bundle = await rollup(options);
  } catch (err) {
    throw fail(err);
  }
  let code;
  let map = null;
  let files;
  try {
    if (errors.length) throw new BuildError(errors.join("\n"));
    const { output } = await bundle.generate(options.output);
    if (job.firstPass) {
      const mods = output[0].modules;
      return {
        modules: Object.keys(mods).filter((id) => mods[id].renderedLength > 0),
        exports: Object.fromEntries(Object.keys(mods).map((id) => [id, mods[id].renderedExports])),
      };
    }
    code = output[0].code;
    if (state.sourceMap) map = output[0].map.toString();
    files = bundle.watchFiles.filter((f) => !f.startsWith("\0"));
  } catch (err) {
    throw fail(err);
  } finally {
    await bundle.close();
  }
  return { code, map, warnings, circular, espruino: state.espruino, files };
}

// ---------------------------------------------------------------------------------------------
// The bundle cache: a bundle whose sources have not changed since it was last made is not made
// again (an esp32 blink build from a fresh process takes ~4 s, terser ~2 s of it; from the
// cache ~0.2 s). An entry is keyed by what was asked (board, target, app, HAL, options) and
// kept with a hash of every file it was made from (rollup's modules, types, tsconfig, the build
// tools, package-lock) and of the list of files in each of their folders (a new file there
// could change how an import resolves), so a changed file is never served stale. It lives in
// dist/.build-cache; MPA_BUILD_CACHE=<dir> puts it elsewhere (jest's global setup makes a
// fresh one per run, shared by every test file, worker and child process), MPA_BUILD_CACHE=off
// turns it off. Two processes asking at once: one builds, the other waits for its entry (a
// lock file).
const BUILD_CACHE = process.env.MPA_BUILD_CACHE === "off" ? null : process.env.MPA_BUILD_CACHE || path.join(ROOT, "dist", ".build-cache");

const crypto = require("crypto");
const sha1 = (s) => crypto.createHash("sha1").update(s).digest("hex");
const TOOL_FILES = [
  "tsconfig.json",
  "package-lock.json",
  "tools/build.js",
  "tools/ts-plugin.js",
  "tools/espruino-pass.js",
  "tools/coro-pass.js",
  "tools/repl-globals.js",
  "src/asyncio/micropython.ts", // (read by tools/repl-globals.js)
];

// skip: the bundle's own files (a bundle written beside its app changes that folder's list).
function fileHashes(files, skip = []) {
  return files.map((f) => {
    try {
      // A folder (named with a trailing separator) by the names in it.
      const text = f.endsWith(path.sep)
        ? fs
            .readdirSync(f)
            .filter((n) => skip.indexOf(path.join(f, n)) < 0)
            .sort()
            .join("\0")
        : fs.readFileSync(f);
      return [f, sha1(text)];
    } catch (_) {
      return [f, null];
    }
  });
}

function readEntry(file, skip) {
  let e;
  try {
    e = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (_) {
    return null;
  }
  const now = fileHashes(
    e.deps.map((d) => d[0]),
    skip,
  );
  return now.every((d, i) => d[1] === e.deps[i][1]) ? e.made : null;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

async function cached(dir, job) {
  const { board, label, file, ...rest } = job;
  // The file's name is in the sourceMappingURL comment; where it is does not matter.
  const key = sha1(JSON.stringify({ ...rest, board, name: file ? path.basename(file) : null }));
  fs.mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, `${key}.json`);
  const lock = `${entry}.lock`;
  const skip = file ? [file, `${file}.map`] : [];
  for (let _waited = 0; ; _waited += 100) {
    const hit = readEntry(entry, skip);
    if (hit) return hit;
    try {
      const fd = fs.openSync(lock, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      break;
    } catch (_) {
      // Another process is making it. A lock whose process is gone (a build stopped with
      // Ctrl+C), or older than 5 minutes, was left behind.
      let age = 0;
      let pid = 0;
      try {
        age = Date.now() - fs.statSync(lock).mtimeMs;
        pid = Number(fs.readFileSync(lock, "utf8")) || 0;
      } catch (_) {
        continue;
      }
      if (age > 300000 || (pid > 0 && !alive(pid)) || (pid === 0 && age > 1000)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      await new Promise((res) => setTimeout(res, 100));
    }
  }
  try {
    const made = await bundleApp(job);
    const files = [...made.files, ...rootNames([]), ...TOOL_FILES.map((f) => path.join(ROOT, f))];
    const deps = [...files, ...files.map((f) => path.dirname(f) + path.sep)];
    const tmp = `${entry}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ deps: fileHashes([...new Set(deps)], skip), made }));
    fs.renameSync(tmp, entry);
    return made;
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// CLI

const USAGE = `usage: npm run build -- --board <board> [--target es5|es2016] [--out <file>]
                          [--minify|--no-minify] [--keep-names] [--hal <name|file.ts>] [--repl app|full|none]
                          [--verbose] <app.ts>
boards: ${(() => {
  try {
    return listBoards().join(", ");
  } catch (_) {
    return "?";
  }
})()}`;

function parseArgs(argv) {
  let a;
  try {
    a = require("util").parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        board: { type: "string", short: "b" },
        target: { type: "string", short: "t" },
        out: { type: "string", short: "o" },
        hal: { type: "string" },
        minify: { type: "boolean" },
        "no-minify": { type: "boolean" },
        "keep-names": { type: "boolean" },
        repl: { type: "string" },
        verbose: { type: "boolean", short: "v" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    throw new BuildError(`${e.message.replace(/\. To specify a positional.*$/, "")}\n${USAGE}`);
  }
  const v = a.values;
  if (v.minify && v["no-minify"]) throw new BuildError("--minify or --no-minify, not both");
  if (a.positionals.length > 1) throw new BuildError(`one app per build (got ${a.positionals.join(" and ")})\n${USAGE}`);
  return {
    board: v.board,
    target: v.target,
    out: v.out,
    hal: v.hal,
    minify: v.minify ? true : v["no-minify"] ? false : undefined, // undefined: the board's
    keepNames: !!v["keep-names"],
    repl: v.repl,
    verbose: !!v.verbose,
    help: !!v.help,
    input: a.positionals[0],
  };
}

async function main(argv) {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    process.stderr.write(`build: ${err.message}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  // `npm run build` runs in the package root; relative paths are the caller's.
  const base = process.env.INIT_CWD || process.cwd();
  for (const k of ["input", "out"]) if (opts[k]) opts[k] = path.resolve(base, opts[k]);
  if (opts.hal && /[\\/]|\.ts$/.test(opts.hal)) opts.hal = path.resolve(base, opts.hal);
  try {
    const r = await build(opts);
    for (const w of r.warnings) process.stderr.write(`build: warning: ${w}\n`);
    if (opts.verbose) for (const w of r.circular) process.stderr.write(`build: ${w}\n`);
    const space = r.board.codeSize
      ? `, ${((100 * r.bytes) / r.board.codeSize).toFixed(1)}% of ${r.board.name}'s ${r.board.codeSize} bytes`
      : "";
    process.stdout.write(`${rel(r.file)}: ${r.bytes} bytes (${r.target}${r.minified ? ", minified" : ""}${space})\n`);
    return 0;
  } catch (err) {
    if (err instanceof BuildError || err.name === "EspruinoPassError") process.stderr.write(`build failed: ${err.message}\n`);
    else process.stderr.write(`build failed: ${err && err.stack ? err.stack : err}\n`);
    return 1;
  }
}

module.exports = { build, loadBoard, listBoards, moduleMap, BuildError, TARGETS, configFor, rollupOptions, INSPECT_NAME };

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
