// Beyond MicroPython: the primitives it lacks (Queue, Semaphore...), with CPython 3.11's
// semantics. Each test/cpython/<name>.py is a CPython program, and <name>.exp what CPython
// 3.11 printed for it (regenerate: python3.11 test/cpython/<name>.py > test/cpython/<name>.exp;
// CPython is not needed to run this suite). apps/<name>.ts is its port: built for the sim
// board (minified, as devices run it) and run on the four engines, it must print exactly the
// same. Test functions are synchronous (see jest.config.js); the work happens in beforeAll.
import * as fs from "fs";
import * as path from "path";

const { build } = require("../tools/build.js");
const { runOn } = require("../tools/engines.js");

const DIR = path.join(__dirname, "cpython");
const OUT = path.join(__dirname, "..", "dist", "cpython");
const RUNS: [string, "es5" | "es2016"][] = [
  ["node", "es2016"],
  ["node", "es5"],
  ["duk", "es5"],
  ["quickjs", "es2016"],
];
// And Espruino's Linux build where ESPRUINO_BIN names one (not in CI).
if (process.env.ESPRUINO_BIN) RUNS.push(["espruino", "es5"]);
const TESTS = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".exp"))
  .map((f) => f.slice(0, -4))
  .sort();

const got: Record<string, any> = {};

beforeAll(() => {
  let chain: Promise<any> = Promise.resolve();
  for (const test of TESTS) {
    for (const target of ["es2016", "es5"] as const) {
      const out = path.join(OUT, target, `${test}.js`);
      chain = chain.then(() => build({ board: "sim", target, input: path.join(DIR, "apps", `${test}.ts`), out, minify: true }));
    }
  }
  return chain.then(() =>
    Promise.all(
      TESTS.flatMap((test) =>
        RUNS.map(([engine, target]) =>
          runOn(engine, path.join(OUT, target, `${test}.js`), { timeoutMs: 10000 }).then((r: any) => {
            got[`${test} ${engine}/${target}`] = r;
          }),
        ),
      ),
    ),
  );
}, 600000);

test("every CPython program has its port", () => {
  expect(TESTS).toEqual([
    "condition",
    "queue",
    "semaphore",
    "taskgroup",
    "test_barriers",
    "test_conditions",
    "test_queues",
    "test_semaphores",
    "test_taskgroups",
    "test_timeouts",
    "timeout",
  ]);
  for (const t of TESTS) expect(fs.existsSync(path.join(DIR, "apps", `${t}.ts`))).toBe(true);
});

for (const name of TESTS) {
  describe(name, () => {
    for (const [engine, target] of RUNS) {
      test(`${engine}/${target} prints what CPython 3.11 prints`, () => {
        const r = got[`${name} ${engine}/${target}`];
        expect(r.stderr).toBe("");
        expect(r.stdout.replace(/\n$/, "")).toBe(fs.readFileSync(path.join(DIR, `${name}.exp`), "utf8").replace(/\n$/, ""));
        expect(r.code).toBe(0);
      });
    }
  });
}
