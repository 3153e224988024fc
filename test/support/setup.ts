// Runs in every test file before its tests (jest.config.js setupFilesAfterEach).

// The build-time constants tools/build.js writes into bundles: ts-jest compiles to ES2016, so
// coroutines are native generators; the Kaluma HAL keeps its Pico W (CYW43) code and the device
// HALs their socket layers; asyncio.ps() and stats() are in the runtime (no file to load).
(globalThis as any).__ES5__ = false;
(globalThis as any).__CYW43__ = true;
(globalThis as any).__NET__ = true;
(globalThis as any).__INSPECT_ID__ = "";

// In a test file an `async function` is the runtime's lazy coroutine, not a Promise (see
// jest.config.js). jest itself refuses a TEST that returns one ("test functions can only return
// Promise or undefined"), but a hook (beforeAll...) that returns one passes without running a
// line of its body. The hooks are wrapped here so that such a hook fails its tests instead.

export function checked_hook(name: string, fn: (...a: any[]) => any): (...a: any[]) => any {
  if (typeof fn !== "function" || fn.length > 0) return fn; // done-callback hooks return nothing
  return function (this: any) {
    const r = fn.call(this);
    if (r !== undefined && (r === null || typeof r.then !== "function")) {
      throw new Error(
        `${name}() was given a function that returned ${Object.prototype.toString.call(r)}, not a Promise: ` +
          "an `async` function in a test file is the runtime's coroutine, which jest never runs. Return a Promise instead (see jest.config.js).",
      );
    }
    return r;
  };
}

const g = globalThis as any;
for (const name of ["beforeAll", "beforeEach", "afterAll", "afterEach"]) {
  const original = g[name];
  if (typeof original !== "function" || original.checked_hook) continue;
  const wrapped = (fn: any, timeout?: number) => original(checked_hook(name, fn), timeout);
  (wrapped as any).checked_hook = true;
  g[name] = wrapped;
}
