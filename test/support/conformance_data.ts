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
