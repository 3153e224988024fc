// Where MicroPython's expected test outputs are. They are MicroPython's data, so they stay out
// of this repository: the suite reads them from ../shared/conformance/expected beside the
// checkout (the steering repository's shared/ folder), or from CONFORMANCE_EXPECTED=<dir>.
// Without them the conformance files register ONE failing test saying so, not a test per case.
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

export const EXPECTED_DIR = process.env.CONFORMANCE_EXPECTED
  ? path.resolve(process.env.CONFORMANCE_EXPECTED)
  : path.resolve(ROOT, "..", "shared", "conformance", "expected");

export const HAVE_EXPECTED = fs.existsSync(EXPECTED_DIR) && fs.readdirSync(EXPECTED_DIR).some((f) => f.endsWith(".exp"));

export const MISSING_TITLE = "MicroPython's expected outputs are present (../shared/conformance/expected, or CONFORMANCE_EXPECTED=<dir>)";

export const MISSING_MESSAGE =
  `no MicroPython expected outputs (*.exp) in ${EXPECTED_DIR}, so the conformance tests cannot run.\n` +
  `They are MicroPython's own data and are not in this repository. Put the project's shared/ folder beside\n` +
  `this checkout (so that ../shared/conformance/expected exists), or point the suite at a copy:\n` +
  `  CONFORMANCE_EXPECTED=/path/to/expected npm test`;

/** The .exp files matching re, without the extension, sorted. */
export function listExpected(re: RegExp): string[] {
  if (!HAVE_EXPECTED) return [];
  return fs
    .readdirSync(EXPECTED_DIR)
    .filter((f) => re.test(f))
    .map((f) => f.slice(0, -4))
    .sort();
}

// What both conformance suites (test/conformance.test.ts, test/net_conformance.test.ts) share.

/** The apps (*.ts in dir, without the extension) against the tests: [tests without an app, apps without a test]. */
export function unmatched(dir: string, tests: string[]): [string[], string[]] {
  const apps = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.slice(0, -3));
  return [tests.filter((t) => apps.indexOf(t) < 0), apps.filter((a) => tests.indexOf(a) < 0)];
}

/**
 * Builds input for board/target (minified, as devices run it) and writes it to out atomically
 * (a rename), so a concurrent jest run never executes a half-written file. Resolves to out.
 */
export function build_app(board: string, target: string, input: string, out: string): Promise<string> {
  const { build } = require("../../tools/build.js");
  return Promise.resolve(build({ board, target, input, out: null, minify: true })).then((r: any) => {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, r.code);
    fs.renameSync(tmp, out);
    return out;
  });
}

/**
 * One jest test per test and run, named by the run. why(test, run) says why the run did not
 * pass (null: it passed; undefined: it never ran); a run with a known difference (known()
 * gives its reason) is expected to fail (test.failing), so fixing it makes the suite say so.
 */
export function declare_runs<R>(
  tests: string[],
  runsOf: (test: string) => R[],
  name: (run: R) => string,
  why: (test: string, run: R) => string | null | undefined,
  known: (test: string, run: R) => string | null = () => null,
): void {
  for (const t of tests) {
    describe(t, () => {
      for (const run of runsOf(t)) {
        const body = () => {
          const w = why(t, run);
          if (w === undefined) throw new Error("not run (the build and run step failed early)");
          if (w !== null) throw new Error(`${t} on ${name(run)}: ${w}`);
        };
        const k = known(t, run);
        if (k) test.failing(`${name(run)} (known difference: ${k})`, body);
        else test(name(run), body);
      }
    });
  }
}
