// hal/kaluma.ts on a fake Kaluma 1.2 (test/support/fake_engines.ts): ticks from millis()/micros(),
// one re-armed timer (ids from 0, delay required), machine.Pin and pyb.LED through pinMode,
// digitalWrite and the POLLED setWatch on the real board maps (boards/pico.json, pico-w.json,
// pico2.json; the Pico W's LED on the wireless chip), and a pin IRQ waking a task.
// Test functions are synchronous (see jest.config.js); the fake event loop runs in engine.run().
import { FakeKaluma, KALUMA, load_runtime, irq_wakes_flag, run_three_tasks, type Runtime } from "./support/fake_engines";
import { TICKS_PERIOD, TICKS_MAX } from "../src/time/ticks";
import { BUNDLE_APP } from "./support/fake_engines";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vm from "vm";
import { build } from "../tools/build";

/** Builds BUNDLE_APP for a board (minified, as flashed) and runs it on the engine in node's vm. */
function run_bundle(board: string, btn: string, e: { sandbox(c: any): any }, then: () => void): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-hal-test-"));
  const app = path.join(dir, "app.ts");
  fs.writeFileSync(app, BUNDLE_APP.replace("BTN_ID", btn));
  return build({ board, input: app, out: null }).then((r: any) => {
    fs.rmSync(dir, { recursive: true, force: true });
    vm.runInContext(r.code, vm.createContext(e.sandbox({ log })));
    then();
  });
}

let engine: FakeKaluma;
let rt: Runtime;
let out: string[];
const log = (...a: any[]) => out.push(a.map(String).join(" "));
const { INPUT, OUTPUT, INPUT_PULLUP, INPUT_PULLDOWN, RISING, FALLING, CHANGE } = KALUMA;

function boot(board: "pico" | "pico-w" | "pico2", micros0?: number): void {
  engine = new FakeKaluma({ micros0 });
  rt = load_runtime("kaluma", board, engine);
}

function expect_value_error(f: () => void, text?: RegExp): void {
  let err: any = null;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(rt.errors.ValueError);
  if (text) expect(String(err.message)).toMatch(text);
}

beforeEach(() => {
  out = [];
});

afterEach(() => {
  expect(engine.errors).toEqual([]);
  engine.uninstall();
});

describe("clock", () => {
  test("the driver installs itself", () => {
    boot("pico");
    expect(rt.driver.driver).toBe(rt.hal);
    expect(rt.hal.name).toBe("kaluma");
  });

  test("ticks_ms/ticks_us are millis()/micros() wrapped to 2^30, also past 2^32", () => {
    const us0 = 2 ** 32 * 1000 * 3 + (TICKS_PERIOD - 3) * 1000 + 250; // millis() past 2^32 too
    boot("pico", us0);
    expect(engine.millis()).toBeGreaterThan(2 ** 32);
    expect(rt.time.ticks_ms()).toBe(TICKS_MAX - 2);
    expect(rt.time.ticks_us()).toBe(us0 % TICKS_PERIOD);
    engine.run(2);
    expect(rt.time.ticks_ms()).toBe(TICKS_MAX);
    engine.run(1);
    expect(rt.time.ticks_ms()).toBe(0);
    engine.run(7);
    expect(rt.time.ticks_ms()).toBe(7);
    expect(rt.time.ticks_diff(rt.time.ticks_ms(), TICKS_MAX - 2)).toBe(10);
    expect(rt.time.ticks_us()).toBe((us0 + 10000) % TICKS_PERIOD);
  });

  test("ticks_us wraps every 2^30 us", () => {
    boot("pico", TICKS_PERIOD - 500);
    expect(rt.time.ticks_us()).toBe(TICKS_PERIOD - 500);
    engine.run(1);
    expect(rt.time.ticks_us()).toBe(500);
  });

  test("sleep_ms: delay() for whole ms, delayMicroseconds() for the rest", () => {
    boot("pico");
    const a = rt.time.ticks_us();
    rt.time.sleep_ms(2.5);
    expect(rt.time.ticks_diff(rt.time.ticks_us(), a)).toBe(2500);
    rt.time.sleep_us(300);
    expect(rt.time.ticks_diff(rt.time.ticks_us(), a)).toBe(2800);
  });
});

describe("arm: one re-armed timer", () => {
  test("re-arming replaces the pending timer (its id may be 0); dt < 0 disarms", () => {
    boot("pico");
    const hal = rt.hal;
    hal.arm(10, () => log("p1", engine.now_ms())); // timer id 0: must still be cleared
    hal.arm(30, () => log("p2", engine.now_ms()));
    expect(engine.pending_timers()).toBe(1);
    engine.run(50);
    expect(out).toEqual(["p2 30"]);
    hal.arm(5, () => log("p3"));
    hal.arm(-1, () => log("p4"));
    hal.arm(-1, () => log("p5")); // nothing armed: no clearTimeout(non-number), which throws
    expect(engine.pending_timers()).toBe(0);
    engine.run(50);
    expect(out).toEqual(["p2 30"]);
    expect(engine.max_timers).toBe(1);
  });

  test("asyncio.run returns at once; the timer drives the tasks with at most one timer", () => {
    boot("pico");
    const { out, task } = run_three_tasks(rt, engine);
    // Kaluma's setTimeout(0) fires in the next millisecond: the loop starts at 1 ms.
    expect(out).toEqual(["run returned", "b 21", "a 31", "b 41", "a 61", "b 61", "a 91", "main done 111"]);
    expect(task.done()).toBe(true);
    expect(task.data).toBe(42);
    expect(engine.max_timers).toBe(1);
    expect(engine.pending_timers()).toBe(0);
  });
});

describe("machine.Pin on the pico board", () => {
  test("setup, write, read and toggle through pinMode/digitalWrite/digitalRead", () => {
    boot("pico");
    const { Pin } = rt.machine;
    const led = Pin("LED", Pin.OUT); // board pin name -> 25
    expect(engine.calls).toEqual([`pinMode 25 ${OUTPUT}`]);
    led.value(1);
    expect(engine.level(25)).toBe(1);
    expect(led.value()).toBe(1);
    led.toggle();
    expect(engine.level(25)).toBe(0);
    expect(engine.calls).toEqual([`pinMode 25 ${OUTPUT}`, "digitalWrite 25 1", "digitalWrite 25 0"]);
    engine.calls = [];
    Pin(3, Pin.OUT, null, 1);
    Pin("GP15", Pin.IN, Pin.PULL_DOWN);
    Pin("GP7", Pin.IN);
    expect(engine.calls).toEqual([`pinMode 3 ${OUTPUT}`, "digitalWrite 3 1", `pinMode 15 ${INPUT_PULLDOWN}`, `pinMode 7 ${INPUT}`]);
    expect(engine.level(3)).toBe(1);
  });

  test("writing a pin nobody set up makes it an output (as on Espruino)", () => {
    boot("pico");
    const p = rt.machine.Pin(5);
    expect(engine.calls).toEqual([]);
    p.on();
    expect(engine.calls).toEqual(["digitalWrite 5 1", `pinMode 5 ${OUTPUT}`]);
    expect(engine.level(5)).toBe(1);
  });

  test("inputs read the pin; init() without a pull keeps the pull", () => {
    boot("pico");
    const { Pin } = rt.machine;
    const b = Pin("BTN", Pin.IN, Pin.PULL_UP); // 14
    expect(b.value()).toBe(1);
    engine.drive(14, 0);
    expect(b.value()).toBe(0);
    engine.drive(14, -1);
    b.init(Pin.IN);
    expect(b.value()).toBe(1);
    expect(engine.calls).toEqual([`pinMode 14 ${INPUT_PULLUP}`, `pinMode 14 ${INPUT_PULLUP}`]);
  });

  test("OPEN_DRAIN is emulated: 0 drives low, 1 lets go", () => {
    boot("pico");
    const { Pin } = rt.machine;
    const od = Pin(16, Pin.OPEN_DRAIN, Pin.PULL_UP);
    expect(engine.level(16)).toBe(1);
    od.value(0);
    expect(engine.level(16)).toBe(0);
    od.value(1);
    expect(engine.level(16)).toBe(1);
    engine.drive(16, 0); // another device pulls the line low
    expect(od.value()).toBe(0);
    expect(engine.calls).toEqual([`pinMode 16 ${INPUT_PULLUP}`, "digitalWrite 16 0", `pinMode 16 ${OUTPUT}`, `pinMode 16 ${INPUT_PULLUP}`]);
  });

  test("irq: the polled setWatch with edges, debounce and the level; irq(None) clears it, id 0 too", () => {
    boot("pico");
    const { Pin } = rt.machine;
    const b = Pin("BTN", Pin.IN, Pin.PULL_UP);
    b.irq((p) => log("falling", p === b, engine.now_ms()), Pin.IRQ_FALLING, { debounce: 20 });
    const r = Pin(10, Pin.IN);
    r.irq(() => log("rising", engine.now_ms()), Pin.IRQ_RISING);
    const c = Pin(11, Pin.IN);
    c.irq((p) => log("change", p.value(), engine.now_ms()));
    expect(engine.calls.filter((s) => s.startsWith("setWatch"))).toEqual([
      `setWatch 14 ${FALLING} 20`,
      `setWatch 10 ${RISING} 0`,
      `setWatch 11 ${CHANGE} 0`,
    ]);
    engine.at(10, () => engine.drive(14, 0));
    engine.at(15, () => engine.drive(14, 1)); // bouncing: reported 20 ms after it settles
    engine.at(18, () => engine.drive(14, 0));
    engine.at(50, () => engine.drive(10, 1));
    engine.at(60, () => engine.drive(10, 0));
    engine.at(70, () => engine.drive(11, 1));
    engine.at(80, () => engine.drive(11, 0));
    engine.run(100);
    expect(out).toEqual(["falling true 38", "rising 50", "change 1 70", "change 0 80"]);
    engine.calls = [];
    b.irq(null); // Kaluma's first handle: id 0
    r.irq(null);
    c.irq(null);
    expect(engine.calls).toEqual(["clearWatch 0", "clearWatch 1", "clearWatch 2"]);
    engine.at(150, () => engine.drive(14, 1));
    engine.at(160, () => engine.drive(14, 0));
    engine.at(170, () => engine.drive(10, 1));
    engine.run(100);
    expect(out.length).toBe(4);
  });

  test("Gpio.watch passes the level: 1 on rising, 0 on falling, the pin's level on both", () => {
    boot("pico");
    const g = rt.hal.gpio;
    const { IRQ_RISING, IRQ_FALLING } = rt.machine.Pin;
    for (const [pin, edges] of [
      [20, IRQ_RISING],
      [21, IRQ_FALLING],
      [22, IRQ_RISING | IRQ_FALLING],
    ]) {
      const p = g.pin(pin);
      g.setup(p, rt.machine.Pin.IN, -1);
      g.watch(p, edges, (level: number) => log(pin, level, engine.now_ms()), 0);
      engine.at(10, () => engine.drive(pin, 1));
      engine.at(20, () => engine.drive(pin, 0));
    }
    engine.run(30);
    expect(out).toEqual(["20 1 10", "22 1 10", "21 0 20", "22 0 20"]);
  });

  test("unknown pins are ValueError and touch nothing", () => {
    boot("pico");
    const { Pin } = rt.machine;
    expect_value_error(() => Pin(30, Pin.OUT), /invalid pin: 30 \(the pico board has LED, GP25, GP15, BTN/);
    expect_value_error(() => Pin(-1));
    expect_value_error(() => Pin(2.5));
    expect_value_error(() => Pin("GP40"));
    expect_value_error(() => Pin("D2"));
    expect_value_error(() => Pin("WL_GPIO0")); // not on the plain Pico
    expect_value_error(() => Pin("25"));
    expect_value_error(() => Pin(null));
    expect(engine.calls).toEqual([]);
  });
});

describe("pyb.LED on each board's LED map", () => {
  test.each(["pico", "pico2"] as const)("%s: LED(1) is GP25, LED(2) is GP15; intensity uses the pwm module", (board) => {
    boot(board);
    const { LED } = rt.pyb;
    const l1 = LED(1);
    const l2 = LED(2);
    expect(engine.calls).toEqual([`pinMode 25 ${OUTPUT}`, "digitalWrite 25 0", `pinMode 15 ${OUTPUT}`, "digitalWrite 15 0"]);
    engine.calls = [];
    l1.on();
    l2.toggle();
    expect(engine.level(25)).toBe(1);
    expect(engine.level(15)).toBe(1);
    l2.off();
    expect(engine.level(15)).toBe(0);
    l1.intensity(51);
    expect(engine.level(25)).toBe(1);
    // The pin stays PWM on Kaluma (digitalWrite would do nothing): on/off set the duty.
    l1.off();
    expect(engine.level(25)).toBe(0);
    l1.intensity(102);
    l1.on();
    expect(engine.level(25)).toBe(1);
    LED(1); // another LED object on the same pin: still PWM, set to off
    expect(engine.level(25)).toBe(0);
    expect(engine.calls).toEqual([
      "digitalWrite 25 1",
      "digitalWrite 15 1",
      "digitalWrite 15 0",
      "new PWM 25 1000 0.2",
      "PWM.start 25",
      "PWM.setDuty 25 0",
      "PWM.setDuty 25 0.4",
      "PWM.setDuty 25 1",
      "PWM.setDuty 25 0",
    ]);
    expect_value_error(() => rt.machine.Pin(25, rt.machine.Pin.IN), /PWM/);
    expect_value_error(() => LED(3));
  });

  test("pico-w: LED(1) is the wireless chip's GPIO 0 (PicoCYW43 made once), LED(2) is GP15", () => {
    boot("pico-w");
    const { LED } = rt.pyb;
    const { Pin } = rt.machine;
    const l1 = LED(1);
    expect(engine.cyw43_made).toBe(1);
    l1.on();
    expect(engine.wl[0]).toBe(true);
    l1.toggle();
    expect(engine.wl[0]).toBe(false);
    l1.intensity(100); // no PWM on the wireless chip: fully on
    expect(engine.wl[0]).toBe(true);
    const again = LED(1);
    expect(engine.wl[0]).toBe(false);
    again.on();
    const l2 = LED(2);
    l2.on();
    expect(engine.level(15)).toBe(1);
    // MicroPython's names for it work too
    const led = Pin("LED", Pin.OUT);
    led.off();
    Pin("WL_GPIO0").value(1);
    expect(engine.wl[0]).toBe(true);
    expect(engine.cyw43_made).toBe(1);
    expect(engine.calls).toEqual([
      "putGpio 0 false",
      "putGpio 0 true",
      "putGpio 0 false",
      "putGpio 0 true",
      "putGpio 0 false",
      "putGpio 0 true",
      `pinMode 15 ${OUTPUT}`,
      "digitalWrite 15 0",
      "digitalWrite 15 1",
      "putGpio 0 false",
      "putGpio 0 true",
    ]);
  });

  test("pico-w: GPIO 23, 24, 25 and 29 belong to the wireless chip", () => {
    boot("pico-w");
    const { Pin } = rt.machine;
    for (const n of [23, 24, 25, 29, "GP25", "WL_GPIO3"]) expect_value_error(() => Pin(n, Pin.OUT));
    expect_value_error(() => Pin("WL_GPIO0").irq(() => {}), /no irq/);
    expect(engine.calls).toEqual([]);
    expect(engine.cyw43_made).toBe(0);
    Pin(22, Pin.OUT);
    Pin(26, Pin.OUT);
    expect(engine.calls).toEqual([`pinMode 22 ${OUTPUT}`, `pinMode 26 ${OUTPUT}`]);
  });
});

describe("an IRQ wakes a task through ThreadSafeFlag", () => {
  test("polled setWatch callback -> flag.set() -> the waiting task runs from the armed timer", () => {
    boot("pico-w");
    const { out, task } = irq_wakes_flag(rt, engine, "BTN", 14);
    expect(out).toEqual([
      "run returned",
      "wait",
      "irq 30",
      "woken 31", // the loop runs from setTimeout(0): the next millisecond
      "wait",
      "main slept 101",
      "irq 150",
      "woken 151",
      "main done 151",
    ]);
    expect(task.done()).toBe(true);
    expect(engine.max_timers).toBe(1);
    expect(engine.pending_timers()).toBe(0);
  });
});

describe("the minified bundle on the fake engine", () => {
  test.each([
    ["pico", "BTN", 14, 25, 15],
    ["pico-w", "BTN", 14, -1, 15],
    ["pico2", "BTN", 14, 25, 15],
  ])("%s", (board, btn, btn_pin, led1, led2) => {
    engine = new FakeKaluma();
    return run_bundle(board, btn, engine, () => {
      engine.at(500, () => engine.drive(btn_pin, 0));
      engine.run(1000);
      expect(out).toEqual(["started", "ValueError", "blinked 401", "pressed 501", "done 501"]);
      const on = (pin: number) => engine.calls.filter((c) => c.split(" ")[1] === String(pin));
      if (led1 >= 0) {
        const levels = [0, 1, 0, 1, 0].map((v) => `digitalWrite ${led1} ${v}`);
        expect(on(led1)).toEqual([`pinMode ${led1} ${OUTPUT}`, ...levels]);
      } else {
        expect(engine.cyw43_made).toBe(1);
        const levels = [false, true, false, true, false].map((v) => `putGpio 0 ${v}`);
        expect(engine.calls.filter((c) => c.startsWith("putGpio"))).toEqual(levels);
      }
      expect(on(led2)).toEqual([`pinMode ${led2} ${OUTPUT}`, ...[0, 1, 0].map((v) => `digitalWrite ${led2} ${v}`)]);
      expect(on(btn_pin)).toEqual([`pinMode ${btn_pin} ${INPUT_PULLUP}`, `setWatch ${btn_pin} ${FALLING} 0`]);
      expect(engine.max_timers).toBe(1);
      expect(engine.pending_timers()).toBe(0);
    });
  });
});
