// The host board: real time, run() returns at once and Node's event loop drives the scheduler
// through one timer. Tasks are thenable; coroutines may await Promises; ThreadSafeFlag and
// Event wake a waiting task when set from plain callbacks outside any task.
import { host } from "../hal/host";
import * as asyncio from "../src/asyncio/index";

beforeEach(() => {
  asyncio.new_event_loop();
  asyncio.Loop.set_exception_handler(null);
});

test("run() returns the main Task at once; task.then() gets its value", () => {
  const log: string[] = [];
  async function main() {
    log.push("main start");
    await asyncio.sleep_ms(20);
    return 42;
  }
  const t = asyncio.run(main());
  log.push("run returned");
  expect(t).toBeInstanceOf(asyncio.Task);
  return t.then((v: number) => {
    expect(log).toEqual(["run returned", "main start"]);
    expect(v).toBe(42);
  });
});

test("a coroutine awaits a native Promise: resolved value, and rejection as an exception", () => {
  async function main() {
    const v = await new Promise((res) => setTimeout(() => res("resolved"), 10));
    let e: any = null;
    try {
      await Promise.reject(new asyncio.ValueError("nope"));
    } catch (er) {
      e = er;
    }
    return [v, String(e)];
  }
  return asyncio.run(main()).then((r: any) => expect(r).toEqual(["resolved", "ValueError: nope"]));
});

test("ThreadSafeFlag.set() and Event.set() from a timer callback wake the waiting tasks", () => {
  const flag = new asyncio.ThreadSafeFlag();
  const ev = new asyncio.Event();
  const t0 = Date.now();
  async function main() {
    setTimeout(() => flag.set(), 30);
    await flag.wait();
    const a = Date.now() - t0;
    setTimeout(() => ev.set(), 30);
    await ev.wait();
    return [a, Date.now() - t0];
  }
  return asyncio.run(main()).then(([a, b]: number[]) => {
    expect(a).toBeGreaterThanOrEqual(29);
    expect(a).toBeLessThan(1000);
    expect(b - a).toBeGreaterThanOrEqual(29);
  });
});

test("a failing main task rejects its then(), and cancelling a Promise waiter works", () => {
  const never = new Promise(() => {});
  async function waiter() {
    await never;
  }
  async function main() {
    const w = asyncio.create_task(waiter());
    await asyncio.sleep_ms(5);
    w.cancel();
    try {
      await w;
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
    }
    throw new asyncio.RuntimeError("main failed");
  }
  const seen: any[] = [];
  asyncio.get_event_loop().set_exception_handler((_l, ctx) => seen.push(String(ctx.exception)));
  const t = asyncio.run(main());
  return t.then(
    () => {
      throw new Error("should have failed");
    },
    (e: any) => {
      expect(String(e)).toBe("RuntimeError: main failed");
      expect(seen).toEqual([]); // retrieved by then(): not reported
      expect(host.name).toBe("host");
    },
  );
});

test("the loop stops when main finishes; leftover tasks stay queued until the next run()", () => {
  const log: string[] = [];
  async function bg() {
    await asyncio.sleep_ms(30);
    log.push("bg");
  }
  async function main() {
    asyncio.create_task(bg());
    await asyncio.sleep_ms(5);
    log.push("main done");
  }
  async function main2() {
    await asyncio.sleep_ms(60);
    log.push("main2 done");
  }
  return asyncio
    .run(main())
    .then(() => new Promise((res) => setTimeout(res, 60)))
    .then(() => {
      expect(log).toEqual(["main done"]);
      expect(asyncio.stats().running).toBe(false);
      return asyncio.run(main2());
    })
    .then(() => expect(log).toEqual(["main done", "bg", "main2 done"]));
});

test("the REPL's asyncio global has every name of the asyncio module (board with a network)", () => {
  require("../src/runtime/globals");
  const g: any = globalThis as any;
  const mod = require("../src/asyncio/index");
  expect(Object.keys(g.asyncio).sort()).toEqual(Object.keys(mod).filter((k) => k !== "__esModule").sort());
  for (const k of Object.keys(g.asyncio)) expect(g.asyncio[k]).toBe(mod[k]);
  expect(g.machine.Pin).toBe(require("../src/machine/index").Pin);
});
