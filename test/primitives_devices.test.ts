// The pushbutton example (examples/pushbutton.ts: Pushbutton and Delay_ms) built for device
// boards as flashed (minified) and run on the fake Espruino and Kaluma engines
// (test/support/fake_engines.ts) through the real HALs: pin watches (Espruino's setWatch,
// Kaluma's polled one), the one re-armed timer, LED writes. The same scripted gestures as the
// sim-board test in test/primitives.test.ts, with the same outcome.
// Test functions are synchronous (see jest.config.js); the fake event loop runs in engine.run().
import * as path from "path";
import * as vm from "vm";
import { FakeEspruino, FakeKaluma, type FakeEngine } from "./support/fake_engines";
import { build } from "../tools/build";

const APP = path.join(__dirname, "..", "examples", "pushbutton.ts");

// A click (with contact bounce on both edges), a long press, a double click, then nothing:
// [ms, level] of the button (pressed = 1: the example's pin pulls down).
const SCRIPT: [number, number][] = require("./support/pushbutton_gestures.json");

function run(board: string, engine: FakeEngine, btn: any): Promise<string[]> {
  const out: string[] = [];
  const log = (...a: any[]) => out.push(a.map(String).join(" "));
  return build({ board, input: APP, out: null }).then((r: any) => {
    engine.at(0, () => engine.drive(btn, 0));
    for (const [ms, level] of SCRIPT) engine.at(ms, () => engine.drive(btn, level));
    vm.runInContext(r.code, vm.createContext(engine.sandbox({ log })));
    engine.run(21000);
    expect(engine.errors).toEqual([]);
    return out;
  });
}

// Kaluma wakes the loop from a pin watch with setTimeout(0), which fires in the next
// millisecond (hal/kaluma.ts, arm()): the button's task sees each edge 1 ms later, and every
// gesture it reports is 1 ms later than on the other boards.
test.each([
  ["esp32", () => new FakeEspruino({ pins: Array.from({ length: 40 }, (_, i) => "D" + i), esp32: true }), "D0", 0],
  ["espruino-pico", () => new FakeEspruino({ pins: ["LED1", "LED2", "BTN1", "A0", "B3"] }), "BTN1", 0],
  ["pico", () => new FakeKaluma(), 14, 1],
])("%s: click, long press, double click, idle timeout", (board, make, btn, late) =>
  run(board as string, (make as () => FakeEngine)(), btn).then((out) => {
    const at = (ms: number, what: string) => `${ms + (late as number)} ms: ${what}`;
    expect(out).toEqual([
      at(1400, "click: LED(1) on"),
      at(3000, "long press: LED(1) off"),
      at(4200, "double click"),
      at(11400, "idle: LED(1) off"),
    ]);
  }),
);
