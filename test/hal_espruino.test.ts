// hal/espruino.ts on a fake Espruino 2v29 (test/support/fake_engines.ts): ticks from getTime(),
// one re-armed timer, machine.Pin and pyb.LED through pinMode/digitalWrite/setWatch on the real
// board maps (boards/esp32.json, boards/espruino-pico.json), and a pin IRQ waking a task.
// Test functions are synchronous (see jest.config.js); the fake event loop runs in engine.run().
import { FakeEspruino, load_runtime, irq_wakes_flag, run_three_tasks, type Runtime } from "./support/fake_engines";
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

const PICO_PINS = ["LED1", "LED2", "BTN1", "A0", "A1", "A5", "B3", "B4", "C13"];
const ESP32_PINS = Array.from({ length: 40 }, (_, i) => "D" + i); // no LED1/BTN1

let engine: FakeEspruino;
let rt: Runtime;
let out: string[];
const log = (...a: any[]) => out.push(a.map(String).join(" "));

function esp32(time0?: number): void {
  engine = new FakeEspruino({ pins: ESP32_PINS, esp32: true, time0 });
  rt = load_runtime("espruino", "esp32", engine);
}

function espruino_pico(): void {
  engine = new FakeEspruino({ pins: PICO_PINS });
  rt = load_runtime("espruino", "espruino-pico", engine);
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
    esp32();
    expect(rt.driver.driver).toBe(rt.hal);
    expect(rt.hal.name).toBe("espruino");
  });

  test("ticks_ms/ticks_us are getTime() in ms/us, wrapped to 2^30", () => {
    // getTime() after setTime() (the IDE sets the epoch time on connect): far past 2^30 ms.
    const t0 = 1795546581.375;
    esp32(t0);
    expect(rt.time.ticks_ms()).toBe(Math.floor(t0 * 1000) % TICKS_PERIOD);
    expect(rt.time.ticks_us()).toBe(Math.floor(t0 * 1e6) % TICKS_PERIOD);
    engine.run(250);
    expect(rt.time.ticks_ms()).toBe(Math.floor((t0 + 0.25) * 1000) % TICKS_PERIOD);
    expect(rt.time.ticks_us()).toBe(Math.floor((t0 + 0.25) * 1e6) % TICKS_PERIOD);
  });

  test("ticks_ms wraps from 2^30 - 1 to 0 and ticks_diff sees the small step", () => {
    esp32((TICKS_PERIOD - 12) / 1000 + 0.0005); // 11.5 ms before the wrap
    const a = rt.time.ticks_ms();
    expect(a).toBe(TICKS_MAX - 11);
    engine.run(11);
    expect(rt.time.ticks_ms()).toBe(TICKS_MAX);
    engine.run(1);
    expect(rt.time.ticks_ms()).toBe(0);
    engine.run(20);
    const b = rt.time.ticks_ms();
    expect(b).toBe(20);
    expect(rt.time.ticks_diff(b, a)).toBe(32);
    // microseconds wrap every 2^30 us (about 18 minutes)
    const us = rt.time.ticks_us();
    expect(us).toBeGreaterThanOrEqual(0);
    expect(us).toBeLessThan(TICKS_PERIOD);
  });

  test("sleep_ms busy-waits on getTime()", () => {
    esp32();
    engine.drift_us = 50; // time passes while the loop spins
    const a = rt.time.ticks_us();
    rt.time.sleep_ms(3);
    const waited = rt.time.ticks_diff(rt.time.ticks_us(), a);
    expect(waited).toBeGreaterThanOrEqual(3000);
    expect(waited).toBeLessThan(3200);
  });
});

describe("arm: one re-armed timer", () => {
  test("re-arming replaces the pending timer; dt < 0 disarms", () => {
    esp32();
    const hal = rt.hal;
    hal.arm(10, () => log("p1", engine.now_ms()));
    hal.arm(30, () => log("p2", engine.now_ms()));
    expect(engine.pending_timers()).toBe(1);
    engine.run(50);
    expect(out).toEqual(["p2 30"]);
    expect(engine.pending_timers()).toBe(0);
    hal.arm(5, () => log("p3"));
    hal.arm(-1, () => log("p4"));
    expect(engine.pending_timers()).toBe(0);
    engine.run(50);
    expect(out).toEqual(["p2 30"]);
    expect(engine.max_timers).toBe(1);
  });

  test("a pump that re-arms from inside its own timer", () => {
    esp32();
    let n = 0;
    function pump(): void {
      log("pump", engine.now_ms());
      if (++n < 3) rt.hal.arm(n * 10, pump);
    }
    rt.hal.arm(0, pump);
    engine.run(100);
    expect(out).toEqual(["pump 0", "pump 10", "pump 30"]);
    expect(engine.max_timers).toBe(1);
  });

  test("asyncio.run returns at once; the timer drives the tasks with at most one timer", () => {
    esp32();
    const { out, task } = run_three_tasks(rt, engine);
    expect(out).toEqual(["run returned", "b 20", "a 30", "b 40", "a 60", "b 60", "a 90", "main done 110"]);
    expect(task.done()).toBe(true);
    expect(task.data).toBe(42);
    expect(engine.max_timers).toBe(1);
    expect(engine.pending_timers()).toBe(0);
  });
});

describe("machine.Pin on the esp32 board", () => {
  test("setup, write, read and toggle through pinMode/digitalWrite/digitalRead", () => {
    esp32();
    const { Pin } = rt.machine;
    const led = Pin("LED", Pin.OUT); // board pin name -> D2
    expect(engine.calls).toEqual(["pinMode D2 output"]);
    led.value(1);
    expect(engine.level("D2")).toBe(1);
    expect(led.value()).toBe(1);
    led.toggle();
    expect(engine.level("D2")).toBe(0);
    led.on();
    led.off();
    expect(engine.calls).toEqual(["pinMode D2 output", ...[1, 0, 1, 0].map((v) => `digitalWrite D2 ${v}`)]);

    engine.calls = [];
    const p = Pin(4, Pin.OUT, null, 1); // numbers are D<n>; the level is set before...
    expect(engine.calls).toEqual(["pinMode D4 output", "digitalWrite D4 1"]);
    expect(String(p)).toBe("Pin(4)");
    engine.calls = [];
    Pin("D15", Pin.IN, Pin.PULL_DOWN);
    Pin(engine.pins.D16, Pin.OPEN_DRAIN, Pin.PULL_UP); // an Espruino Pin object
    Pin("D17", Pin.OPEN_DRAIN);
    expect(engine.calls).toEqual(["pinMode D15 input_pulldown", "pinMode D16 opendrain_pullup", "pinMode D17 opendrain"]);
  });

  test("inputs read the pin; init() without a pull keeps the current one", () => {
    esp32();
    const { Pin } = rt.machine;
    const b = Pin("BOOT", Pin.IN, Pin.PULL_UP); // D0
    expect(b.value()).toBe(1);
    engine.drive("D0", 0);
    expect(b.value()).toBe(0);
    engine.drive("D0", -1);
    b.init(Pin.IN);
    expect(engine.calls).toEqual(["pinMode D0 input_pullup", "pinMode D0 input_pullup"]);
    expect(b.value()).toBe(1);
  });

  test("irq: setWatch with the edge and debounce, the handler gets the Pin; irq(None) clears it", () => {
    esp32();
    const { Pin } = rt.machine;
    const b = Pin("BOOT", Pin.IN, Pin.PULL_UP);
    b.irq((p) => log("falling", p === b, engine.now_ms()), Pin.IRQ_FALLING, { debounce: 20 });
    const c = Pin(5, Pin.IN);
    c.irq((p) => log("change", p.value(), engine.now_ms()));
    expect(engine.calls.slice(1)).toEqual([
      "setWatch D0 falling debounce=20 repeat=true",
      "pinMode D5 input",
      "setWatch D5 both debounce=0 repeat=true",
    ]);
    engine.at(10, () => engine.drive("D0", 0));
    engine.at(15, () => engine.drive("D0", 1)); // bouncing: reported 20 ms after it settles
    engine.at(18, () => engine.drive("D0", 0));
    engine.at(60, () => engine.drive("D0", 1));
    engine.at(100, () => engine.drive("D0", 0));
    engine.at(70, () => engine.drive("D5", 1));
    engine.at(80, () => engine.drive("D5", 0));
    engine.run(130);
    expect(out).toEqual(["falling true 38", "change 1 70", "change 0 80", "falling true 120"]);
    engine.calls = [];
    b.irq(null);
    c.irq(null);
    expect(engine.calls).toEqual(["clearWatch 1", "clearWatch 2"]);
    engine.at(150, () => engine.drive("D0", 1));
    engine.at(160, () => engine.drive("D0", 0));
    engine.at(170, () => engine.drive("D5", 1));
    engine.run(100);
    expect(out.length).toBe(4);
  });

  test("Gpio.watch passes the level from the event's state", () => {
    esp32();
    const g = rt.hal.gpio;
    const { IRQ_RISING, IRQ_FALLING } = rt.machine.Pin;
    for (const [pin, edges] of [
      ["D20", IRQ_RISING],
      ["D21", IRQ_FALLING],
      ["D22", IRQ_RISING | IRQ_FALLING],
    ] as const) {
      const p = g.pin(pin);
      g.setup(p, rt.machine.Pin.IN, -1);
      g.watch(p, edges, (level: number) => log(pin, level, engine.now_ms()), 0);
      engine.at(10, () => engine.drive(pin, 1));
      engine.at(20, () => engine.drive(pin, 0));
    }
    engine.run(30);
    expect(out).toEqual(["D20 1 10", "D22 1 10", "D21 0 20", "D22 0 20"]);
  });

  test("unknown pins are ValueError and touch nothing", () => {
    esp32();
    const { Pin } = rt.machine;
    expect_value_error(() => Pin("LED1", Pin.OUT), /invalid pin: LED1 \(the esp32 board has LED, BOOT/);
    expect_value_error(() => Pin(40, Pin.OUT));
    expect_value_error(() => Pin(-1));
    expect_value_error(() => Pin(2.5));
    expect_value_error(() => Pin("console")); // a global, but no Pin
    expect_value_error(() => Pin("getTime"));
    expect_value_error(() => Pin(null));
    expect_value_error(() => Pin({ pin: "X9" }), /invalid pin: X9/);
    expect(engine.calls).toEqual([]);
  });
});

describe("pyb.LED on each board's LED map", () => {
  test("esp32: LED(1) is D2, LED(2) is D4; intensity uses the hardware PWM", () => {
    esp32();
    const { LED } = rt.pyb;
    const l1 = LED(1);
    const l2 = LED(2);
    expect(engine.calls).toEqual(["pinMode D2 output", "digitalWrite D2 0", "pinMode D4 output", "digitalWrite D4 0"]);
    engine.calls = [];
    l1.on();
    l2.toggle();
    expect(engine.level("D2")).toBe(1);
    expect(engine.level("D4")).toBe(1);
    l2.off();
    expect(engine.level("D4")).toBe(0);
    l1.intensity(51);
    expect(l1.intensity()).toBe(51);
    // back to plain on/off: pinMode first, or the PWM would go on
    l1.off();
    expect(engine.level("D2")).toBe(0);
    expect(engine.calls).toEqual([
      "digitalWrite D2 1",
      "digitalWrite D4 1",
      "digitalWrite D4 0",
      'analogWrite D2 0.2 {"freq":200}',
      "pinMode D2 output",
      "digitalWrite D2 0",
    ]);
    expect_value_error(() => LED(3), /LED\(3\) doesn't exist \(this board has 2\)/);
    engine.calls = [];
    // A wrong type is a TypeError, as MicroPython's int argument, and touches nothing.
    expect(() => (LED as any)("1")).toThrow(new TypeError("can't convert string to int"));
    expect(() => LED(1.5)).toThrow(new TypeError("can't convert float to int"));
    expect(engine.calls).toEqual([]);
  });

  test("espruino-pico: LED(1)/LED(2) are LED1/LED2 (software PWM allowed), BTN is BTN1", () => {
    espruino_pico();
    const { LED } = rt.pyb;
    const { Pin } = rt.machine;
    const red = LED(1);
    const green = LED(2);
    red.on();
    green.intensity(128);
    expect(engine.level("LED1")).toBe(1);
    green.on();
    expect(engine.level("LED2")).toBe(1);
    expect(engine.calls).toEqual([
      "pinMode LED1 output",
      "digitalWrite LED1 0",
      "pinMode LED2 output",
      "digitalWrite LED2 0",
      "digitalWrite LED1 1",
      'analogWrite LED2 0.502 {"freq":200,"soft":true}',
      "pinMode LED2 output",
      "digitalWrite LED2 1",
    ]);
    engine.calls = [];
    const btn = Pin("BTN", Pin.IN, Pin.PULL_DOWN);
    Pin("A5", Pin.OUT);
    expect(engine.calls).toEqual(["pinMode BTN1 input_pulldown", "pinMode A5 output"]);
    expect(btn.value()).toBe(0);
    engine.drive("BTN1", 1);
    expect(btn.value()).toBe(1);
    engine.calls = [];
    expect_value_error(() => Pin("D2")); // no D pins on the Pico
    expect_value_error(() => Pin(2));
    expect(engine.calls).toEqual([]);
  });
});

describe("an IRQ wakes a task through ThreadSafeFlag", () => {
  test("setWatch callback -> flag.set() -> the waiting task runs from the armed timer", () => {
    esp32();
    const { out, task } = irq_wakes_flag(rt, engine, "BOOT", "D0");
    expect(out).toEqual(["run returned", "wait", "irq 30", "woken 30", "wait", "main slept 100", "irq 150", "woken 150", "main done 150"]);
    expect(task.done()).toBe(true);
    expect(engine.max_timers).toBe(1);
    expect(engine.pending_timers()).toBe(0); // the loop disarmed when main finished
  });
});

describe("the minified bundle on the fake engine", () => {
  test.each([
    ["esp32", "BOOT", "D0", "D2", "D4"],
    ["espruino-pico", "BTN", "BTN1", "LED1", "LED2"],
  ])("%s", (board, btn, btn_pin, led1, led2) => {
    engine = new FakeEspruino(board === "esp32" ? { pins: ESP32_PINS, esp32: true } : { pins: PICO_PINS });
    return run_bundle(board, btn, engine, () => {
      engine.at(500, () => engine.drive(btn_pin, 0));
      engine.run(1000);
      expect(out).toEqual(["started", "ValueError", "blinked 400", "pressed 500", "done 500"]);
      const writes = (pin: string) => engine.calls.filter((c) => c.endsWith(" " + pin) || c.indexOf(" " + pin + " ") > 0);
      expect(writes(led1)).toEqual([`pinMode ${led1} output`, ...[0, 1, 0, 1, 0].map((v) => `digitalWrite ${led1} ${v}`)]);
      expect(writes(led2)).toEqual([`pinMode ${led2} output`, ...[0, 1, 0].map((v) => `digitalWrite ${led2} ${v}`)]);
      expect(writes(btn_pin)).toEqual([`pinMode ${btn_pin} input_pullup`, `setWatch ${btn_pin} falling debounce=0 repeat=true`]);
      expect(engine.max_timers).toBe(1);
      expect(engine.pending_timers()).toBe(0);
    });
  });
});
