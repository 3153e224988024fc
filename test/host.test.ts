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
    expect(a).toBeGreaterThanOrEqual(29); // woken by set(): nothing else would ever wake main
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

// All but the primitives beyond MicroPython (src/globals.ts: 10 KB on every device).
const BEYOND = [
  "Barrier",
  "BoundedSemaphore",
  "BrokenBarrierError",
  "Condition",
  "LifoQueue",
  "PriorityQueue",
  "Queue",
  "QueueEmpty",
  "QueueFull",
  "Semaphore",
  "timeout",
  "timeout_ms",
  "TaskGroup",
  "ExceptionGroup",
  "BaseExceptionGroup",
];
test("the REPL's asyncio global has every name of MicroPython's asyncio module (board with a network)", () => {
  require("../src/globals");
  const g: any = globalThis as any;
  const mod = require("../src/asyncio/index");
  expect(Object.keys(g.asyncio).sort()).toEqual(
    Object.keys(mod)
      .filter((k) => k !== "__esModule" && BEYOND.indexOf(k) < 0)
      .sort(),
  );
  for (const k of BEYOND) expect(mod[k]).toBeDefined();
  for (const k of Object.keys(g.asyncio)) expect(g.asyncio[k]).toBe(mod[k]);
  expect(g.machine.Pin).toBe(require("../src/machine/index").Pin);
});

// What a person sees in a terminal (hal/host.ts show()): frames of 100 ms, each lamp lit if its
// LED was on at any time in the frame, and a strip of the last 30 frames.
test("the terminal display: a 5 ms pulse lights its lamp for a whole frame, and the strips keep the rhythm", () => {
  const led1 = host.gpio.pin("LED1");
  const led2 = host.gpio.pin("LED2");
  host.gpio.write(led1, 0);
  host.gpio.write(led2, 0);
  host.frame(); // a frame where both were off, then one where LED1 pulsed
  host.gpio.write(led1, 1);
  host.gpio.write(led1, 0);
  const pulsed = host.frame();
  const after = host.frame();
  host.gpio.write(led2, 1); // on across the frame's end: lit in both
  const on1 = host.frame();
  const on2 = host.frame();
  const strips = (line: string) => line.replace(/^t=\S+\s+/, "");
  expect(strips(pulsed)).toMatch(/^LED1 \u25cf \S*\u2581\u2588 LED2 \u25cb \S*\u2581\u2581$/);
  expect(strips(after)).toMatch(/^LED1 \u25cb \S*\u2581\u2588\u2581 LED2 \u25cb \S*\u2581\u2581\u2581$/);
  expect(strips(on1)).toMatch(/LED2 \u25cf \S*\u2581\u2581\u2581\u2588$/);
  expect(strips(on2)).toMatch(/LED2 \u25cf \S*\u2581\u2581\u2581\u2588\u2588$/);
  for (let i = 0; i < 40; i++) host.frame();
  expect(strips(host.frame())).toMatch(/^LED1 \u25cb \u2581{30} LED2 \u25cf \u2588{30}$/); // 3 s kept
  expect(host.status_line()).toMatch(/^t=\d+\.\d{3}s {2}LED1 \u25cb \u2581{30} LED2 \u25cf \u2588{30}/);
  host.gpio.write(led2, 0);
});

// Resolves once cond() holds, checked every 5 ms of real time; a busy machine makes it wait
// longer, never fail (bounded: 2,000 checks).
function until(cond: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    let n = 0;
    const poll = () => {
      if (cond()) resolve();
      else if (++n > 2000) reject(new Error("the condition never came"));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

describe("the main task's end (MicroPython's run() returning or raising)", () => {
  const errors: string[] = [];
  const original = console.error;
  beforeEach(() => {
    errors.length = 0;
    console.error = (...a: any[]) => errors.push(a.map(String).join(" "));
  });
  afterEach(() => {
    console.error = original;
  });

  test("a failing main task is printed with its stack and stops the loop; the exception handler is not called", () => {
    const seen: any[] = [];
    asyncio.get_event_loop().set_exception_handler((_l, ctx) => seen.push(ctx));
    function check(v: number) {
      if (v > 2) throw new asyncio.ValueError("bad value");
    }
    async function main() {
      await asyncio.sleep_ms(5);
      check(3);
    }
    asyncio.run(main());
    return until(() => errors.length > 0 && !asyncio.stats().running).then(() => {
      expect(errors.length).toBe(1);
      expect(errors[0]).toMatch(/^ValueError: bad value\n\s+at check \(.*host\.test\.ts:\d+:\d+\)/);
      expect(seen).toEqual([]);
      expect(asyncio.stats().running).toBe(false);
    });
  });

  test("a main task cancelled from the REPL ends the loop quietly: no 'Task exception wasn't retrieved'", () => {
    const seen: any[] = [];
    asyncio.get_event_loop().set_exception_handler((_l, ctx) => seen.push(ctx));
    async function main() {
      await asyncio.sleep_ms(10000);
    }
    asyncio.run(main());
    return until(() => asyncio.stats().switches > 0)
      .then(() => {
        expect(asyncio.tasks()[0].cancel()).toBe(true); // as from the REPL
        return until(() => !asyncio.stats().running);
      })
      .then(() => {
        expect(seen).toEqual([]);
        expect(errors).toEqual(["asyncio: the main task was cancelled; the loop has stopped"]);
        expect(asyncio.stats().running).toBe(false);
      });
  });
});

// `node bundle.js` ends with the main task, as a MicroPython script ends with asyncio.run():
// status 1 and the error with the app's file and line when it raised, 0 when it returned,
// whatever sockets and timers are still open.
describe("a host bundle run as a program", () => {
  const { build } = require("../tools/build.js");
  const { spawnSync } = require("child_process");
  const fs = require("fs");
  const os = require("os");
  const path = require("path");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-host-exit-"));
  const app = (name: string, last: string) => {
    const file = path.join(dir, `${name}.ts`);
    fs.writeFileSync(
      file,
      `import * as asyncio from "asyncio";
async function handler(r: asyncio.Stream, _w: asyncio.Stream) {
  await r.read(10);
}
function check(v: number) {
  if (v > 2) throw new asyncio.ValueError("bad value");
}
async function main(fail: boolean) {
  await asyncio.start_server(handler, "127.0.0.1", 0); // a listening socket stays open
  setTimeout(() => console.log("a timer that never fires"), 100000);
  await asyncio.sleep_ms(5);
  if (fail) check(3);
  return "done";
}
${last}
`,
    );
    return file;
  };
  // A hang would be a failure: the guard only bounds it (the runs take ~0.1 s).
  const run = (file: string) => spawnSync(process.execPath, ["--enable-source-maps", file], { encoding: "utf8", timeout: 60000 });

  test("main raised: status 1, the error and where it came from (app.ts, through the source map) on stderr", () => {
    const out = path.join(dir, "fail.js");
    return build({ board: "host", input: app("fail", "asyncio.run(main(true));"), out }).then(() => {
      const r = run(out);
      expect(r.error).toBeUndefined();
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^ValueError: bad value\n\s+at check \(.*fail\.ts:6:\d+\)/);
      expect(r.stderr).not.toContain("wasn't retrieved");
    });
  });

  test("the same from an es5 bundle: the coroutine and Espruino passes keep the source map", () => {
    const out = path.join(dir, "fail5.js");
    return build({ board: "host", target: "es5", input: app("fail5", "asyncio.run(main(true));"), out }).then((r: any) => {
      expect(r.espruino.beforeMinify.functionsHoisted).toBeGreaterThan(0); // the pass moved code
      const res = run(out);
      expect(res.error).toBeUndefined();
      expect(res.status).toBe(1);
      expect(res.stderr).toMatch(/^ValueError: bad value\n\s+at check \(.*fail5\.ts:6:\d+\)/);
    });
  });

  test("a second asyncio.run() after the first main ended runs too; the exit waits for it", () => {
    const out = path.join(dir, "twice.js");
    const last = `asyncio.run(main(false)).then(() => {
  console.log("first done");
  asyncio.run(main(false)).then((v: any) => console.log("second:", v));
});`;
    return build({ board: "host", input: app("twice", last), out }).then(() => {
      const r = run(out);
      expect(r.error).toBeUndefined();
      expect(r.status).toBe(0);
      expect(r.stdout).toBe("first done\nsecond: done\n");
    });
  });

  test("main returned: status 0 after its then() callbacks ran", () => {
    const out = path.join(dir, "ok.js");
    const last = `asyncio.run(main(false)).then((v: any) => console.log("then:", v));`;
    return build({ board: "host", input: app("ok", last), out }).then(() => {
      const r = run(out);
      expect(r.error).toBeUndefined();
      expect(r.status).toBe(0);
      expect(r.stdout).toBe("then: done\n");
      expect(r.stderr).toBe("");
    });
  });
});
