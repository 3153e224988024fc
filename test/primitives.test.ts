// The primitives module (Delay_ms, Pushbutton: Peter Hinch's micropython-async helpers) on the
// sim board, in virtual time: Delay_ms's behaviours as exact output on every engine, and the
// pushbutton example's gestures from scripted pin changes (with contact bounce), with the
// LEDs' exact timings from the pin trace.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const { runOn } = require("../tools/engines.js");
const { runSim } = require("../tools/run-sim.js");
import { simBundle as simBundleIn, pulses } from "./support/sim";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-primitives-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const simBundle = (app: string, target: string) => simBundleIn(tmp, app, target, true);

const DELAY_EXPECTED = `-- ends after its duration; the callback gets its args; wait() returns
0: running false
0: running true true
300: ended x 2
300: wait returned, running false
-- a retrigger moves the end later
500: ended x 2
500: after wait
-- a shorter duration brings the end forward
150: ended x 2
1100: still running false
-- stop(): no callback, running() false; a new trigger starts again
600: running false
700: ended x 2
-- an async callback runs as a task: rvalue() is it
100: async callback starts
150: async callback ends
150: rvalue is a Task true -> 42
-- the callback can trigger it again
100: tick 1
200: tick 2
300: tick 3
1000: ticks 3 running false
-- callback() replaces the callback; trigger(0) takes the default duration
100: new callback ok
`;

// The four CI engines, and Espruino's Linux build where ESPRUINO_BIN names one.
const RUNS: [string, string][] = [
  ["node", "es2016"],
  ["node", "es5"],
  ["duk", "es5"],
  ["quickjs", "es2016"],
];
if (process.env.ESPRUINO_BIN) RUNS.push(["espruino", "es5"]);

describe("Delay_ms", () => {
  test.each(RUNS)("its behaviours in virtual time (%s, %s)", (engine, target) =>
    simBundle("test/primitives/delay_ms.ts", target)
      .then((f) => runOn(engine, f, { timeoutMs: 20000 }))
      .then((r: any) => {
        expect({ stdout: r.stdout, code: r.code }).toEqual({ stdout: DELAY_EXPECTED, code: 0 });
      }),
  );
});

describe("Pushbutton (examples/pushbutton.ts)", () => {
  // A click (with contact bounce on both edges), a long press, a double click, then nothing.
  const script = (require("./support/pushbutton_gestures.json") as [number, number][]).map(([at, level]) => ({ pin: "BTN", at, level }));
  test.each(["es2016", "es5"])("click, long press, double click, idle timeout (%s)", (target) =>
    simBundle("examples/pushbutton.ts", target).then((f) => {
      const res = runSim(f, { script });
      expect(res.error).toBeNull();
      // The click is reported when the double-click time (400 ms) has passed without a second
      // click (suppress: true); the long press after 1 s held; LED(1) goes off 10 s after the
      // last click.
      expect(res.stdout).toBe(
        "1400 ms: click: LED(1) on\n3000 ms: long press: LED(1) off\n4200 ms: double click\n11400 ms: idle: LED(1) off\n",
      );
      expect(pulses(res.trace, "LED1")).toEqual([[1_400_000, 3_000_000]]);
      expect(pulses(res.trace, "LED2")).toEqual([
        [4_200_000, 4_300_000],
        [4_400_000, 4_500_000],
        [4_600_000, 4_700_000],
      ]);
    }),
  );
});

describe("Pushbutton with Events, without suppress, and deinit()", () => {
  const press = (at: number, until: number) => [
    { pin: "BTN", at, level: 1 },
    { pin: "BTN", at: until, level: 0 },
  ];
  const script = [...press(1000, 1200), ...press(2000, 3300), ...press(3500, 3550), ...press(3700, 3750), ...press(4500, 4600)];
  test.each(["es2016", "es5"])("every gesture sets its Event; nothing after deinit (%s)", (target) =>
    simBundle("test/primitives/pushbutton_events.ts", target).then((f) => {
      const res = runSim(f, { script });
      expect(res.error).toBeNull();
      expect(res.stdout).toBe(
        [
          "1000: press",
          "1050: state while held: true, raw true",
          "1200: release",
          "2000: press",
          "3000: long",
          "3300: release",
          "3500: press",
          "3550: release",
          "3700: press",
          "3700: double",
          "3750: release",
          "4000: deinit",
          "",
        ].join("\n"),
      );
    }),
  );
});
