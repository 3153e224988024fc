"use strict";
// rollup plugin: TypeScript files compiled by ONE TypeScript program per process and set of
// compiler options, reused from build to build.
//
// Why not @rollup/plugin-typescript: it makes a new program for every build, and a program is
// most of a build's time: 1.2 s of the 2.5 s an es5 conformance app took (CPU profile of 6
// builds in one process), because every build parsed, bound, type-checked and emitted the same
// ~35 runtime files again. Here a build hands TypeScript the previous program (`oldProgram`:
// unchanged source files are reused as they are), and each file's JavaScript and diagnostics
// are kept under a key of everything they depend on (compile(): its text, its imports' texts,
// the global files, the options), in memory and in dist/.ts-cache, so only files whose key
// changed are checked and emitted again, in this process or the next. An app edit re-checks
// and re-emits only the app: a warm rebuild of the host board's blink (flash.sh --watch) takes
// ~0.5 s, and a fresh process skips the runtime's ~1.7 s of checking and emitting.
//
// Behaviour is the plugin's: every diagnostic of the program (syntax, options, global,
// semantic) fails the build, reported as "file(line,col): error TSnnnn: message" with a code
// frame; emitted JavaScript is what `tsc` emits for the same options.
const fs = require("fs");
const path = require("path");

let ts = null;
function typescript() {
  if (ts === null) ts = require("typescript");
  return ts;
}

// One state per option set: {program, builder, files: path -> {stamp, sf}, entries: key -> entry}
const states = new Map();

function stateFor(options) {
  const key = JSON.stringify(options);
  let st = states.get(key);
  if (!st) {
    st = { program: undefined, builder: undefined, files: new Map(), entries: new Map(), options, key };
    states.set(key, st);
  }
  return st;
}

// What compiling one file gives (its JavaScript, source map and semantic diagnostics), kept in
// memory and on disk under a key made of everything it depends on: the compiler options, the
// text of every global file (TypeScript's libraries, types/*.d.ts), its own text and the text of
// every file it imports, directly or not. The key changes with any of them, so an entry is never
// stale and needs no invalidation; entries are written whole (rename), so processes share them.
// Measured, esp32 blink from a fresh process: type-checking 1.06 s and emitting 0.70 s of a
// 5.8 s build, nearly all of it for the runtime's files, which an app edit does not change.
const crypto = require("crypto");
const sha1 = (s) => crypto.createHash("sha1").update(s).digest("hex");
const MAX_ENTRIES = 4000; // on disk; past it the older half goes

function diskEntry(dir, key) {
  if (!dir) return null;
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, `${key}.json`), "utf8"));
  } catch (_) {
    return null;
  }
}

function saveEntry(dir, key, entry) {
  if (!dir) return;
  try {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${key}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(entry));
    fs.renameSync(tmp, file);
  } catch (_) {
    // a cache: a file that cannot be written is compiled again next time
  }
}

const pruned = new Set();
function prune(dir) {
  if (!dir || pruned.has(dir)) return;
  pruned.add(dir);
  try {
    const names = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
    if (names.length <= MAX_ENTRIES) return;
    const aged = names.map((f) => [f, fs.statSync(path.join(dir, f)).mtimeMs]).sort((a, b) => a[1] - b[1]);
    for (const [f] of aged.slice(0, aged.length >> 1)) fs.rmSync(path.join(dir, f), { force: true });
  } catch (_) {
    // (another process pruned first)
  }
}

// A compiler host that keeps parsed source files while their file is unchanged (size and
// mtime; TypeScript's own hosts parse again for every program).
function makeHost(st) {
  const t = typescript();
  const host = t.createCompilerHost(st.options, true);
  const read = host.getSourceFile;
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    let stamp;
    try {
      const s = fs.statSync(fileName);
      stamp = `${s.size}:${s.mtimeMs}`;
    } catch (_) {
      stamp = null;
    }
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    const hit = st.files.get(key);
    if (hit && stamp !== null && hit.stamp === stamp && !shouldCreate) return hit.sf;
    const sf = read.call(host, fileName, languageVersion, onError, shouldCreate);
    if (sf) {
      // The builder compares versions to find what changed.
      sf.version = t.sys.createHash ? t.sys.createHash(sf.text) : sf.text;
      st.files.set(key, { stamp, sf });
    }
    return sf;
  };
  return host;
}

function formatDiagnostic(d, rel) {
  const t = typescript();
  const msg = t.flattenDiagnosticMessageText(d.messageText, "\n");
  if (!d.file || d.start === undefined) return `error TS${d.code}: ${msg}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const lines = d.file.text.split(/\r?\n/);
  const src = lines[line] !== undefined ? lines[line] : "";
  const len = Math.max(1, Math.min(d.length || 1, src.length - character));
  const frame = `\n${line + 1}: ${src}\n${" ".repeat(String(line + 1).length + 2 + character)}${"^".repeat(len)}`;
  return `${rel(d.file.fileName)}(${line + 1},${character + 1}): error TS${d.code}: ${msg}${frame}`;
}

/**
 * Compiles rootNames with options; returns {errors: string[], emitted} where emitted maps each
 * source file's path to its JavaScript (and source map when options.sourceMap).
 */
function compile(rootNames, options, rel, cacheDir) {
  const t = typescript();
  const st = stateFor(options);
  const host = makeHost(st);
  const program = t.createProgram({ rootNames, options, host, oldProgram: st.program });
  // (the builder only for getAllDependencies: what each file imports, transitively)
  const builder = t.createSemanticDiagnosticsBuilderProgram(program, host, st.builder);
  st.program = program;
  st.builder = builder;
  prune(cacheDir);
  const sources = program.getSourceFiles();
  const version = new Map(sources.map((sf) => [sf.fileName, sf.version]));
  const globalKey = sha1(
    st.key +
      sources
        .filter((sf) => !t.isExternalModule(sf))
        .map((sf) => `${sf.fileName}\0${sf.version}`)
        .join("\0"),
  );
  const diags = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getGlobalDiagnostics(),
  ].filter((d) => d.category === t.DiagnosticCategory.Error);
  const errors = diags.map((d) => formatDiagnostic(d, rel));
  const out = new Map();
  for (const sf of sources) {
    if (sf.isDeclarationFile) continue;
    const file = path.normalize(sf.fileName);
    const deps = builder
      .getAllDependencies(sf)
      .map((f) => `${f}\0${version.get(f)}`)
      .sort();
    const key = sha1(`${globalKey}\0${sf.fileName}\0${sf.version}\0${deps.join("\0")}`);
    let e = st.entries.get(key) || diskEntry(cacheDir, key);
    if (!e) {
      e = { code: null, map: null, diags: [] };
      for (const d of program.getSemanticDiagnostics(sf)) {
        if (d.category !== t.DiagnosticCategory.Error) continue;
        e.diags.push({
          file: d.file ? d.file.fileName : null,
          start: d.start,
          length: d.length,
          code: d.code,
          messageText: t.flattenDiagnosticMessageText(d.messageText, "\n"),
        });
      }
      program.emit(sf, (name, data) => {
        if (name.endsWith(".map")) e.map = data;
        else if (/\.[cm]?js$/.test(name)) e.code = data;
      });
      saveEntry(cacheDir, key, e);
    }
    st.entries.set(key, e);
    for (const d of e.diags) errors.push(formatDiagnostic({ ...d, file: d.file ? program.getSourceFile(d.file) : undefined }, rel));
    out.set(file, e);
  }
  // Every file of the program but TypeScript's own libraries: what a rebuild depends on, type-only
  // imports included (rollup never loads those).
  const files = sources.map((sf) => path.normalize(sf.fileName)).filter((f) => !f.includes(`${path.sep}node_modules${path.sep}`));
  return { errors, emitted: out, files };
}

/**
 * The plugin. rootNames: the files TypeScript starts from (types, HAL, app); options: compiler
 * options (already parsed: enums, absolute paths); rel(file): how to name a file in messages.
 */
function tsPlugin({ rootNames, options, rel = (f) => f, cacheDir = null }) {
  const t = typescript();
  let emitted = new Map();
  const resolutionHost = { fileExists: t.sys.fileExists, readFile: t.sys.readFile };
  return {
    name: "mpa-typescript",
    buildStart() {
      const r = compile(rootNames, options, rel, cacheDir);
      emitted = r.emitted;
      for (const f of r.files) this.addWatchFile(f); // (watch mode: rebuild when any changes)
      if (r.errors.length) {
        const err = new Error(`type errors:\n${r.errors.join("\n")}`);
        err.tsErrors = r.errors;
        throw err;
      }
    },
    resolveId(importee, importer) {
      if (!importer || importee.startsWith("\0")) return null;
      const res = t.resolveModuleName(importee, importer, options, resolutionHost).resolvedModule;
      if (!res || /\.d\.[cm]?ts$/.test(res.resolvedFileName)) return null;
      return path.normalize(res.resolvedFileName);
    },
    load(id) {
      const e = emitted.get(path.normalize(id));
      if (!e) return null;
      if (e.code === null) this.error(`TypeScript emitted nothing for ${rel(id)}`);
      return { code: e.code.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n"), map: e.map };
    },
  };
}

module.exports = { tsPlugin, compile };
