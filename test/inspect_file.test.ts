// asyncio.ps() and stats() on device boards come from a file of their own (src/asyncio/
// inspector.ts built apart: asyncio_inspect), which flash.sh puts on the board's storage and the
// bundle loads the first time either is called. Here the blink's bundle, minified as flashed,
// runs on the fake Espruino and Kaluma engines (test/support/fake_engines.ts) with and without
// that file in their storage.
//
// No `async` test functions here: see jest.config.js.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vm from "vm";
import { build } from "../tools/build";
import { FakeEspruino, FakeKaluma, type FakeEngine } from "./support/fake_engines";

const ROOT = path.resolve(__dirname, "..");
const BLINK = path.join(ROOT, "examples", "blink_forever.ts");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-inspect-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Where each engine's HAL looks for the file: a Storage file (Espruino), a littlefs path (Kaluma).
const BOARDS: [string, () => FakeEngine, string][] = [
  ["espruino-pico", () => new FakeEspruino({ pins: ["LED1", "LED2", "BTN1"] }), "asyncio_inspect"],
  ["pico", () => new FakeKaluma(), "/asyncio_inspect.js"],
];

const made: { [board: string]: any } = {};
beforeAll(() =>
  Promise.all(
    BOARDS.map(([board]) =>
      build({ board, input: BLINK, out: path.join(dir, board, "blink.js") }).then((r: any) => {
        made[board] = r;
      }),
    ),
  ),
);

/** Runs the bundle for 100 ms with `file` in the engine's storage; returns a REPL. */
function boot(board: string, file: string | null) {
  const [, make, name] = BOARDS.find((b) => b[0] === board)!;
  const engine = make();
  if (file !== null) engine.files[name] = file;
  const out: string[] = [];
  const ctx = vm.createContext(engine.sandbox({ log: (...a: any[]) => out.push(a.map(String).join(" ")) }));
  vm.runInContext(made[board].code, ctx);
  engine.run(100);
  const repl = (line: string) => {
    try {
      return vm.runInContext(line, ctx);
    } catch (e: any) {
      return `${e.name}: ${e.message}`;
    }
  };
  return { engine, out, repl };
}

describe.each(BOARDS.map((b) => b[0]))("%s", (board) => {
  test("the build writes asyncio_inspect.js beside the bundle; ps() and stats() are there, not in the bundle", () => {
    const r = made[board];
    expect(r.inspect.name).toBe("asyncio_inspect");
    expect(r.inspect.file).toBe(path.join(dir, board, "asyncio_inspect.js"));
    expect(fs.readFileSync(r.inspect.file, "utf8")).toBe(r.inspect.code);
    expect(r.inspect.code).toContain("task  state");
    expect(r.code).not.toContain("task  state");
    expect(r.code).not.toContain("waiting for ThreadSafeFlag");
  });

  test("with the file on the board: ps() and stats() load it at first use and answer", () => {
    const { engine, out, repl } = boot(board, made[board].inspect.code);
    expect(repl("asyncio.ps()")).toBeUndefined();
    expect(repl("JSON.stringify(asyncio.stats())")).toBe('{"switches":5,"tasks":3,"queued":2,"io_waits":0,"running":true}');
    engine.run(100);
    repl("asyncio.ps()");
    expect(out.join("\n").split("\n")).toEqual(
      board === "pico"
        ? [
            "task  state",
            "   1  waiting (Event or Lock)",
            "   2  sleeping, wakes in 606 ms",
            "   3  sleeping, wakes in 306 ms",
            "3 task(s), loop running, 5 switches",
            "task  state",
            "   1  waiting (Event or Lock)",
            "   2  sleeping, wakes in 506 ms",
            "   3  sleeping, wakes in 206 ms",
            "3 task(s), loop running, 5 switches",
          ]
        : [
            "task  state",
            "   1  waiting (Event or Lock)",
            "   2  sleeping, wakes in 605 ms",
            "   3  sleeping, wakes in 305 ms",
            "3 task(s), loop running, 5 switches",
            "task  state",
            "   1  waiting (Event or Lock)",
            "   2  sleeping, wakes in 505 ms",
            "   3  sleeping, wakes in 205 ms",
            "3 task(s), loop running, 5 switches",
          ],
    );
    expect(engine.errors).toEqual([]);
  });

  test("without the file: a RuntimeError that says what to do; the tasks keep running", () => {
    const { engine, repl } = boot(board, null);
    const msg = "RuntimeError: asyncio.ps() needs this build's asyncio_inspect on the board: flash the app with flash.sh";
    expect(repl("asyncio.ps()")).toBe(msg);
    expect(repl("asyncio.stats()")).toBe(msg);
    expect(repl("asyncio.tasks().length")).toBe(3); // (in the bundle)
    const calls = engine.calls.length;
    engine.run(1000);
    expect(engine.calls.length).toBeGreaterThan(calls); // the LEDs still blink
    expect(engine.errors).toEqual([]);
  });

  test("a file from another build of the runtime is refused, not used", () => {
    const other = made[board].inspect.code.replace(/"[0-9a-f]{10}"/, '"0123456789"');
    expect(other).not.toBe(made[board].inspect.code);
    const { repl } = boot(board, other);
    expect(repl("asyncio.ps()")).toMatch(/^RuntimeError: asyncio\.ps\(\) needs this build's asyncio_inspect/);
  });

  test("--repl none: no REPL globals, so no file and no loader", () =>
    build({ board, input: BLINK, out: path.join(dir, `${board}-none`, "blink.js"), repl: "none" }).then((r: any) => {
      expect(r.inspect).toBeNull();
      expect(fs.existsSync(path.join(dir, `${board}-none`, "asyncio_inspect.js"))).toBe(false);
      expect(r.code).not.toContain("asyncio_inspect");
    }));
});

test("host boards keep ps() and stats() in the bundle: no file", () =>
  build({ board: "host", input: BLINK, out: path.join(dir, "host", "blink.js") }).then((r: any) => {
    expect(r.inspect).toBeNull();
    expect(r.code).toContain("task  state");
  }));
