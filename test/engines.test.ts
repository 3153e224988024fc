// tools/engines.js: every engine prints exactly what the script printed, reports errors with
// a non-zero code, and is stopped by its CPU-time limit. No `async` test functions: see
// jest.config.js. Every engine is required: a missing one (duk: `bash .ci/run` installs it)
// fails these tests instead of skipping them.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { runOn, available, TIMEOUT_CODE, cleanEspruinoOutput } from "../tools/engines";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-engines-test-"));
const script = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

const engines = ["node", "duk", "quickjs"] as const;

test.each(engines)("%s is available", (engine) => {
  expect(available(engine)).toBe(true);
});

describe.each(engines)("%s", (engine) => {
  test("stdout is exactly what the script printed", () => {
    const f = script(
      `out-${engine}.js`,
      `console.log("a", 1, null, undefined, [1, 2].join("+"));\nconsole.log("");\nconsole.log("no newline at end");`,
    );
    return runOn(engine, f).then((r) => {
      expect(r).toMatchObject({ stdout: "a 1 null undefined 1+2\n\nno newline at end\n", code: 0, timedOut: false });
    });
  });

  test("an uncaught error gives a non-zero code and a message on stderr", () => {
    const f = script(`err-${engine}.js`, `console.log("before");\nthrow new Error("boom");`);
    return runOn(engine, f).then((r) => {
      expect(r.stdout).toBe("before\n");
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain("boom");
    });
  });

  test("a script that never ends is stopped once it has used its CPU time", () => {
    const f = script(`loop-${engine}.js`, `console.log("spinning"); for (;;) {}`);
    return runOn(engine, f, { timeoutMs: 700 }).then((r) => {
      expect(r.timedOut).toBe(true);
      expect(r.code).toBe(TIMEOUT_CODE);
      expect(r.stdout).toBe("spinning\n");
      expect(r.stderr).toMatch(engine === "quickjs" ? /used more than 700 ms of CPU time/ : /used more than 1 s of CPU time/);
    });
  });
});

describe("limits", () => {
  // The limit is CPU time: waiting (here 1.5 s of it, as a loaded machine would make a run
  // wait for the CPU) does not count against it.
  test("a run that waits longer than its CPU time, using little, completes", () => {
    const f = script("waits.js", `setTimeout(function () { console.log("done"); }, 1500);`);
    return runOn("node", f, { timeoutMs: 1000 }).then((r) => {
      expect(r).toMatchObject({ stdout: "done\n", code: 0, timedOut: false });
    });
  });

  test("a process that waits forever is stopped by the wall-clock guard", () => {
    const f = script("forever.js", `console.log("waiting"); setInterval(function () {}, 1e6);`);
    // The guard counts from the spawn: 5 s, not less, so that a loaded machine has started
    // node and let it print before the guard stops it (500 ms failed once under a full suite).
    return runOn("node", f, { timeoutMs: 1000, wallMs: 5000 }).then((r) => {
      expect(r).toMatchObject({ stdout: "waiting\n", code: TIMEOUT_CODE, timedOut: true });
      expect(r.stderr).toMatch(/still running after 5000 ms of wall-clock time/);
    });
  });
});

describe("quickjs extras", () => {
  test("print, String() conversion, console.error to stderr", () => {
    const f = script("q-print.js", `print("p", 2); console.log({}, [1, [2, 3]], true); console.error("e", 1);`);
    return runOn("quickjs", f).then((r) => {
      expect(r.stdout).toBe("p 2\n[object Object] 1,2,3 true\n");
      expect(r.stderr).toBe("e 1\n");
      expect(r.code).toBe(0);
    });
  });

  test("Promise jobs run after the script, timers on a virtual clock in due order", () => {
    const f = script(
      "q-timers.js",
      `var t0 = Date.now(), log = [];
function p(s) { log.push(s); }
setTimeout(function () { p("t100s@" + (Date.now() - t0 >= 100000)); console.log(log.join(" ")); }, 100000);
setTimeout(function () { p("t0"); Promise.resolve().then(function () { p("job-after-t0"); }); }, 0);
var n = 0, iv = setInterval(function () { p("iv" + (++n)); if (n === 3) clearInterval(iv); }, 50);
var never = setTimeout(function () { p("never"); }, 10); clearTimeout(never);
setTimeout(function (a, b) { p("args:" + a + b); }, 120, "x", "y");
Promise.resolve(1).then(function (v) { p("then" + v); });
p("sync");`,
    );
    // 100 s of timers: were they waited for, the wall-clock guard (90 s) would stop the run.
    return runOn("quickjs", f).then((r) => {
      expect(r.stdout).toBe("sync then1 t0 job-after-t0 iv1 iv2 args:xy iv3 t100s@true\n");
      expect(r.code).toBe(0);
      expect((r as any).memory.obj_count).toBeGreaterThan(0);
    });
  });

  test("an error thrown in a timer stops the run with code 1", () => {
    const f = script("q-timer-err.js", `setTimeout(function () { null.x; }, 5); setTimeout(function () { console.log("later"); }, 10);`);
    return runOn("quickjs", f).then((r) => {
      expect(r.stdout).toBe("");
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/TypeError/);
    });
  });

  test("an interval that never stops hits the timeout", () => {
    const f = script("q-interval.js", `setInterval(function () {}, 1);`);
    return runOn("quickjs", f, { timeoutMs: 500 }).then((r) => {
      expect(r).toMatchObject({ code: TIMEOUT_CODE, timedOut: true });
    });
  });
});

describe("CLI", () => {
  test("node tools/engines.js <engine> <file> passes stdout, stderr and the exit code through", () => {
    const f = script("cli.js", `console.log("out"); console.error("err"); throw new Error("x");`);
    const r = spawnSync(process.execPath, [path.join(__dirname, "..", "tools", "engines.js"), "quickjs", f], {
      encoding: "utf8",
      timeout: 30000,
    });
    expect(r.stdout).toBe("out\n");
    expect(r.stderr).toMatch(/^err\nError: x\n/);
    expect(r.status).toBe(1);
  });

  test("an unknown engine is a usage error", () => {
    const f = script("cli2.js", ``);
    const r = spawnSync(process.execPath, [path.join(__dirname, "..", "tools", "engines.js"), "rhino", f], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown engine "rhino"/);
  });
});

test("Espruino's banner, prompts and CRs are removed from its output", () => {
  const raw =
    "\r\n ____                 _ \r\n|  __|___ ___ ___ _ _|_|___ ___ \r\n 2v29 (c) 2025 G.Williams\r\n\r\n" +
    "Espruino is Open Source. Our work is supported\r\nonly by sales of official boards and donations:\r\nhttp://espruino.com/Donate\r\n\r\n" +
    "start\r\nthen 1\r\n>\r\u001b[Jtimer\r\n>";
  expect(cleanEspruinoOutput(raw)).toBe("start\nthen 1\ntimer\n");
});
