// Conformance of the network streams: MicroPython's two-instance TCP tests
// (tests/multi_net/asyncio_tcp_*.py), ported to TypeScript apps in test/conformance/net/apps/
// that run both instances (server: instance0, client: instance1) in one program
// (test/conformance/net/multitest.ts) and print each instance's output under the same
// "--- instanceN ---" headers as the expected outputs.
//
// Each app is built and run
// - for the host board, on Node, over real TCP on 127.0.0.1 (free ports, hal/net/node.ts);
// - for the sim board, over the in-memory network in virtual time (hal/net/sim.ts), on
//   node/es2016, node/es5, duktape/es5 and QuickJS/es2016.
// Each instance's output must equal its part of the .exp exactly; the only normalisation is
// that trailing empty lines of a part are ignored (asyncio_tcp_client_rst.exp has an empty
// line for the client, which prints nothing). The run must exit by itself with status 0.
//
// The TLS tests (asyncio_tls_*) run on the host board only (Node's TLS; the sim has none),
// in a directory where test/support/certs.ts made their certificates. One known difference,
// in KNOWN below, is checked as exactly as the rest.
//
// Expected outputs: test/support/conformance_data.ts.
// Test functions are synchronous (see jest.config.js); the work happens in beforeAll.
import * as fs from "fs";
import * as path from "path";

const { runOn, available } = require("../tools/engines.js");
import { EXPECTED_DIR, HAVE_EXPECTED, listExpected, unmatched, build_app, declare_runs } from "./support/conformance_data";
import { make_certs, remove_certs } from "./support/certs";

const ROOT = path.resolve(__dirname, "..");
const APPS_DIR = path.join(__dirname, "conformance", "net", "apps");
const OUT_DIR = path.join(ROOT, "dist", "conformance-net");
// CPU time a run may use (tools/engines.js); host runs wait on real TCP, sim runs do not wait.
const TIMEOUT_MS = 15000;

interface Run {
  board: "host" | "sim";
  engine: string;
  target: "es5" | "es2016";
}
const RUNS: Run[] = [
  { board: "host", engine: "node", target: "es2016" },
  { board: "sim", engine: "node", target: "es2016" },
  { board: "sim", engine: "node", target: "es5" },
  { board: "sim", engine: "duk", target: "es5" },
  { board: "sim", engine: "quickjs", target: "es2016" },
];
const runName = (r: Run) => `${r.board}: ${r.engine}/${r.target}`;

const TESTS = listExpected(/^asyncio_tcp_.*\.exp$/);
const TLS_TESTS = listExpected(/^asyncio_tls_.*\.exp$/);
const TLS_RUNS: Run[] = [RUNS[0]];
const runsOf = (test: string) => (/^asyncio_tls_/.test(test) ? TLS_RUNS : RUNS);

// Where a board cannot give MicroPython's output, and why: {test: {run: {instance: [expected
// line, what the board prints instead (null: nothing)]}}}.
const KNOWN: Record<string, Record<string, Record<string, [string, string | null][]>>> = {
  // MicroPython's client (mbedTLS) checks the server's name during the handshake and sends
  // the server an alert; Node's client checks it after the handshake and closes the
  // connection, so the server's read() sees the end of the stream and raises nothing.
  asyncio_tls_server_client_verify_error: {
    "host: node/es2016": { instance0: [["(-30592, 'MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE')", null]] },
  },
};
let certs = "";

// "--- instanceN ---" sections -> {instanceN: lines without trailing empty ones}.
function sections(out: string): Record<string, string[]> {
  const r: Record<string, string[]> = {};
  let cur: string[] | null = null;
  for (const line of out.replace(/\r\n/g, "\n").split("\n")) {
    const m = /^--- (instance\d+) ---$/.exec(line);
    if (m) r[m[1]] = cur = [];
    else if (cur) cur.push(line);
  }
  for (const k of Object.keys(r)) while (r[k].length && r[k][r[k].length - 1] === "") r[k].pop();
  return r;
}

const results: Record<string, Record<string, string | null>> = {}; // null: pass, else why not

function judge(test: string, run: Run, r: { stdout: string; stderr: string; code: number; timedOut?: boolean }): string | null {
  const expected = sections(fs.readFileSync(path.join(EXPECTED_DIR, `${test}.exp`), "utf8"));
  const known = (KNOWN[test] && KNOWN[test][runName(run)]) || {};
  for (const inst of Object.keys(known)) {
    for (const [line, instead] of known[inst]) {
      const i = expected[inst].indexOf(line);
      if (i < 0) throw new Error(`KNOWN: ${test} ${inst} has no line ${line}`);
      if (instead === null) expected[inst].splice(i, 1);
      else expected[inst][i] = instead;
    }
  }
  const actual = sections(r.stdout);
  const problems: string[] = [];
  if (r.timedOut) problems.push(`stopped by its limit: ${r.stderr.trim().split("\n").pop()}`);
  else if (r.code !== 0) problems.push(`exit code ${r.code}`);
  for (const inst of Object.keys(expected)) {
    const e = expected[inst].join("\n");
    const a = actual[inst] ? actual[inst].join("\n") : "(no output section)";
    if (a !== e) problems.push(`${inst}: expected\n${e}\n--- got\n${a}`);
  }
  if (!problems.length) return null;
  return `${problems.join("\n")}\n--- stdout:\n${r.stdout}--- stderr:\n${r.stderr.split("\n").slice(0, 20).join("\n")}`;
}

function buildAndRun(test: string): Promise<void> {
  results[test] = {};
  const input = path.join(APPS_DIR, `${test}.ts`);
  const bundles: Record<string, Promise<string>> = {};
  const bundle = (board: "host" | "sim", target: string): Promise<string> => {
    const key = `${board}-${target}`;
    if (!bundles[key]) bundles[key] = build_app(board, target, input, path.join(OUT_DIR, key, `${test}.js`));
    return bundles[key];
  };
  if (!fs.existsSync(input)) {
    for (const run of runsOf(test)) results[test][runName(run)] = `no app: ${path.relative(ROOT, input)}`;
    return Promise.resolve();
  }
  // Builds one after the other (CPU-bound, in this process), then runs one after the other
  // (the host runs measure real time).
  let chain: Promise<void> = Promise.resolve();
  for (const run of runsOf(test)) {
    chain = chain.then(() =>
      bundle(run.board, run.target).then(
        (file) => {
          if (!available(run.engine)) {
            results[test][runName(run)] = `engine ${run.engine} is not available here`;
            return;
          }
          return runOn(run.engine, file, { timeoutMs: TIMEOUT_MS, cwd: certs }).then((r: any) => {
            results[test][runName(run)] = judge(test, run, r);
          });
        },
        (err: any) => {
          results[test][runName(run)] = `build failed: ${String((err && err.message) || err)}`;
        },
      ),
    );
  }
  return chain;
}

beforeAll(
  () => {
    certs = make_certs();
    let chain: Promise<void> = Promise.resolve();
    for (const t of TESTS.concat(TLS_TESTS)) chain = chain.then(() => buildAndRun(t));
    return chain;
  },
  10 * 60 * 1000,
);

afterAll(() => {
  if (certs) remove_certs(certs);
});

// Without the expected outputs, test/conformance.test.ts has the one test that says so.
if (HAVE_EXPECTED)
  describe("network conformance setup", () => {
    test("every asyncio_tcp_* and asyncio_tls_* test has an app and every app an expected output", () => {
      expect(unmatched(APPS_DIR, TESTS.concat(TLS_TESTS))).toEqual([[], []]);
      if (HAVE_EXPECTED) expect(TLS_TESTS.length).toBe(4);
    });
  });

declare_runs(TESTS.concat(TLS_TESTS), runsOf, runName, (test_, run) => results[test_] && results[test_][runName(run)]);

// Where TLS cannot be had, a clear error before any socket is made.
test("TLS on the sim board raises NotImplementedError", () => {
  require("../hal/sim");
  const asyncio = require("../src/asyncio/index");
  const ssl = require("../src/ssl/index");
  asyncio.new_event_loop();
  const seen: string[] = [];
  async function main() {
    const server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER);
    for (const f of [
      () => asyncio.open_connection("127.0.0.1", 8000, true),
      () => asyncio.start_server(() => null, "127.0.0.1", 8000, 5, server),
    ]) {
      try {
        await f();
      } catch (e) {
        seen.push(String(e));
      }
    }
  }
  asyncio.run(main());
  const why = "NotImplementedError: the sim board has no TLS: its network is in memory, in virtual time, and it will not fake encryption";
  expect(seen).toEqual([why, why]);
});
