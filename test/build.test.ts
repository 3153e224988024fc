// The build toolchain: tools/espruino-pass.js on small inputs (semantics checked by running
// the code before and after the pass, in Node's vm and on duktape), the ES2019 check for
// Kaluma, and tools/build.js end to end on stand-in apps (written to a temp dir at run time).
//
// No `async` test functions here: see jest.config.js.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vm from "vm";
import { spawnSync } from "child_process";
import * as fc from "fast-check";
import { espruinoPass, espruinoCheck, checkSyntax } from "../tools/espruino-pass";
import { build, moduleMap } from "../tools/build";
import { runOn } from "../tools/engines";

const ROOT = path.resolve(__dirname, "..");

/** Runs a script in a fresh Node context; returns what it printed with console.log. */
function evalScript(code: string): string {
  let out = "";
  const log = (...args: unknown[]) => {
    out += args.map((a) => String(a)).join(" ") + "\n";
  };
  vm.runInNewContext(code, { console: { log } }, { timeout: 5000 });
  return out;
}

function duk(code: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mpa-duk-")), "t.js");
  fs.writeFileSync(file, code);
  const r = spawnSync("duk", [file], { encoding: "utf8", timeout: 10000 });
  if (r.status !== 0) throw new Error(`duk failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** The pass must change nothing observable: same output before and after, in vm and duk. */
function samePrints(src: string): string {
  const out = espruinoPass(src, { filename: "t.js" }).code;
  const expected = evalScript(src);
  expect(evalScript(out)).toBe(expected);
  expect(duk(out)).toBe(expected); // duk is required (bash .ci/run installs it)
  // Idempotent, and nothing left for Espruino to trip on.
  expect(espruinoPass(out).changed).toBe(false);
  expect(espruinoCheck(out)).toEqual([]);
  return out;
}

/** Offset of the first match of `re` in `s` (-1 when absent). */
const at = (s: string, re: RegExp) => s.search(re);

describe("espruino pass: function hoisting", () => {
  test("a function called before its declaration is moved to the top", () => {
    const src = `console.log(f(2));\nfunction f(x) { return x * 21; }\n`;
    const out = samePrints(src);
    expect(at(out, /function f/)).toBeLessThan(at(out, /console\.log/));
    expect(espruinoCheck(src)).toEqual(["function `f` after code at 2:1"]);
  });

  test("TypeScript's __extends(X, _super) before function X", () => {
    const src = [
      `var __extends = function (d, b) { d.prototype = Object.create(b.prototype); d.prototype.constructor = d; };`,
      `var Base = /** @class */ (function () {`,
      `  function Base(n) { this.n = n; }`,
      `  Base.prototype.hi = function () { return "base " + this.n; };`,
      `  return Base;`,
      `}());`,
      `var Derived = /** @class */ (function (_super) {`,
      `  __extends(Derived, _super);`,
      `  function Derived(n) { return _super.call(this, n) || this; }`,
      `  Derived.prototype.hi = function () { return "derived " + _super.prototype.hi.call(this); };`,
      `  return Derived;`,
      `}(Base));`,
      `var d = new Derived(7);`,
      `console.log(d.hi(), d instanceof Base, d.constructor === Derived);`,
    ].join("\n");
    const out = samePrints(src);
    expect(at(out, /function Derived\(n\)/)).toBeLessThan(at(out, /__extends\(Derived/));
    expect(out).toContain("/** @class */ (function (_super)"); // comments and parentheses kept
  });

  test("nested functions are hoisted within their own function, in order", () => {
    const src = `
      function outer() {
        var r = [a(), b()];
        return r.join(",");
        function a() { return inner(); function inner() { return "a"; } }
        function b() { return "b"; }
      }
      console.log(outer());`;
    const out = samePrints(src);
    expect(at(out, /function a\(\)/)).toBeLessThan(at(out, /function b\(\)/));
    expect(at(out, /function inner/)).toBeLessThan(at(out, /return inner\(\)/));
  });

  test("the directive prologue stays first", () => {
    const out = samePrints(`"use strict";\nconsole.log(typeof g());\nfunction g() { return this; }\n`);
    expect(out.startsWith(`"use strict";`)).toBe(true);
  });

  test("a function declaration inside a block is rejected", () => {
    expect(() => espruinoPass(`if (x) {\n  function f() {}\n}`)).toThrow(
      /function declaration `f` inside a block \(not valid ES5, and Espruino would not hoist it\) at 2:3/,
    );
  });
});

describe("espruino pass: var hoisting", () => {
  test("a var read before its statement is declared at the top", () => {
    const src = `function g() { return typeof late + ":" + late; }\nconsole.log(g());\nvar late = 1;\nconsole.log(g());\n`;
    const out = samePrints(src);
    expect(out.indexOf("var late;")).toBeGreaterThanOrEqual(0);
    expect(out).toMatch(/\nlate = 1;/);
  });

  test("for, for-in, several declarators, a var without initialiser, a var as an if body", () => {
    const src = `
      function f(o) {
        var s = "";
        for (var i = 0, n = 3; i < n; i++) s += i;
        for (var k in o) s += k;
        for (var j; j === undefined; j = 1) s += "j";
        var a, b = 2, c;
        if (s) var skipped;
        var d = (1, 2);
        return [s, a, b, c, typeof skipped, d, i, k].join("|");
      }
      console.log(f({ x: 1, y: 2 }));`;
    const out = samePrints(src);
    expect(out).toContain("for (i = 0, n = 3;");
    expect(out).toContain("for (k in o)");
    expect(out).toContain("for (; j === undefined;");
    expect(out).toContain("if (s) ;");
  });

  test("leading declarations that run no code are left alone", () => {
    const src = `function f() { var a = 1, b = [2, { c: 3 }], g = function () { return a; }; return g() + b[1].c; }\nconsole.log(f());\n`;
    const r = espruinoPass(src);
    expect(r.changed).toBe(false);
    expect(r.code).toBe(src);
  });

  test("a var named like a parameter or function is not declared twice", () => {
    const src = `function f(p) { p = p + 1; var p; h(); var h = 5; return p + h; function h() {} }\nconsole.log(f(1));\n`;
    const out = samePrints(src);
    expect(out).not.toMatch(/var [^;]*\bp\b/);
    expect(out).not.toMatch(/var [^;]*\bh\b/);
  });

  test("a var named like the enclosing function expression is its own binding", () => {
    const src = `var f = function f() { g(); var f = 2; return f; function g() {} };\nconsole.log(f(), typeof f);\n`;
    const out = samePrints(src);
    expect(out).toMatch(/function f\(\) \{ var f;/);
  });

  test("a for-in variable with an initialiser is rejected", () => {
    // valid sloppy ES5, but acorn already refuses it
    expect(() => espruinoPass(`for (var k = 0 in {}) ;`)).toThrow(/not valid ES5.*initializer/);
  });
});

// Espruino makes `arguments` lazily and keeps it as a variable of the function that first read
// it, so a function nested in it read the OUTER arguments (measured on 2v29: in
// `function f(a, b) { var x = arguments; return function () { return arguments.length; }(a); }`
// the inner length is 2). The pass makes such inner functions read their own through
// `global.arguments`, which Espruino answers with the current function's arguments.
describe("espruino pass: arguments in nested functions", () => {
  test("an inner function reads its own arguments when its outer function read them first", () => {
    const src = [
      `function outer(id, t) { var x = arguments; return function () { var r = []; for (var i = 0; i < arguments.length; i++) r[i] = arguments[i]; return r.join(","); }(id); }`,
      `function later(id, t) { var y = function () { return arguments.length; }(id); return y + ":" + arguments.length; }`,
      `function deep(a, b, c) { arguments; return function () { arguments; return function () { return arguments.length; }(1, 2); }(1); }`,
      `console.log(outer(1, 0), later(1, 0), deep(1, 2, 3));`,
    ].join("\n");
    // (in `later` the outer reads them only after the inner ran, which is safe, but the check
    // cannot know the order)
    expect(espruinoCheck(src).filter((p) => p.includes("arguments"))).toEqual([
      "`arguments` of a function nested in one that reads its own, at 1:97",
      "`arguments` of a function nested in one that reads its own, at 1:127",
      "`arguments` of a function nested in one that reads its own, at 2:54",
      "`arguments` of a function nested in one that reads its own, at 3:58",
      "`arguments` of a function nested in one that reads its own, at 3:97",
    ]);
    const out = samePrints(src); // "1 1:2 2" on Node and duktape, and no problem left
    expect(evalScript(out)).toBe("1 1:2 2\n");
    expect(out.match(/global\.arguments/g)!.length).toBe(4);
  });

  test("functions that are not nested in a reader are left alone", () => {
    const src = `function a() { return arguments.length; }\nfunction b(x) { return [].slice.call(arguments).concat(a(x, x)); }\nconsole.log(b(1, 2).join());\n`;
    expect(espruinoPass(src).changed).toBe(false);
  });

  // terser inlines a rest-parameter factory into the async function that throws it; that
  // function has a default parameter, so TypeScript passes `arguments` to __awaiter. On a real
  // Espruino 2v29 the minified bundle printed ValueError(1, 0) (the outer arguments) instead
  // of ValueError(1). Checked statically always, and on Espruino when ESPRUINO_BIN names one.
  test("a rest-parameter factory inlined into an async function with a default parameter (minified es5)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-args-"));
    const app = path.join(dir, "args.ts");
    fs.writeFileSync(
      app,
      `import * as asyncio from "asyncio";
function ValueError(...args: any[]) {
  const e: any = new Error(String(args[0]));
  e.args = args;
  return e;
}
async function task_raise(id: number, t = 0.1) {
  await asyncio.sleep(t);
  throw ValueError(id);
}
async function main() {
  try {
    await task_raise(1, 0);
  } catch (e: any) {
    console.log("ValueError(" + e.args.join(", ") + ")");
  }
}
asyncio.run(main());
`,
    );
    const out = path.join(dir, "args.js");
    return build({ board: "sim", target: "es5", input: app, out, minify: true }).then((r) => {
      expect(r.code).toMatch(/function\(\)\{var [^}]*arguments/); // terser did inline it
      expect(r.espruino!.afterMinify!.argumentsRedirected).toBe(1);
      expect(espruinoCheck(r.code)).toEqual([]);
      const engines: string[] = ["node", "duk"];
      if (process.env.ESPRUINO_BIN) engines.push("espruino");
      return Promise.all(engines.map((e) => runOn(e as any, out))).then((runs) => {
        runs.forEach((res, i) => {
          expect({ engine: engines[i], stdout: res.stdout }).toEqual({ engine: engines[i], stdout: "ValueError(1)\n" });
        });
      });
    });
  });
});

describe("espruino pass: array holes", () => {
  test("TypeScript's generator table `[0, , 3, 4]` gets `void 0`", () => {
    const src = `var t = []; t.push([0, , 3, 4]); console.log(t[0].length, t[0][1], 1 in t[0]);`;
    const out = espruinoPass(src).code;
    expect(out).toContain("[0, void 0 , 3, 4]");
    // a filled hole is an element that holds undefined: only `in` tells the difference
    expect(evalScript(out)).toBe("4 undefined true\n");
    expect(espruinoCheck(src)).toEqual(["array hole at 1:20"]);
  });

  test("leading, trailing and repeated holes, comments and parenthesised elements", () => {
    const src = `console.log([,].length, [, 1].length, [1, ,].length, [(1), /* , */ , 2, , ,].length, [,,][1]);`;
    const out = samePrints(src);
    expect(out.split("void 0").length - 1).toBe(8);
  });

  test("any array literal keeps its length and values (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: -9, max: 99 }), { nil: undefined }), { maxLength: 8 }),
        fc.boolean(),
        (xs, trailing) => {
          const lit = "[" + xs.map((x) => (x === undefined ? "" : String(x))).join(", ") + (trailing ? "," : "") + "]";
          const src = `var a = ${lit}; console.log(a.length + ":" + a.map(String).join("/") + ":" + a.join("/"));`;
          const out = espruinoPass(src).code;
          // holes are skipped by map, so only compare length and join
          const pick = (s: string) => s.split(":")[0] + ":" + s.split(":")[2];
          expect(pick(evalScript(out))).toBe(pick(evalScript(src)));
          expect(espruinoCheck(out)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("espruino pass: rejected syntax", () => {
  test("labels are rejected with their name and position", () => {
    expect(() => espruinoPass(`var x;\nouter: for (;;) { break outer; }`)).toThrow(/label `outer:` \(Espruino has no labels\) at 2:1/);
  });

  test("`with` is rejected", () => {
    expect(() => espruinoPass(`with (Math) { x = PI; }`)).toThrow(/`with` statement/);
  });

  test.each([
    ["let x = 1;", /`let` declaration \(ES2015\/ES6\)/],
    ["const x = 1;", /`const` declaration/],
    ["var f = (a) => a;", /arrow function/],
    ["class A {}", /class/],
    ["var s = `t`;", /template literal/],
    ["f(...xs);", /spread \(\.\.\.\)/],
    ["var {a} = o;", /destructuring/],
    ["function f(a = 1) {}", /default value/],
    ["var o = {[k]: 1};", /computed property key/],
    ["var v = a?.b;", /optional chaining/],
    ["var v = 2 ** 3;", /exponent operator/],
    ["function* g() { yield 1; }", /generator function/],
    ["async function h() { await 1; }", /async function/],
    ["for (var x of xs) {}", /for\.\.of/],
    ["var o = { m() {} };", /method shorthand/],
  ])("%s is refused with a clear message", (src, message) => {
    expect(() => espruinoPass(`var ok = 1;\n${src}`, { filename: "app.js" })).toThrow(message);
    expect(() => espruinoPass(`var ok = 1;\n${src}`, { filename: "app.js" })).toThrow(
      /syntax newer than ES5 in the bundle \(Espruino rejects it\):\n {2}app\.js:2:\d+/,
    );
  });

  test("a plain syntax error names the position", () => {
    expect(() => espruinoPass(`var a = ;`, { filename: "x.js" })).toThrow(
      /not valid ES5 \(Espruino rejects it\): Unexpected token at x\.js:1:9/,
    );
  });
});

describe("ES2019 check (JerryScript 2.4 on Kaluma 1.2)", () => {
  const check = (src: string) => checkSyntax(src, { ecmaVersion: 2019, filename: "k.js", engine: "JerryScript 2.4" });

  test("ES2019 syntax passes", () => {
    expect(() =>
      check(
        `class A { m() { try {} catch {} } } const o = { ...{ a: 1 } }; async function* g() { for await (const x of y) yield x; } let e = 2 ** 3;`,
      ),
    ).not.toThrow();
  });

  test.each([
    ["a?.b", /optional chaining \(\?\.\) \(ES2020\)/],
    ["a ??= 1", /logical assignment \(\?\?=\)/],
    ["a ?? b", /nullish coalescing/],
    ["class A { x = 1 }", /class field/],
    ["class A { #p; }", /class field|#private/],
    ["var n = 10n", /BigInt/],
  ])("%s is refused", (src, message) => {
    expect(() => check(src)).toThrow(message);
    expect(() => check(src)).toThrow(/newer than ES2019 in the bundle \(JerryScript 2\.4 rejects it\):\n {2}k\.js:1:/);
  });
});

// ---------------------------------------------------------------------------------------------
// tools/build.js end to end, on stand-in apps and a stand-in HAL (the real HAL of the
// Espruino boards may not exist yet).

describe("build", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-build-test-"));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  const hal = file("hal.ts", `console.log("hal first");\n`);
  const app = file(
    "app.ts",
    `import board from "board";
class Shape {
  static made = 0;
  constructor(public name: string) { Shape.made++; }
  area(): number { return 0; }
  describe(): string { return this.name + " " + this.area(); }
}
class Square extends Shape {
  constructor(private side: number) { super("square"); }
  override area(): number { return this.side * this.side; }
}
class Cube extends Square {
  override describe(): string { return "cube of " + super.describe(); }
}
function* countdown(n: number) { while (n > 0) yield n--; }
const seen: number[] = [];
for (let it = countdown(3), r = it.next(); !r.done; r = it.next()) seen.push(r.value);
const shapes: Shape[] = [new Shape("dot"), new Square(3), new Cube(2)];
for (const s of shapes) console.log(s.describe(), s instanceof Shape, s instanceof Square);
const { name, ...others } = { name: "n", a: 1, b: 2 };
console.log(seen.join(","), name, Object.keys(others).join(""), [...seen, 0].length, "on", board.name);
`,
  );
  const expected = ["hal first", "dot 0 true false", "square 9 true true", "cube of square 4 true true", "3,2,1 n ab 4 on BOARD", ""].join(
    "\n",
  );

  const engines = ["node", "quickjs", "duk"] as const;

  test.each([
    ["esp32", "es5", true],
    ["esp32", "es5", false],
    ["pico", "es2016", true],
    ["sim", "es5", true],
  ] as const)("%s %s minify=%s runs the same on every engine", (board, target, minify) => {
    const out = path.join(dir, `${board}-${target}-${minify}.js`);
    return build({ board, target, input: app, out, minify, hal }).then((r) => {
      expect(r.file).toBe(out);
      expect(r.bytes).toBe(Buffer.byteLength(fs.readFileSync(out, "utf8")));
      expect(r.code).not.toMatch(/\brequire\(|\bexports\b|^import |^export /m);
      if (target === "es5") {
        expect(espruinoCheck(r.code)).toEqual([]);
        expect(r.espruino!.beforeMinify.functionsHoisted).toBeGreaterThan(0);
      }
      const runs = engines.filter((e) => target === "es5" || e !== "duk");
      return Promise.all(runs.map((e) => runOn(e, out, { timeoutMs: 20000 }))).then((results) => {
        results.forEach((res, i) => {
          expect({ engine: runs[i], stdout: res.stdout, code: res.code }).toEqual({
            engine: runs[i],
            stdout: expected.replace("BOARD", board),
            code: 0,
          });
        });
      });
    });
  });

  test("minified ES5 is smaller, and terser's output is made Espruino-safe again", () => {
    return Promise.all([
      build({ board: "esp32", input: app, out: null, hal }),
      build({ board: "esp32", input: app, out: null, hal, minify: false }),
    ]).then(([min, full]) => {
      expect(min.bytes).toBeLessThan(full.bytes);
      // terser keeps the functions where the pass put them, but may write `var` late again
      // (`return n = ..., x; var n`): the pass after it fixes that.
      expect(min.espruino!.afterMinify!.functionsHoisted).toBe(0);
      expect(espruinoCheck(min.code)).toEqual([]);
      expect(min.code).not.toContain("\n  "); // no layout left
      expect(full.code).toContain("\n  ");
    });
  });

  test("an app without import or export still gets its helpers from tslib", () => {
    // TypeScript would treat such a file as a script and call a global __extends/__awaiter.
    const plain = file(
      "plain.ts",
      `class A { v = 1; }\nclass B extends A { w = 2; }\nasync function f() { return 1; }\nf();\nconsole.log(new B().v + new B().w);\n`,
    );
    const out = path.join(dir, "plain.js");
    return build({ board: "sim", target: "es5", input: plain, out, hal, minify: true }).then((r) => {
      expect(r.code).not.toMatch(/\b__extends\b|\b__awaiter\b/); // bundled and renamed by terser
      return Promise.all(engines.map((e) => runOn(e, out))).then((results) => {
        for (const res of results) expect(res).toMatchObject({ stdout: "hal first\n3\n", code: 0 });
      });
    });
  });

  test("module names come from tsconfig.json's paths (an alias added there works everywhere)", () => {
    expect(moduleMap()).toMatchObject({
      asyncio: "src/asyncio/index.ts",
      time: "src/time/index.ts",
      machine: "src/machine/index.ts",
      pyb: "src/pyb/index.ts",
    });
    expect(moduleMap()).not.toHaveProperty("tslib");
    const cfg = file(
      "tsconfig.json",
      `{ // comments are allowed\n "compilerOptions": { "baseUrl": ".", "paths": { "uasyncio": ["lib/a.ts"], "x/*": ["y/*"] } } }`,
    );
    const m = moduleMap(cfg);
    expect(m.uasyncio).toBe(path.relative(ROOT, path.join(dir, "lib", "a.ts")));
    expect(m).not.toHaveProperty("x/*");
  });

  test("the default output is dist/<board>/<app>.js", () => {
    return build({ board: "esp32", input: app, hal }).then((r) => {
      expect(r.file).toBe(path.join(ROOT, "dist", "esp32", "app.js"));
      fs.rmSync(r.file!);
    });
  });

  test("a board whose HAL driver is missing fails naming the driver", () => {
    const board = JSON.parse(fs.readFileSync(path.join(ROOT, "boards", "pico.json"), "utf8"));
    board.hal = "no-such-driver";
    return expect(build({ board, input: app, out: null })).rejects.toThrow(
      /board "pico" needs the HAL driver "no-such-driver" \(hal\/no-such-driver\.ts\), which does not exist/,
    );
  });

  test("an unknown board lists the boards", () => {
    return expect(build({ board: "nope", input: app, out: null })).rejects.toThrow(/unknown board "nope": boards\/ has .*esp32.*sim/);
  });

  test("a type error fails with the compiler's message, file and line", () => {
    const bad = file("bad.ts", `const n: number = "text";\nconsole.log(n);\n`);
    return expect(build({ board: "sim", input: bad, out: null, hal })).rejects.toThrow(
      /type errors:\n.*bad\.ts\(1,7\): error TS2322: Type 'string' is not assignable to type 'number'/,
    );
  });

  test("a syntax error fails the build", () => {
    const bad = file("syntax.ts", `console.log((1 + );\n`);
    return expect(build({ board: "sim", input: bad, out: null, hal })).rejects.toThrow(
      /syntax\.ts\(1,\d+\): error TS1109: Expression expected/,
    );
  });

  test("an unresolvable import fails instead of becoming a global", () => {
    const bad = file("unresolved.ts", `// @ts-ignore\nimport x from "no-such-module";\nconsole.log(x);\n`);
    return expect(build({ board: "sim", input: bad, out: null, hal })).rejects.toThrow(/no-such-module/);
  });

  test("the CLI exits non-zero with the message on a type error, and reports the size on success", () => {
    const bad = file("cli-bad.ts", `let s: string = 5;\n`);
    const cli = (args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, "tools", "build.js"), ...args], { encoding: "utf8", cwd: ROOT, timeout: 60000 });
    const failed = cli(["--board", "sim", "--hal", hal, "--out", path.join(dir, "cli-bad.js"), bad]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/build failed: type errors:\n.*cli-bad\.ts\(1,5\): error TS2322/);
    const ok = cli(["--board", "esp32", "--hal", hal, "--out", path.join(dir, "cli-ok.js"), app]);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/cli-ok\.js: \d+ bytes \(es5, minified, \d+\.\d% of esp32's 262144 bytes\)\n$/);
  });
});

// The bundle cache (dist/.build-cache, here a folder of the test's own): an unchanged build is
// served from it; a changed source, a new file beside a source, or a change of options is built
// again; a lock left by a build that was stopped does not hold the next one.
describe("the bundle cache", () => {
  test("serves an unchanged build, and builds again what changed", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-bundle-cache-"));
    const cache = path.join(dir, "cache");
    const src = path.join(dir, "app.ts");
    const out = path.join(dir, "app.js");
    fs.writeFileSync(
      src,
      `import * as asyncio from "asyncio";
async function main() { console.log("one"); }
asyncio.run(main());
`,
    );
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, "tools", "build.js"), "--board", "sim", "--out", out, ...args, src], {
        encoding: "utf8",
        cwd: ROOT,
        timeout: 120000,
        env: { ...process.env, MPA_BUILD_CACHE: cache },
      });
    const entries = () => fs.readdirSync(cache).filter((f) => f.endsWith(".json"));
    // Marks the cached bundle, so that a bundle served from the cache shows it.
    const mark = () => {
      for (const f of entries()) {
        const e = JSON.parse(fs.readFileSync(path.join(cache, f), "utf8"));
        e.made.code = e.made.code.replace('"one"', '"cached one"');
        fs.writeFileSync(path.join(cache, f), JSON.stringify(e));
      }
    };
    const built = () => fs.readFileSync(out, "utf8");
    expect(cli().status).toBe(0);
    expect(entries().length).toBe(1);
    mark();
    expect(cli().status).toBe(0);
    expect(built()).toContain('"cached one"'); // served
    fs.writeFileSync(src, fs.readFileSync(src, "utf8").replace('"one"', '"two"'));
    expect(cli().status).toBe(0);
    expect(built()).toContain('"two"'); // the app changed: built again
    mark();
    fs.writeFileSync(path.join(dir, "other.ts"), "export const x = 1;\n");
    expect(cli().status).toBe(0);
    expect(built()).not.toContain("cached"); // a new file beside it: built again
    expect(cli("--minify").status).toBe(0);
    expect(built()).not.toMatch(/\n {2}/); // other options: another entry
    expect(entries().length).toBe(2);
    // A lock whose process is gone is taken over at once.
    fs.writeFileSync(src, fs.readFileSync(src, "utf8").replace('"two"', '"three"'));
    for (const f of entries()) fs.writeFileSync(path.join(cache, `${f}.lock`), "999999999");
    const r = cli();
    expect(r.status).toBe(0);
    expect(built()).toContain('"three"');
  });
});

// tools/ts-plugin.js keeps each file's JavaScript and diagnostics under a key of everything
// they depend on, in memory and on disk (dist/.ts-cache): an importer whose own text did not
// change must still follow what it imports (a const enum's value is inlined into its code, a
// changed signature makes its call an error), in the same process and in a fresh one.
describe("TypeScript's per-file cache (tools/ts-plugin.js)", () => {
  test("an unchanged importer follows its imports: const enum values, signatures; across processes", () => {
    const ts = require("typescript");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-ts-cache-"));
    const cache = path.join(dir, "cache");
    const a = path.join(dir, "a.ts");
    const b = path.join(dir, "b.ts");
    fs.writeFileSync(a, `import { E, f } from "./b";\nexport const v = E.A + f(1);\n`);
    const writeB = (value: number, param: string) => {
      fs.writeFileSync(b, `export const enum E { A = ${value} }\nexport function f(x: ${param}): number { return 0; }\n`);
      const later = new Date(Date.now() + value * 1000); // (a new stamp even within one clock tick)
      fs.utimesSync(b, later, later);
    };
    const options = { target: ts.ScriptTarget.ES2016, module: ts.ModuleKind.ESNext, strict: true, noEmit: false, types: [] };
    const fresh = () => {
      let m: any;
      jest.isolateModules(() => {
        m = require("../tools/ts-plugin");
      });
      return m;
    };
    const run = (plugin: any) => {
      const r = plugin.compile([a], options, (f: string) => path.basename(f), cache);
      return { code: r.emitted.get(path.normalize(a)).code as string, errors: r.errors as string[] };
    };
    writeB(1, "number");
    const p1 = fresh();
    const r1 = run(p1);
    expect(r1.code).toContain("1 /* E.A */");
    expect(r1.errors).toEqual([]);
    writeB(2, "number"); // same process: a.ts re-emitted
    expect(run(p1).code).toContain("2 /* E.A */");
    writeB(3, "string"); // a fresh process with the disk cache: a.ts re-checked
    const r3 = run(fresh());
    expect(r3.code).toContain("3 /* E.A */");
    expect(r3.errors.join("\n")).toMatch(
      /a\.ts\(2,26\): error TS2345: Argument of type 'number' is not assignable to parameter of type 'string'/,
    );
    writeB(1, "number"); // back to the first texts: the first entries, from disk, are right again
    const r4 = run(fresh());
    expect(r4.code).toBe(r1.code);
    expect(r4.errors).toEqual([]);
    expect(fs.readdirSync(cache).filter((f) => f.endsWith(".json")).length).toBeGreaterThanOrEqual(6); // a and b, three states
  });
});

// rollup.config.js is the same build: `npx rollup -c` writes what `npm run build` writes.
describe("rollup.config.js", () => {
  const rollupCli = (env: string, cwd = ROOT) =>
    spawnSync(
      process.execPath,
      [path.join(ROOT, "node_modules", "rollup", "dist", "bin", "rollup"), "-c", path.join(ROOT, "rollup.config.js"), "--environment", env],
      {
        encoding: "utf8",
        cwd,
        timeout: 120000,
      },
    );
  for (const [board, target] of [
    ["esp32", "es5"],
    ["host", "es2016"],
  ]) {
    test(`npx rollup -c --environment BOARD:${board},APP:examples/blink.ts makes the bytes npm run build makes (${target}${target === "es2016" ? ", with its source map" : ""})`, () => {
      const a = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-rollup-c-"));
      const b = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-build-"));
      const r = rollupCli(`BOARD:${board},APP:examples/blink.ts,OUT:${path.join(a, "blink.js")}`);
      expect(r.stderr).toMatch(/created .*blink\.js/);
      expect(r.status).toBe(0);
      return build({ board, input: path.join(ROOT, "examples", "blink.ts"), out: path.join(b, "blink.js") }).then((made) => {
        expect(made.target).toBe(target);
        expect(fs.readFileSync(path.join(a, "blink.js"), "utf8")).toBe(fs.readFileSync(path.join(b, "blink.js"), "utf8"));
        // Device boards: the asyncio_inspect file beside it too (asyncio.ps()), the same bytes.
        const inspect = [a, b].map(
          (d) => fs.existsSync(path.join(d, "asyncio_inspect.js")) && fs.readFileSync(path.join(d, "asyncio_inspect.js"), "utf8"),
        );
        expect(inspect[0]).toBe(inspect[1]);
        expect(!!inspect[0]).toBe(board === "esp32");
        const maps = [a, b].map(
          (d) => fs.existsSync(path.join(d, "blink.js.map")) && fs.readFileSync(path.join(d, "blink.js.map"), "utf8"),
        );
        expect(maps[0]).toBe(maps[1]);
        expect(!!maps[0]).toBe(target === "es2016");
        if (target === "es2016") expect(made.code).toMatch(/\n\/\/# sourceMappingURL=blink\.js\.map\n$/);
      });
    });
  }

  test("without BOARD and APP it says how to name them; a bad board is named", () => {
    const none = rollupCli("TARGET:es5");
    expect(none.status).not.toBe(0);
    expect(none.stderr).toMatch(/name the board and the app: npx rollup -c --environment BOARD:<board>,APP:<app\.ts> \(boards: esp32, /);
    const bad = rollupCli("BOARD:nope,APP:examples/blink.ts");
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/unknown board "nope"/);
  });
});

// rollup drops statements it finds free of side effects, loops included, and the app's loops
// are its behaviour: a busy-wait delay, a task that never yields (MicroPython blocks there
// forever). Built with the real sim HAL, minified (terser is checked too), on both targets.
describe("the build keeps every loop the app wrote", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-loops-test-"));
  const app = path.join(dir, "loops.ts");
  fs.writeFileSync(
    app,
    `import * as asyncio from "asyncio";
function delay(n: number) {
  for (let i = 0; i < n; i++) {}
}
let spins = 0;
async function spinner() {
  while (true) spins++;
}
async function main() {
  delay(1234567);
  let j = 0;
  while (j < 7654321) j++;
  do {} while (j < 0);
  console.log("before");
  asyncio.create_task(spinner());
  await asyncio.sleep_ms(10);
  console.log("after: MicroPython never gets here");
}
asyncio.run(main());
`,
  );

  test.each([["es5"], ["es2016"]] as const)("sim %s: the delay loops are there and the spinning task never lets main go on", (target) => {
    const out = path.join(dir, `loops-${target}.js`);
    return build({ board: "sim", target, input: app, out }).then((r) => {
      expect(r.code).toContain("1234567");
      expect(r.code).toContain("7654321");
      return runOn("node", out, { timeoutMs: 1000 }).then((res) => {
        expect(res.stdout).toBe("before\n");
        expect(res.timedOut).toBe(true);
      });
    });
  });
});

// tools/coro-pass.js: TypeScript's ES5 state machines jump in place and yield one shared array.
// TypeScript's ES5 output turns a loop body that awaits and whose `let` a closure captures into
// a generator of its own, delegated to with yield* (`[5, _loop_1(i)]`): the runtime awaits it.
test("ES5: a loop whose body awaits and whose let a closure captures runs as written (node, duktape)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-yield-star-"));
  const app = path.join(dir, "loop.ts");
  fs.writeFileSync(
    app,
    `import * as asyncio from "asyncio";
const later: (() => void)[] = [];
async function main() {
  for (let i = 0; i < 3; i++) {
    await asyncio.sleep_ms(1);
    later.push(() => console.log("closure sees", i));
    if (i === 1) continue;
    console.log("body", i);
  }
  for (let j = 0; j < 5; j++) {
    await asyncio.sleep_ms(1);
    later.push(() => console.log("j", j));
    if (j === 1) return "returned at " + j;
  }
  return "not reached";
}
const r = asyncio.run(main());
for (const f of later) f();
console.log(r);
`,
  );
  const out = path.join(dir, "loop.js");
  return build({ board: "sim", target: "es5", input: app, out, minify: true }).then((r) => {
    expect(r.code).toMatch(/\[5,/); // (the delegation is there)
    return Promise.all(["node", "duk"].map((e) => runOn(e, out, { timeoutMs: 5000 }))).then((results: any[]) => {
      for (const res of results) {
        expect(res.stdout).toBe("body 0\nbody 2\nclosure sees 0\nclosure sees 1\nclosure sees 2\nj 0\nj 1\nreturned at 1\n");
        expect(res.code).toBe(0);
      }
    });
  });
});

describe("coro pass (ES5 state machines)", () => {
  const { coroPass } = require("../tools/coro-pass");
  const ts = require("typescript");
  const es5 = (src: string) =>
    ts.transpileModule(src, {
      compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.ESNext, importHelpers: true, noEmitHelpers: true },
    }).outputText;

  test("a loop that awaits: the switch in a for (;;), jumps as continue, awaits through Y, sent() without a call", () => {
    const out = coroPass(
      es5(`declare function s(): any;\nexport async function w(r: number) { for (let i = 0; i < r; i++) await s(); }\n`),
    );
    expect(out).toMatch(/for \(;;\) switch \(_a\.label\)/);
    expect(out).toMatch(/\{ _a\.label = 4; continue; \}/);
    expect(out).toMatch(/return \(_a\.r = s\(\), _a\.Y\);/);
    expect(out).toMatch(/\(_a\.x \? _a\.sent\(\) : _a\.v\)/);
    expect(out).not.toMatch(/return \[3|return \[4/);
  });

  test("a body with try regions keeps its jumps (only the driver runs finally blocks), but not its arrays", () => {
    const out = coroPass(
      es5(`declare function s(): any;\nexport async function w() { for (;;) { try { await s(); } finally { await s(); } } }\n`),
    );
    expect(out).not.toMatch(/for \(;;\) switch/);
    expect(out).toMatch(/return \[3/);
    expect(out).toMatch(/\.Y\)/);
  });

  test("nested awaits in an await's value and nested generators are each rewritten once", () => {
    const out = coroPass(
      es5(
        `declare function f(x: any): any;\nexport async function w() { return f(await f(await f(1))); }\nexport async function v() { const g = async () => await f(2); return g; }\n`,
      ),
    );
    expect(out.match(/\.Y\)/g)!.length).toBe(3);
    expect(coroPass(out)).toBe(null); // nothing left to do: the pass may run twice
  });
});

describe("class pass (ES5 class IIFEs taken apart)", () => {
  const { flattenClasses } = require("../tools/class-pass");
  const ts = require("typescript");
  // A module as rollup's iife output has it: TypeScript's ES5 classes at the wrapper's top level.
  const bundle = (src: string) =>
    "(function () {\n'use strict';\n" +
    ts.transpileModule(src, { compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.None } }).outputText +
    "\n})();\n";
  const classes = `
    class Base { x: number; constructor(x: number) { this.x = x; } get() { return this.x; } static make() { return new Base(7); } }
    class Sub extends Base { constructor(x: number) { super(x * 2); } get() { return super.get() + 1; } }
    class Leaf extends Sub { }
    const l = new Leaf(5);
    console.log(new Sub(5).get(), Base.make().get(), l.get(), l instanceof Sub, l instanceof Base, Sub.name);
  `;

  test("methods are made in the module's scope; inheritance, super calls and statics behave the same (vm and duktape)", () => {
    const src = bundle(classes);
    const r = flattenClasses(src);
    expect(r.count).toBe(3);
    expect(r.code).not.toMatch(/@class/);
    expect(r.code).toMatch(/^ {0,4}function Sub\(x\)/m);
    const expected = "11 7 11 true true Sub\n";
    expect(evalScript(src)).toBe(expected);
    expect(evalScript(r.code)).toBe(expected);
    expect(duk(r.code)).toBe(expected);
    expect(espruinoCheck(espruinoPass(r.code).code)).toEqual([]);
  });

  test("a class whose base's name means something else inside it is left as it is", () => {
    const src = bundle(`
      class Base { get() { return 1; } }
      class Sub extends Base { get() { const Base = 40; return super.get() + Base; } }
      console.log(new Sub().get());
    `);
    const r = flattenClasses(src);
    expect(r.count).toBe(1); // Base only
    expect(r.code).toMatch(/\(function \(_super\)/);
    expect(evalScript(r.code)).toBe("41\n");
  });
});

// The REPL globals of device and host bundles (tools/repl-globals.js): by default only the
// modules the app's bundle contains (plus the REPL's inspection API), with --repl full every
// module. The app prints what the REPL would find.
describe("REPL globals", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-repl-globals-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  // An app of these lines in the test's folder: its path.
  const appFile = (name: string, lines: string[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, [...lines, ""].join("\n"));
    return file;
  };
  // The app runs its main task once: one sleep, then "done".
  const MAIN = ["async function main() {", "  await asyncio.sleep_ms(1);", '  console.log("done");', "}", "asyncio.run(main());"];
  const app = appFile("app.ts", [
    'import * as asyncio from "asyncio";',
    "const g: any = globalThis;",
    'console.log(Object.keys(g.asyncio).sort().join(" "));',
    "console.log(typeof g.time, typeof g.machine, typeof g.pyb);",
    ...MAIN,
  ]);
  const run = (repl?: string) =>
    build({ board: "host", input: app, out: path.join(dir, `${repl || "default"}.js`), repl }).then((r: any) =>
      runOn("node", r.file, { timeoutMs: 10000 }),
    );
  test("by default: the app's modules and the inspection API, nothing else", () =>
    run().then((r: any) => {
      const [names, mods] = r.stdout.split("\n");
      const got = names.split(" ");
      for (const n of ["create_task", "run", "sleep_ms", "Task", "ps", "tasks", "stats", "halt", "resume", "CancelledError"])
        expect(got).toContain(n);
      // (The Loop API too: a task's unretrieved exception is reported without it.)
      for (const n of [
        "gather",
        "wait_for",
        "Event",
        "ThreadSafeFlag",
        "Lock",
        "open_connection",
        "Stream",
        "Queue",
        "Loop",
        "get_event_loop",
      ])
        expect(got).not.toContain(n);
      expect(mods).toBe("undefined undefined undefined");
      expect(r.code).toBe(0);
    }));
  test("--repl full: every MicroPython name, the streams (the host board has a network) and every module", () =>
    run("full").then((r: any) => {
      const [names, mods] = r.stdout.split("\n");
      const mp = Object.keys(require("../src/asyncio/micropython")).filter((k) => k !== "__esModule");
      const streams = ["Server", "Stream", "StreamReader", "StreamWriter", "open_connection", "start_server"];
      expect(names.split(" ")).toEqual([...mp, ...streams].sort());
      expect(mods).toBe("object object object");
    }));
  test("pyb.LED alone brings `pyb` but not `machine` (machine.Pin is not in the bundle)", () => {
    const led = appFile("led.ts", [
      'import { LED } from "pyb";',
      "const g: any = globalThis;",
      "LED(1).off();",
      "console.log(typeof g.machine, typeof g.pyb);",
    ]);
    return build({ board: "host", input: led, out: path.join(dir, "led.js") })
      .then((r: any) => runOn("node", r.file, { timeoutMs: 10000 }))
      .then((r: any) => {
        expect(r.stdout.split("\n")[0]).toBe("undefined object");
        expect(r.code).toBe(0);
      });
  });
  test("device boards leave the socket layer out of an app that does not use the network", () => {
    const client = appFile("client.ts", [
      'import * as asyncio from "asyncio";',
      "async function main() {",
      '  const [r, w] = await asyncio.open_connection("127.0.0.1", 8080);',
      "  w.close();",
      "}",
      "asyncio.run(main());",
    ]);
    const blink = path.join(ROOT, "examples", "blink.ts");
    const uses = (board: string, input: string) => build({ board, input, out: null }).then((r: any) => r.code.includes('require("net")'));
    return Promise.all(["esp32", "pico-w"].map((board) => Promise.all([board, uses(board, blink), uses(board, client)]))).then((got) =>
      expect(got).toEqual([
        ["esp32", false, true],
        ["pico-w", false, true],
      ]),
    );
  });
  test("watching (flash.sh --watch, rollup -c -w) keeps the socket layer: the app may start using the network at its next save", () => {
    const { rollup } = require("rollup");
    const { configFor, rollupOptions } = require("../tools/build.js");
    const blink = path.join(ROOT, "examples", "blink.ts");
    // (configFor gives the asyncio_inspect file's options too, second, on device boards.)
    const code = (o: any) => {
      const options = Array.isArray(o) ? o[0] : o;
      return rollup(options).then((b: any) => b.generate(options.output).then((g: any) => g.output[0].code as string));
    };
    return Promise.all([
      rollupOptions({ board: "esp32", input: blink, out: path.join(dir, "w.js"), watch: true }).then((r: any) => code(r.options)),
      configFor({ BOARD: "esp32", APP: blink, OUT: path.join(dir, "w2.js"), ROLLUP_WATCH: "true" }).then(code),
      configFor({ BOARD: "esp32", APP: blink, OUT: path.join(dir, "w3.js") }).then(code),
    ]).then((got) => expect(got.map((c) => c.includes('require("net")'))).toEqual([true, true, false]));
  });
  test("--repl none: no globals at all (the smallest footprint); the app runs as before", () => {
    const bare = appFile("bare.ts", [
      'import * as asyncio from "asyncio";',
      "const g: any = globalThis;",
      "console.log(typeof g.asyncio, typeof g.time, typeof g.machine, typeof g.pyb);",
      ...MAIN,
    ]);
    return build({ board: "host", input: bare, out: path.join(dir, "bare.js"), repl: "none" })
      .then((r: any) => runOn("node", r.file, { timeoutMs: 10000 }))
      .then((r: any) => {
        expect(r.stdout.split("\n").slice(0, 2)).toEqual(["undefined undefined undefined undefined", "done"]);
        expect(r.code).toBe(0);
      });
  });
  test("--repl must be app, full or none", () =>
    expect(build({ board: "host", input: app, out: null, repl: "some" })).rejects.toThrow("--repl some: use app"));
});
