// Scheduler behaviour on the sim board (virtual time, blocking run()). Test functions are
// synchronous: in test files `async function` is compiled by our own helpers into lazy
// coroutines, which is exactly what these tests feed to the scheduler.
import { sim } from "../hal/sim";
import * as asyncio from "../src/asyncio/index";

let out: string[] = [];
const log = (...a: any[]) => out.push(a.map(String).join(" "));
const now = () => sim.elapsed_ms();

beforeEach(() => {
  out = [];
  sim.reset(0);
  asyncio.new_event_loop();
  asyncio.Loop.set_exception_handler(null);
});

describe("run and virtual time", () => {
  test("run() returns main's value and the clock jumps to each deadline exactly", () => {
    async function main() {
      await asyncio.sleep_ms(10);
      log("a", now());
      await asyncio.sleep(1.5);
      log("b", now());
      await asyncio.sleep(-3);
      log("c", now());
      return 7;
    }
    expect(asyncio.run(main())).toBe(7);
    expect(out).toEqual(["a 10", "b 1510", "c 1510"]);
  });

  test("the wake tick is computed when sleep_ms() is called, not when awaited", () => {
    async function main() {
      const s = asyncio.sleep_ms(100);
      await asyncio.sleep_ms(0); // replaces the singleton's deadline, as in MicroPython
      log("0", now());
      const s2 = asyncio.sleep_ms(100);
      time_passes(40);
      await s2;
      log("1", now());
      return s;
    }
    function time_passes(ms: number) {
      sim.sleep_ms(ms); // blocking time.sleep_ms equivalent
    }
    asyncio.run(main());
    expect(out).toEqual(["0 0", "1 100"]);
  });

  test("deadlines across the 2^30 tick wrap keep their order", () => {
    sim.reset(0x40000000 - 50);
    async function t(ms: number) {
      await asyncio.sleep_ms(ms);
      log(ms, now());
    }
    async function main() {
      asyncio.create_task(t(80));
      asyncio.create_task(t(30));
      asyncio.create_task(t(60));
      await asyncio.sleep_ms(100);
    }
    asyncio.run(main());
    expect(out).toEqual(["30 30", "60 60", "80 80"]);
  });

  test("leftover tasks stay queued and run during the next run()", () => {
    async function bg() {
      log("bg start");
      await asyncio.sleep_ms(50);
      log("bg end", now());
    }
    async function main1() {
      asyncio.create_task(bg());
      await asyncio.sleep_ms(10);
    }
    async function main2() {
      await asyncio.sleep_ms(100);
      log("main2", now());
    }
    asyncio.run(main1());
    log("between", now());
    asyncio.run(main2());
    expect(out).toEqual(["bg start", "between 10", "bg end 50", "main2 110"]);
  });

  test("a 10,000-deep chain of awaited async calls runs without JS recursion", () => {
    async function deep(n: number): Promise<number> {
      if (n === 0) {
        await asyncio.sleep_ms(1);
        return 0;
      }
      return 1 + (await deep(n - 1));
    }
    expect(asyncio.run(deep(10000))).toBe(10000);
  });

  test("the main task's exception propagates out of run()", () => {
    async function main() {
      await asyncio.sleep_ms(1);
      throw new asyncio.ValueError("boom");
    }
    expect(() => asyncio.run(main())).toThrow("boom");
  });

  test("run_forever runs until stop(); a second stop() does nothing", () => {
    const loop = asyncio.get_event_loop();
    async function stopper() {
      await asyncio.sleep_ms(30);
      log("stop", now());
      loop.stop();
      loop.stop();
    }
    loop.create_task(stopper());
    loop.run_forever();
    expect(out).toEqual(["stop 30"]);
  });

  test("waiting for something that can never happen is an error, not a hang", () => {
    async function main() {
      await new asyncio.ThreadSafeFlag().wait();
    }
    expect(() => asyncio.run(main())).toThrow(asyncio.RuntimeError);
  });
});

describe("cancellation in every task state", () => {
  test("cancelled before it ever ran: the body never executes", () => {
    async function body() {
      log("never");
    }
    async function main() {
      const t = asyncio.create_task(body());
      expect(t.cancel()).toBe(true);
      expect(t.cancel()).toBe(true); // again before it runs: still true
      try {
        await t;
      } catch (e) {
        log(e instanceof asyncio.CancelledError, (e as any).args.length);
      }
      expect(t.done()).toBe(true);
      expect(t.cancel()).toBe(false);
    }
    asyncio.run(main());
    expect(out).toEqual(["true 0"]);
  });

  test("sleeping in the future: moved to now", () => {
    async function sleeper() {
      try {
        await asyncio.sleep(100);
      } catch (e) {
        log("cancelled at", now(), String(e));
        throw e;
      }
    }
    async function main() {
      const t = asyncio.create_task(sleeper());
      await asyncio.sleep_ms(5);
      t.cancel();
      await asyncio.sleep_ms(0);
      log("main", now(), t.done());
    }
    asyncio.run(main());
    expect(out).toEqual(["cancelled at 5 CancelledError", "main 5 true"]);
  });

  test("waiting on an Event, a Lock, a ThreadSafeFlag: unlinked, and the wait object still works", () => {
    const ev = new asyncio.Event();
    const lock = new asyncio.Lock();
    const flag = new asyncio.ThreadSafeFlag();
    async function waiter(name: string, aw: () => any) {
      try {
        await aw();
        log(name, "woke");
      } catch (e) {
        log(name, String(e));
      }
    }
    async function main() {
      await lock.acquire();
      const a = asyncio.create_task(waiter("event", () => ev.wait()));
      const b = asyncio.create_task(waiter("lock", () => lock.acquire()));
      const c = asyncio.create_task(waiter("flag", () => flag.wait()));
      const _d = asyncio.create_task(waiter("event2", () => ev.wait()));
      await asyncio.sleep_ms(1);
      a.cancel();
      b.cancel();
      c.cancel();
      await asyncio.sleep_ms(1);
      ev.set();
      lock.release();
      log("lock free", !lock.locked());
      flag.set();
      await asyncio.sleep_ms(1);
    }
    asyncio.run(main());
    expect(out).toEqual(["event CancelledError", "lock CancelledError", "flag CancelledError", "lock free true", "event2 woke"]);
  });

  test("cancelling a task that awaits another task cancels the awaited one", () => {
    async function inner() {
      try {
        await asyncio.sleep(10);
      } catch (e) {
        log("inner", String(e));
        throw e;
      }
    }
    async function outer(t: asyncio.Task) {
      try {
        await t;
      } catch (e) {
        log("outer", String(e));
      }
    }
    async function main() {
      const i = asyncio.create_task(inner());
      const o = asyncio.create_task(outer(i));
      await asyncio.sleep_ms(1);
      o.cancel();
      await asyncio.sleep_ms(1);
      log(i.done(), o.done());
    }
    asyncio.run(main());
    expect(out).toEqual(["inner CancelledError", "outer CancelledError", "true true"]);
  });

  test("a task may catch the cancellation and go on; cancelling self is an error", () => {
    async function stubborn() {
      try {
        await asyncio.sleep(1);
      } catch (_e) {
        log("ignored");
      }
      await asyncio.sleep_ms(3);
      try {
        asyncio.current_task().cancel();
      } catch (e) {
        log(String(e));
      }
      return "kept going";
    }
    async function main() {
      const t = asyncio.create_task(stubborn());
      await asyncio.sleep_ms(0);
      t.cancel();
      log(await t, now());
    }
    asyncio.run(main());
    expect(out).toEqual(["ignored", "RuntimeError: can't cancel self", "kept going 3"]);
  });

  test("a cancelled gather cancels its unfinished members", () => {
    async function member(i: number) {
      try {
        await asyncio.sleep_ms(10 * i);
        log("member done", i);
      } catch (e) {
        log("member", i, String(e));
        throw e;
      }
    }
    async function gatherer() {
      await asyncio.gather(member(1), member(5));
    }
    async function main() {
      const g = asyncio.create_task(gatherer());
      await asyncio.sleep_ms(20);
      g.cancel();
      try {
        await g;
      } catch (e) {
        log("gather", String(e));
      }
    }
    asyncio.run(main());
    expect(out).toEqual(["member done 1", "member 5 CancelledError", "gather CancelledError"]);
  });
});

describe("wait_for", () => {
  async function slow(ms: number, v: any) {
    await asyncio.sleep_ms(ms);
    return v;
  }
  async function stubborn() {
    try {
      await asyncio.sleep_ms(100);
    } catch (_e) {
      log("ignoring", now());
      await asyncio.sleep_ms(20);
    }
    return "late";
  }
  async function fast() {
    return "now";
  }
  test("result, timeout after the awaited task finished cancelling, None timeout, timeout 0", () => {
    async function main() {
      log(await asyncio.wait_for_ms(slow(10, "ok"), 50), now());
      try {
        await asyncio.wait_for_ms(stubborn(), 10);
      } catch (e) {
        log(e instanceof asyncio.TimeoutError, now());
      }
      log(await asyncio.wait_for(slow(5, "none"), null), now());
      log(await asyncio.wait_for(fast(), 0), now());
      try {
        await asyncio.wait_for(slow(1, "x"), 0);
      } catch (e) {
        log("t0", String(e));
      }
    }
    asyncio.run(main());
    expect(out).toEqual(["ok 10", "ignoring 20", "true 40", "none 45", "now 45", "t0 TimeoutError"]);
  });
});

describe("bad input gets MicroPython's errors", () => {
  test("create_task of a non-coroutine", () => {
    expect(() => asyncio.create_task(5 as any)).toThrow(TypeError);
    expect(() => asyncio.create_task((() => 1) as any)).toThrow("coroutine expected");
  });
  test("current_task outside the loop", () => {
    expect(() => asyncio.current_task()).toThrow("no running event loop");
  });
  test("sleep_ms of a non-number, or too long", () => {
    expect(() => asyncio.sleep_ms("1" as any)).toThrow(TypeError);
    expect(() => asyncio.sleep_ms(2 ** 29)).toThrow(asyncio.OverflowError);
  });
  test("NaN times are a ValueError, as MicroPython's int(): sleep, sleep_ms, wait_for, wait_for_ms, time.sleep*", () => {
    const nan = "ValueError: cannot convert float NaN to integer";
    const msg = (f: () => any) => {
      try {
        f();
      } catch (e) {
        return String(e);
      }
      return "no error";
    };
    expect(msg(() => asyncio.sleep(NaN))).toBe(nan);
    expect(msg(() => asyncio.sleep_ms(NaN))).toBe(nan);
    expect(msg(() => asyncio.sleep("1" as any))).toBe("TypeError: can't convert string to float");
    const time = require("time");
    for (const f of [time.sleep, time.sleep_ms, time.sleep_us]) expect(msg(() => f(NaN))).toBe(nan);
    expect(msg(() => time.sleep_ms("5"))).toBe("TypeError: can't convert string to int");
    let started = 0;
    async function work() {
      started++;
      await asyncio.sleep_ms(1);
      return 1;
    }
    async function main() {
      for (const f of [() => asyncio.wait_for(work(), NaN), () => asyncio.wait_for_ms(work(), NaN)]) {
        try {
          await f();
        } catch (e) {
          log(String(e));
        }
      }
      await asyncio.sleep_ms(5);
      log("started", started); // the awaitable never ran: the bad timeout raised first
    }
    asyncio.run(main());
    expect(out).toEqual([nan, nan, "started 0"]);
  });
  test("timeout and timeout_ms: a bad delay raises in the caller, before the body runs", () => {
    let ran = 0;
    async function body() {
      ran++;
    }
    async function main() {
      for (const f of [
        () => asyncio.timeout("1" as any, body),
        () => asyncio.timeout_ms("1" as any, body),
        () => asyncio.timeout(NaN, body),
        () => asyncio.timeout_ms(NaN, body),
        () => asyncio.timeout_ms(2 ** 29, body),
      ]) {
        try {
          await f();
          log("no error");
        } catch (e) {
          log(String(e));
        }
      }
      await asyncio.sleep_ms(5);
      log("ran", ran);
    }
    asyncio.run(main());
    expect(out).toEqual([
      "TypeError: can't convert string to float",
      "TypeError: can't convert string to int",
      "ValueError: cannot convert float NaN to integer",
      "ValueError: cannot convert float NaN to integer",
      "OverflowError: ticks interval overflow",
      "ran 0",
    ]);
  });
  test("awaiting a non-awaitable; can't gather; can't wait; Lock not acquired; second ThreadSafeFlag waiter", () => {
    async function member() {
      await asyncio.sleep_ms(5);
    }
    async function main() {
      try {
        await (5 as any);
      } catch (e) {
        log(e instanceof TypeError);
      }
      const t = asyncio.create_task(member());
      const w = asyncio.create_task(
        (async () => {
          await t;
        })(),
      );
      await asyncio.sleep_ms(0);
      try {
        await asyncio.gather(t);
      } catch (e) {
        log(String(e));
      }
      const g = asyncio.create_task(member());
      const gt = asyncio.create_task(asyncio.gather(g) as any);
      await asyncio.sleep_ms(0);
      try {
        await g;
      } catch (e) {
        log(String(e));
      }
      await gt;
      await w;
      try {
        new asyncio.Lock().release();
      } catch (e) {
        log(String(e));
      }
      const flag = new asyncio.ThreadSafeFlag();
      const f1 = asyncio.create_task(flag.wait());
      await asyncio.sleep_ms(0);
      try {
        await flag.wait();
      } catch (e) {
        log(String(e));
      }
      flag.set();
      await f1;
    }
    asyncio.run(main());
    expect(out).toEqual([
      "true",
      "RuntimeError: can't gather",
      "RuntimeError: can't wait",
      "RuntimeError: Lock not acquired",
      "RuntimeError: ThreadSafeFlag already has a waiting task",
    ]);
  });
});

describe("exceptions", () => {
  test("MicroPython's classes: instanceof, name, message, args, String()", () => {
    const c = new asyncio.CancelledError();
    expect(c).toBeInstanceOf(asyncio.BaseException);
    expect(c).not.toBeInstanceOf(asyncio.Exception);
    expect(c).toBeInstanceOf(Error);
    expect([c.name, c.message, c.args.length, String(c)]).toEqual(["CancelledError", "", 0, "CancelledError"]);
    const r = new asyncio.RuntimeError("can't wait");
    expect([r.name, r.message, r.args, String(r)]).toEqual(["RuntimeError", "can't wait", ["can't wait"], "RuntimeError: can't wait"]);
    expect(new asyncio.TimeoutError()).toBeInstanceOf(asyncio.Exception);
    expect(new asyncio.OSError(104).errno).toBe(104);
  });

  test("each class has its own name, and Node shows an exception by it", () => {
    const { inspect } = require("util");
    const v = new asyncio.ValueError("bad");
    // (jest's realm: Node shows it as an object, "ValueError { ... }"; under node, "ValueError: bad")
    expect([asyncio.ValueError.name, v.constructor === asyncio.ValueError, /^ValueError[ :]/.test(inspect(v))]).toEqual([
      "ValueError",
      true,
      true,
    ]);
    class Mine extends asyncio.Exception {}
    expect([new Mine("x") instanceof asyncio.Exception, String(new Mine("x"))]).toEqual([true, "Exception: x"]);
  });

  test("an unretrieved task exception goes to the handler once, with MicroPython's context", () => {
    const seen: any[] = [];
    asyncio
      .get_event_loop()
      .set_exception_handler((loop, ctx) =>
        seen.push([loop === asyncio.Loop, ctx.message, String(ctx.exception), ctx.future instanceof asyncio.Task]),
      );
    async function bad() {
      throw new asyncio.ValueError(1);
    }
    async function main() {
      asyncio.create_task(bad());
      const t = asyncio.create_task(bad());
      await asyncio.sleep_ms(0);
      try {
        await t; // retrieved in time: not reported
      } catch (e) {
        log("got", String(e));
      }
      await asyncio.sleep_ms(0);
    }
    asyncio.run(main());
    expect(out).toEqual(["got ValueError: 1"]);
    expect(seen).toEqual([[true, "Task exception wasn't retrieved", "ValueError: 1", true]]);
  });
});

describe("inspection for the REPL", () => {
  test("tasks() lists unfinished tasks oldest first with their states; stats() counts switches", () => {
    const ev = new asyncio.Event();
    let seen: string[] = [];
    async function sleeper() {
      await asyncio.sleep_ms(100);
    }
    async function waiter() {
      await ev.wait();
    }
    async function quick() {}
    async function main() {
      const s = asyncio.create_task(sleeper());
      asyncio.create_task(waiter());
      asyncio.create_task(quick());
      await asyncio.sleep_ms(10);
      const ts = asyncio.tasks();
      const { task_state } = require("../src/asyncio/inspect")._inspector();
      seen = ts.map((t: any) => task_state(t));
      expect(ts[1]).toBe(s);
      ev.set();
      s.cancel();
    }
    asyncio.run(main());
    expect(seen).toEqual(["running", "sleeping, wakes in 90 ms", "waiting (Event or Lock)"]);
    // main is done; the woken waiter and the cancelled sleeper stay queued until the next run()
    expect(asyncio.tasks().length).toBe(2);
    expect(asyncio.stats()).toEqual({ switches: 5, tasks: 2, queued: 2, io_waits: 0, running: false });
  });
});
