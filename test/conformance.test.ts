// Conformance: MicroPython's own asyncio tests (tests/extmod/asyncio_*.py), ported to
// TypeScript apps in test/conformance/apps/, built for the sim board and run on four engines.
// Each run's stdout must equal the test's expected output exactly (only a trailing newline is
// normalised), and the run must exit cleanly.
//
// Expected outputs are NOT in this repository: they are read from ../shared/conformance/expected
// (relative to the repository root), or from the directory in CONFORMANCE_EXPECTED. The tests
// in scope are every asyncio_*.exp there except the two-instance network tests (asyncio_tcp_*,
// asyncio_tls_*), which need a TCP/TLS stack.
//
// Each app is built once per target into dist/conformance/<target>/<test>.js; the results
// (test x engine: pass/fail/known) go to dist/conformance/results.json, which
// tools/conformance-table.js turns into a Markdown table.
//
// Test functions are synchronous (see jest.config.js): the work happens in beforeAll, which
// returns a Promise.

import * as fs from "fs";
import * as path from "path";

// tools/*.js are CommonJS: build({board, target, input, out}) and runOn(engine, file, {timeoutMs}).
const { runOn, available } = require("../tools/engines.js");
import {
  EXPECTED_DIR,
  HAVE_EXPECTED,
  MISSING_TITLE,
  MISSING_MESSAGE,
  listExpected,
  unmatched,
  build_app,
  declare_runs,
} from "./support/conformance_data";

const ROOT = path.resolve(__dirname, "..");
const APPS_DIR = path.join(__dirname, "conformance", "apps");
const OUT_DIR = path.join(ROOT, "dist", "conformance");
// CPU time a run may use (tools/engines.js): a busy machine slows a run down without failing it.
const TIMEOUT_MS = Number(process.env.CONFORMANCE_TIMEOUT_MS) || 5000;

interface Run {
  engine: string;
  target: "es5" | "es2016";
}
const RUNS: Run[] = [
  { engine: "node", target: "es2016" },
  { engine: "node", target: "es5" },
  { engine: "duk", target: "es5" },
  { engine: "quickjs", target: "es2016" },
];
const TARGETS: ("es2016" | "es5")[] = ["es2016", "es5"];
const runName = (r: Run) => `${r.engine}/${r.target}`;

// Where an app cannot print exactly what MicroPython prints, the difference is documented in
// the app and listed here: test -> {engines (default: all), reason}. Such a run is expected to
// FAIL (jest's test.failing), so fixing it makes the suite say so. Keep this minimal.
interface Known {
  engines?: string[]; // "node/es2016", ...
  reason: string;
}
const KNOWN_DIFFERENCES: Record<string, Known> = {};

function knownFor(test: string, run: Run): Known | null {
  const k = KNOWN_DIFFERENCES[test];
  if (!k) return null;
  return !k.engines || k.engines.indexOf(runName(run)) >= 0 ? k : null;
}

// The tests in scope: asyncio_*.exp except the multi_net TCP/TLS ones.
const TESTS = listExpected(/^asyncio_(?!tcp_|tls_).*\.exp$/);

interface Outcome {
  status: "pass" | "fail" | "known";
  detail?: string; // why it failed: build error, exit code, first differing line
}
// results[test][runName]
const results: Record<string, Record<string, Outcome>> = {};
const buildErrors: Record<string, Record<string, string>> = {};
const outputs: Record<string, Record<string, { stdout: string; stderr: string; code: number }>> = {};

function stripTrailingNewline(s: string): string {
  return s.replace(/\r?\n$/, "");
}

function firstDifference(expected: string, actual: string): string {
  const e = expected.split("\n");
  const a = actual.split("\n");
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) {
      const show = (x: string | undefined) => (x === undefined ? "(no line)" : JSON.stringify(x));
      return `line ${i + 1}: expected ${show(e[i])}, got ${show(a[i])}`;
    }
  }
  return "";
}

function judge(test: string, run: Run, r: { stdout: string; stderr: string; code: number; timedOut?: boolean }): Outcome {
  const expected = stripTrailingNewline(fs.readFileSync(path.join(EXPECTED_DIR, `${test}.exp`), "utf8"));
  const actual = stripTrailingNewline(r.stdout);
  let detail = "";
  if (actual !== expected) detail = firstDifference(expected, actual);
  if (r.timedOut) detail = `stopped after ${TIMEOUT_MS} ms of CPU time` + (detail ? `; ${detail}` : "");
  else if (r.code !== 0) {
    // The error's own line ("TypeError: ..."), else the first line of stderr.
    const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
    const err = lines.filter((l) => /^\s*(Uncaught )?\w*(Error|Exception)\b/.test(l))[0] || lines[0] || "";
    detail = `exit code ${r.code}${err ? ` (${err.slice(0, 200)})` : ""}` + (detail ? `; ${detail}` : "");
  }
  if (!detail) return { status: "pass" };
  return { status: knownFor(test, run) ? "known" : "fail", detail };
}

// Runs jobs with at most `limit` in flight (2 cores: the main thread builds and runs QuickJS,
// child processes run node and duk).
function pool(jobs: (() => Promise<void>)[], limit: number): Promise<void> {
  return new Promise((resolve) => {
    let next = 0;
    let active = 0;
    const start = (): void => {
      if (next >= jobs.length && active === 0) {
        resolve();
        return;
      }
      while (active < limit && next < jobs.length) {
        const job = jobs[next++];
        active++;
        job()
          .catch(() => undefined)
          .then(() => {
            active--;
            start();
          });
      }
    };
    start();
  });
}

function bundlePath(test: string, target: string): string {
  return path.join(OUT_DIR, target, `${test}.js`);
}

function buildAndRun(test: string): Promise<void> {
  results[test] = {};
  buildErrors[test] = {};
  outputs[test] = {};
  const input = path.join(APPS_DIR, `${test}.ts`);
  if (!fs.existsSync(input)) {
    for (const run of RUNS) results[test][runName(run)] = { status: "fail", detail: `no app: ${path.relative(ROOT, input)}` };
    return Promise.resolve();
  }
  // Both targets are built one after the other (the build is CPU-bound in this process),
  // then the four engines run at once.
  let chain: Promise<void> = Promise.resolve();
  for (const target of TARGETS) {
    chain = chain.then(() =>
      build_app("sim", target, input, bundlePath(test, target)).then(
        () => undefined,
        (err: any) => {
          buildErrors[test][target] = String((err && err.message) || err);
        },
      ),
    );
  }
  return chain.then(() =>
    Promise.all(
      RUNS.map((run) => {
        const name = runName(run);
        if (buildErrors[test][run.target] !== undefined) {
          const msg = buildErrors[test][run.target].split("\n").slice(0, 3).join(" ");
          results[test][name] = { status: knownFor(test, run) ? "known" : "fail", detail: `build (${run.target}) failed: ${msg}` };
          return Promise.resolve();
        }
        if (!available(run.engine)) {
          results[test][name] = { status: "fail", detail: `engine ${run.engine} is not available here` };
          return Promise.resolve();
        }
        return runOn(run.engine, bundlePath(test, run.target), { timeoutMs: TIMEOUT_MS }).then(
          (r: any) => {
            outputs[test][name] = r;
            results[test][name] = judge(test, run, r);
          },
          (err: any) => {
            results[test][name] = { status: "fail", detail: `could not run: ${String((err && err.message) || err)}` };
          },
        );
      }),
    ).then(() => undefined),
  );
}

function writeResults(): void {
  const summary: Record<string, { pass: number; fail: number; known: number; total: number }> = {};
  for (const run of RUNS) {
    const s = { pass: 0, fail: 0, known: 0, total: 0 };
    for (const test of TESTS) {
      const o = results[test] && results[test][runName(run)];
      if (!o) continue;
      s[o.status]++;
      s.total++;
    }
    summary[runName(run)] = s;
  }
  const known: Record<string, Known> = {};
  for (const k of Object.keys(KNOWN_DIFFERENCES)) known[k] = KNOWN_DIFFERENCES[k];
  const doc = {
    generated: new Date().toISOString(),
    expected: EXPECTED_DIR,
    engines: RUNS.map(runName),
    tests: TESTS,
    results,
    summary,
    known_differences: known,
  };
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, "results.json"), JSON.stringify(doc, null, 2) + "\n");
}

beforeAll(
  () => {
    if (TESTS.length === 0) return Promise.resolve();
    return pool(
      TESTS.map((t) => () => buildAndRun(t)),
      2,
    ).then(writeResults);
  },
  15 * 60 * 1000,
);

if (!HAVE_EXPECTED) {
  test(MISSING_TITLE, () => {
    throw new Error(MISSING_MESSAGE);
  });
} else {
  test("every test in scope has an app and every app has an expected output", () => {
    expect(unmatched(APPS_DIR, TESTS)).toEqual([[], []]);
  });
}

declare_runs(
  TESTS,
  () => RUNS,
  runName,
  (test_, run) => {
    const o = results[test_] && results[test_][runName(run)];
    if (!o) return undefined;
    if (o.status === "pass") return null;
    const r = outputs[test_] && outputs[test_][runName(run)];
    return `${o.detail}${r ? `\n--- stdout:\n${r.stdout}--- stderr:\n${r.stderr.split("\n").slice(0, 15).join("\n")}` : ""}`;
  },
  (test_, run) => {
    const k = knownFor(test_, run);
    return k ? k.reason : null;
  },
);
