// The seed's example and the button example on the sim board (exact virtual timings read
// from the pin trace / VCD), and every board's build and dry-run upload.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync, spawn, spawnSync } from "child_process";

const ROOT = path.resolve(__dirname, "..");
const { build, listBoards } = require("../tools/build.js");
const { runSim } = require("../tools/run-sim.js");
const { toVcd } = require("../tools/waves.js");
import { simBundle as simBundleIn, pulses } from "./support/sim";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-boards-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const simBundle = (app: string, target: string) => simBundleIn(tmp, app, target);

describe.each(["es2016", "es5"])("blink on the sim board (%s)", (target) => {
  let res: any;
  beforeAll(() => simBundle("examples/blink.ts", target).then((f) => (res = runSim(f))));

  test("LED1 is on for 5 ms every 705 ms and LED2 every 405 ms, for 10 s, exactly", () => {
    expect(res.error).toBeNull();
    expect(res.end_us).toBe(10_000_000);
    const want = (period: number) => {
      const r: [number, number][] = [];
      for (let t = 0; t < 10_000_000; t += period * 1000) r.push([t, t + 5000]);
      return r;
    };
    expect(pulses(res.trace, "LED1")).toEqual(want(705));
    expect(pulses(res.trace, "LED2")).toEqual(want(405));
  });

  test("the VCD has one 1-bit wire per LED and the same changes", () => {
    const vcd: string = toVcd(res.trace, { date: "test", end_us: res.end_us });
    expect(vcd).toMatch(/\$var wire 1 ! LED1 \$end/);
    expect(vcd).toMatch(/\$var wire 1 " LED2 \$end/);
    expect(vcd).toContain("#705000\n1!\n#710000\n0!");
    expect(vcd).toContain('#405000\n1"\n#410000\n0"');
    expect(vcd.trim().endsWith("#10000000")).toBe(true);
  });
});

describe("button with an IRQ and a ThreadSafeFlag on the sim board", () => {
  test("a scripted press toggles LED(1) at once; bounces within 50 ms are ignored", () =>
    simBundle("examples/button.ts", "es5").then((f) => {
      const script = [
        { pin: "BTN", at: 1200, level: 1 },
        { pin: "BTN", at: 1210, level: 0 }, // bounce
        { pin: "BTN", at: 1220, level: 1 },
        { pin: "BTN", at: 1400, level: 0 },
        { pin: "BTN", at: 2500, level: 1 },
        { pin: "BTN", at: 2600, level: 0 },
      ];
      const res = runSim(f, { script });
      expect(res.error).toBeNull();
      expect(res.stdout).toBe("button pressed, LED(1) is on\nbutton pressed, LED(1) is off\n");
      expect(pulses(res.trace, "LED1")).toEqual([[1_200_000, 2_500_000]]);
      expect(pulses(res.trace, "LED2").length).toBe(5);
    }));
});

describe("every board", () => {
  const boards: string[] = listBoards();
  test.each(boards)("%s: the blink example builds (Espruino bundles pass the compatibility pass)", (board) =>
    build({ board, input: path.join(ROOT, "examples/blink.ts"), out: path.join(tmp, `${board}.js`) }).then((r: any) => {
      expect(r.bytes).toBeGreaterThan(0);
      if (r.board.codeSize) expect(r.bytes).toBeLessThan(r.board.codeSize);
    }),
  );

  test.each(boards)("%s: flash.sh --dry-run prints the upload commands", (board) => {
    const out = execFileSync(
      path.join(ROOT, "flash.sh"),
      [board, "examples/blink.ts", "--dry-run", "--port", "/dev/ttyTEST0", "--out", path.join(tmp, `dry-${board}.js`)],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(out).toContain("[1/2] building examples/blink.ts for " + board);
    if (board === "sim") expect(out).toContain("would run: node tools/run-sim.js");
    else if (board === "host") expect(out).toContain("would run: node ");
    // The espruino CLI installed by npm ci (no network at flash time).
    // The asyncio_inspect file (asyncio.ps()) goes to the board's storage first, then the app.
    else if (board.startsWith("esp")) {
      const cli =
        /\S*node \S*node_modules\/espruino\/bin\/espruino-cli\.js --no-ble -p \/dev\/ttyTEST0 (-b \d+ )?--config SERIAL_THROTTLE_SEND=1 /
          .source;
      expect(out).toMatch(
        new RegExp(
          `${cli}--storage asyncio_inspect:\\S+/asyncio_inspect\\.js -e .*\\n\\s*${cli}--config SAVE_ON_SEND=1 \\S+/dry-${board}\\.js\\n`,
        ),
      );
    } else
      expect(out).toMatch(
        /kaluma put \S+\/asyncio_inspect\.js \/asyncio_inspect\.js --port \/dev\/ttyTEST0\n\s*npx --yes --package @kaluma\/cli@1\.0\.0 kaluma write \S+ --port \/dev\/ttyTEST0/,
      );
  });

  // The espruino CLI comes with npm ci: flashing needs no network. In a network namespace of
  // its own (loopback only; `unshare` and `ip`, root), with an empty npm cache, flash.sh
  // uploads to a stand-in for an Espruino started with --telnet, which must receive the whole
  // bundle, byte for byte, as the CLI sends it (E.setBootCode("<bundle>"), then load()), and
  // the asyncio_inspect file before it.
  test("flash.sh uploads over tcp:// with no network and an empty npm cache (the CLI npm ci installed)", () => {
    const home = fs.mkdtempSync(path.join(tmp, "home-"));
    const got = path.join(tmp, "telnet-got.txt");
    const out = path.join(tmp, "offline", "blink.js");
    const q = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
    const script = [
      "set -e",
      "ip link set lo up",
      `node ${q(path.join(ROOT, "test", "support", "fake_espruino_telnet.js"))} 2323 ${q(got)} 60 &`,
      "sleep 0.5",
      "if getent hosts registry.npmjs.org >/dev/null 2>&1; then echo 'the network is reachable'; exit 3; fi",
      `${q(path.join(ROOT, "flash.sh"))} esp32 examples/blink.ts --port tcp://127.0.0.1:2323 --out ${q(out)}`,
      "kill %1",
    ].join("\n");
    const stdout = execFileSync("unshare", ["-n", "bash", "-c", script], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, HOME: home, npm_config_cache: path.join(home, "npm-cache"), npm_config_offline: "true" },
      timeout: 120000,
    });
    expect(stdout).toContain("Upload Complete");
    expect(stdout).toContain("done.");
    const sent = fs.readFileSync(got, "latin1");
    const m = /E\.setBootCode\(("(?:[^"\\]|\\.)*")\);?\n/.exec(sent);
    expect(m).not.toBeNull();
    expect(JSON.parse(m![1]).trim()).toBe(fs.readFileSync(out, "utf8").trim());
    expect(sent).toContain("load()");
    // Before it, in an upload of its own, the asyncio_inspect file as Storage.write calls
    // (base64 chunks at their offsets), whole.
    const parts = [...sent.matchAll(/require\("Storage"\)\.write\("asyncio_inspect",atob\("([^"]*)"\),(\d+)(?:,(\d+))?\)/g)];
    expect(parts.length).toBeGreaterThan(0);
    expect(Number(parts[0][3])).toBe(fs.statSync(path.join(tmp, "offline", "asyncio_inspect.js")).size);
    const file = Buffer.alloc(Number(parts[0][3]));
    for (const p of parts) Buffer.from(p[1], "base64").copy(file, Number(p[2]));
    expect(file.toString("latin1")).toBe(fs.readFileSync(path.join(tmp, "offline", "asyncio_inspect.js"), "latin1"));
    expect(sent.indexOf("asyncio_inspect")).toBeLessThan(m!.index);
  });

  function flashFails(args: string[], env: any = {}): { status: number; stdout: string; stderr: string } {
    try {
      execFileSync(path.join(ROOT, "flash.sh"), args, { cwd: ROOT, encoding: "utf8", stdio: "pipe", env: { ...process.env, ...env } });
    } catch (e: any) {
      return { status: e.status, stdout: e.stdout, stderr: e.stderr };
    }
    throw new Error("flash.sh succeeded");
  }

  test("without a device: 'no device found'; with several: lists them and asks for --port; before any build", () => {
    const dev = fs.mkdtempSync(path.join(tmp, "dev-"));
    const out = path.join(tmp, "nodev.js");
    let r = flashFails(["esp32", "examples/blink.ts", "--out", out], { MPA_DEV_DIR: dev });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("no device found");
    expect(r.stderr).toContain("--port");
    expect(r.stdout).not.toContain("building");
    expect(fs.existsSync(out)).toBe(false);
    fs.writeFileSync(path.join(dev, "ttyUSB0"), "");
    fs.writeFileSync(path.join(dev, "ttyACM3"), "");
    r = flashFails(["pico", "examples/blink.ts", "--out", out], { MPA_DEV_DIR: dev });
    expect(r.stderr).toContain(`several serial ports: ${path.join(dev, "ttyACM3")}, ${path.join(dev, "ttyUSB0")}`);
  });

  test("bad arguments are one-line errors before any build: --input syntax, a pin the sim lacks, sim options elsewhere, a missing app", () => {
    const cases: [string[], RegExp][] = [
      [["sim", "examples/blink.ts", "--input", "BTN@abc"], /^flash: bad input "BTN@abc": use PIN@ms=0\|1 or PIN@start-end \(a press\)\n$/],
      [
        ["sim", "examples/blink.ts", "--input", "NOPE@100-200"],
        /^flash: --input NOPE: the sim board has no pin NOPE \(it has LED1, LED2, BTN, D0-D39, GP0-GP39\)\n$/,
      ],
      [["esp32", "examples/blink.ts", "--vcd", "x.vcd", "--port", "/dev/null"], /^flash: --vcd: for the sim board only\n$/],
      [["sim", "examples/nope.ts"], /^flash: app examples\/nope\.ts does not exist\n$/],
      [["sim", "examples/blink.ts", "--target", "es3"], /^flash: --target must be es5 or es2016, not "es3"\n$/],
      [["sim", "examples/blink.ts", "--frobnicate"], /^flash: Unknown option '--frobnicate'/],
    ];
    for (const [args, msg] of cases) {
      const r = flashFails(args);
      expect([args, r.status]).toEqual([args, 2]);
      expect(r.stderr).toMatch(msg);
      expect(r.stdout).toBe(""); // nothing built
    }
  });

  // --watch: a save rebuilds and runs again, a type error is reported and the watch goes on,
  // Ctrl+C (SIGINT) stops it with status 0. Waits are bounded and only for output to appear.
  test("flash.sh sim app.ts --watch: rebuild and rerun on save, errors keep it watching, SIGINT ends it cleanly", () => {
    const dir = fs.mkdtempSync(path.join(tmp, "watch-"));
    const app = path.join(dir, "app.ts");
    const write = (v: string) =>
      fs.writeFileSync(
        app,
        `import * as asyncio from "asyncio";\nasync function main() {\n  await asyncio.sleep_ms(10);\n  console.log(${JSON.stringify(v)});\n}\nasyncio.run(main());\n`,
      );
    write("version one");
    const child = spawn(path.join(ROOT, "flash.sh"), ["sim", app, "--watch", "--out", path.join(dir, "app.js")], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const until = (what: RegExp, then: () => void) => {
      const deadline = Date.now() + 50000;
      return new Promise<void>((resolve, reject) => {
        const poll = () => {
          if (what.test(out)) {
            then();
            resolve();
          } else if (Date.now() > deadline || child.exitCode !== null) reject(new Error(`never saw ${what} in:\n${out}`));
          else setTimeout(poll, 50);
        };
        poll();
      });
    };
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return until(/version one[^]*the app ended \(exit 0\); waiting for changes\n/, () => write("version two"))
      .then(() => until(/version two/, () => fs.appendFileSync(app, "const n: number = 'x';\n")))
      .then(() => until(/build failed: type errors:\n.*app\.ts\(7,7\): error TS2322/, () => write("version three")))
      .then(() => until(/version three[^]*the app ended/, () => child.kill("SIGINT")))
      .then(() => exited)
      .finally(() => child.kill("SIGKILL")) // (a failed wait must not leave it running)
      .then((code) => {
        expect(code).toBe(0);
        const lines = out.split("\n").filter((l) => l.startsWith("[watch "));
        expect(lines[0]).toMatch(/watching .*app\.ts for the sim board \(Ctrl\+C stops\)$/);
        expect(lines.filter((l) => / built .*app\.js in \d+ ms \(\d+ bytes\); running$/.test(l)).length).toBe(3);
        expect(lines[lines.length - 1]).toMatch(/\] stopped$/);
      });
  });

  test("a sim app that raises: flash.sh names the app's .ts file and line (the bundle's source map)", () => {
    const app = path.join(tmp, "raises.ts");
    fs.writeFileSync(
      app,
      'import * as asyncio from "asyncio";\nasync function main() {\n  await asyncio.sleep_ms(10);\n  throw new Error("boom");\n}\nasyncio.run(main());\n',
    );
    const r = flashFails(["sim", app, "--out", path.join(tmp, "raises.js")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^the app raised: Error: boom\n\s+at .*raises\.ts:4:\d+\)?\n/);
    expect(r.stderr.length).toBeLessThan(2000); // a stack, not the bundle's source
  });

  test("npm run repl: results that are undefined print nothing, the pins follow each command", () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, "tools", "repl.js"), "examples/blink_forever.ts"], {
      cwd: ROOT,
      input: "asyncio.ps()\n1+1\n.exit\n",
      encoding: "utf8",
      timeout: 120000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("asyncio.tasks()[1].cancel()");
    expect(r.stdout).toMatch(/task {2}state\n {3}1 {2}waiting \(Event or Lock\)\n/);
    expect(r.stdout).toMatch(/>>> 2\nt=\d+\.\d{3}s {2}LED1 [\u25cf\u25cb] LED2 [\u25cf\u25cb]\n/); // (no echo without a terminal)
    expect(r.stdout).not.toMatch(/^undefined$/m);
  });

  test("a build failure shows the compiler's message", () => {
    const bad = path.join(tmp, "bad.ts");
    fs.writeFileSync(bad, 'import * as asyncio from "asyncio";\nasyncio.sleep_ms("x");\n');
    const r = flashFails(["sim", bad, "--dry-run", "--out", path.join(tmp, "bad.js")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/build failed: [^]*bad\.ts\(2,18\): error TS2345/);
  });

  test("an unknown board lists the boards", () => {
    let err: any;
    try {
      execFileSync(path.join(ROOT, "flash.sh"), ["nope", "examples/blink.ts", "--dry-run"], { cwd: ROOT, encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      err = e;
    }
    expect(err.status).toBe(2);
    expect(err.stderr).toContain('unknown board "nope"');
    expect(err.stderr).toContain("esp32, espruino-pico, host, pico, pico-w, pico2, sim");
  });
});
