'use strict';
// rollup plugin: TypeScript files compiled by ONE TypeScript program per process and set of
// compiler options, reused from build to build.
//
// Why not @rollup/plugin-typescript: it makes a new program for every build, and a program is
// most of a build's time: 1.2 s of the 2.5 s an es5 conformance app took (CPU profile of 6
// builds in one process), because every build parsed, bound, type-checked and emitted the same
// ~35 runtime files again. Here a build hands TypeScript the previous program (`oldProgram`:
// unchanged source files are reused as they are) and a semantic-diagnostics builder (files
// whose text and dependencies are unchanged keep their diagnostics), and a file is emitted again
// only when its text, or that of a file it depends on, changed. The second and later builds in
// a process (a test run, flash.sh --watch) type-check and emit only the app: a warm rebuild of
// the host board's blink after an edit takes ~0.5 s, of which TypeScript ~0.1 s.
//
// Behaviour is the plugin's: every diagnostic of the program (syntax, options, global,
// semantic) fails the build, reported as "file(line,col): error TSnnnn: message" with a code
// frame; emitted JavaScript is what `tsc` emits for the same options.
const fs = require('fs');
const path = require('path');

let ts = null;
function typescript() {
  if (ts === null) ts = require('typescript');
  return ts;
}

// One state per option set: {program, builder, files: path -> {stamp, sf}, emitted: path -> {text,
// code, map}, changed: files whose text changed since the last compile}
const states = new Map();

function stateFor(options) {
  const key = JSON.stringify(options);
  let st = states.get(key);
  if (!st) {
    st = { program: undefined, builder: undefined, files: new Map(), emitted: new Map(), changed: new Set(), options };
    states.set(key, st);
  }
  return st;
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
      // Emitted output may depend on the files a file imports (import elision, const enums):
      // compile() re-emits the files that depend on a changed one.
      if (hit && hit.sf && hit.sf.text !== sf.text) st.changed.add(path.normalize(fileName));
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
  const msg = t.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file || d.start === undefined) return `error TS${d.code}: ${msg}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const lines = d.file.text.split(/\r?\n/);
  const src = lines[line] !== undefined ? lines[line] : '';
  const len = Math.max(1, Math.min(d.length || 1, src.length - character));
  const frame = `\n${line + 1}: ${src}\n${' '.repeat(String(line + 1).length + 2 + character)}${'^'.repeat(len)}`;
  return `${rel(d.file.fileName)}(${line + 1},${character + 1}): error TS${d.code}: ${msg}${frame}`;
}

/**
 * Compiles rootNames with options; returns {errors: string[], emitted} where emitted maps each
 * source file's path to its JavaScript (and source map when options.sourceMap).
 */
function compile(rootNames, options, rel) {
  const t = typescript();
  const st = stateFor(options);
  const host = makeHost(st);
  const program = t.createProgram({ rootNames, options, host, oldProgram: st.program });
  const builder = t.createSemanticDiagnosticsBuilderProgram(program, host, st.builder);
  st.program = program;
  st.builder = builder;
  const diags = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...builder.getSemanticDiagnostics(),
  ].filter((d) => d.category === t.DiagnosticCategory.Error);
  const out = new Map();
  const changed = st.changed;
  st.changed = new Set();
  // Measured: re-emitting every file after any edit was 3/4 of a warm rebuild of the host board
  // (an app edit touches nothing the runtime imports).
  const stale = (sf) => changed.size > 0 && builder.getAllDependencies(sf).some((f) => changed.has(path.normalize(f)));
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile) continue;
    const file = path.normalize(sf.fileName);
    let e = st.emitted.get(file);
    if (!e || e.text !== sf.text || stale(sf)) {
      e = { text: sf.text, code: null, map: null };
      program.emit(sf, (name, data) => {
        if (name.endsWith('.map')) e.map = data;
        else if (/\.[cm]?js$/.test(name)) e.code = data;
      });
      st.emitted.set(file, e);
    }
    out.set(file, e);
  }
  // Every file of the program but TypeScript's own libraries: what a rebuild depends on, type-only
  // imports included (rollup never loads those).
  const files = program.getSourceFiles().map((sf) => path.normalize(sf.fileName)).filter((f) => !f.includes(`${path.sep}node_modules${path.sep}`));
  return { errors: diags.map((d) => formatDiagnostic(d, rel)), emitted: out, files };
}

/**
 * The plugin. rootNames: the files TypeScript starts from (types, HAL, app); options: compiler
 * options (already parsed: enums, absolute paths); rel(file): how to name a file in messages.
 */
function tsPlugin({ rootNames, options, rel = (f) => f }) {
  const t = typescript();
  let emitted = new Map();
  const resolutionHost = { fileExists: t.sys.fileExists, readFile: t.sys.readFile };
  return {
    name: 'mpa-typescript',
    buildStart() {
      const r = compile(rootNames, options, rel);
      emitted = r.emitted;
      for (const f of r.files) this.addWatchFile(f); // (watch mode: rebuild when any changes)
      if (r.errors.length) {
        const err = new Error(`type errors:\n${r.errors.join('\n')}`);
        err.tsErrors = r.errors;
        throw err;
      }
    },
    resolveId(importee, importer) {
      if (!importer || importee.startsWith('\0')) return null;
      const res = t.resolveModuleName(importee, importer, options, resolutionHost).resolvedModule;
      if (!res || /\.d\.[cm]?ts$/.test(res.resolvedFileName)) return null;
      return path.normalize(res.resolvedFileName);
    },
    load(id) {
      const e = emitted.get(path.normalize(id));
      if (!e) return null;
      if (e.code === null) this.error(`TypeScript emitted nothing for ${rel(id)}`);
      return { code: e.code.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n'), map: e.map };
    },
  };
}

module.exports = { tsPlugin, compile };
