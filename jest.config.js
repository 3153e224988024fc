// Jest runs the TypeScript tests through ts-jest with test/tsconfig.json (the project's
// tsconfig plus jest's and Node's types, CommonJS output). Type errors fail the test file.
//
// RULE FOR TEST FILES: tests are compiled like the runtime, with importHelpers and OUR tslib
// (src/runtime/tslib.ts), so in a test file an `async function` returns the runtime's lazy
// coroutine, NOT a Promise, and jest would not wait for it. Test functions must therefore be
// synchronous, or return an explicit Promise (`return new Promise((resolve, reject) => ...)`
// or `return somePromise.then(...)`). Never write `test("x", async () => ...)`: jest fails such
// a test, and test/support/setup.ts makes a hook (beforeAll...) given one fail as well.
//
// Module names as inside a bundle: tsconfig.json's `paths` (ts-jest's pathsToModuleNameMapper),
// "tslib" -> src/runtime/tslib.ts, "asyncio" -> src/asyncio/index.ts, ..., and "board" -> the
// sim board (test/support/board.js).
const { pathsToModuleNameMapper } = require("ts-jest");
const ts = require("typescript");

// Except "tls" (in bundles the ssl module's other name): here it stays the name of the
// engines' own module, which the Espruino driver requires and its fake-engine tests mock.
const { paths } = ts.readConfigFile(require.resolve("./tsconfig.json"), ts.sys.readFile).config.compilerOptions;
const { tls, ...appModules } = paths;
const modules = pathsToModuleNameMapper(appModules, { prefix: "<rootDir>/" });

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  testMatch: ["<rootDir>/test/**/*.test.ts", "<rootDir>/test/**/*.test.js"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/.rollup.cache/"],
  moduleFileExtensions: ["ts", "js", "json"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/test/tsconfig.json", diagnostics: true }],
  },
  moduleNameMapper: {
    ...modules, // "tslib" -> src/runtime/tslib.ts among them
    "^board$": "<rootDir>/test/support/board.js",
  },
  // Builds type-check and bundle a whole app; engines run child processes.
  testTimeout: 60000,
  // Both cores (jest would use one on a 2-core machine). Engine runs are limited by CPU time,
  // not wall-clock time (tools/engines.js), so the load this adds fails nothing.
  maxWorkers: 2,
  // One bundle cache per run, shared by the workers (tools/build.js).
  setupFilesAfterEnv: ["<rootDir>/test/support/setup.ts"],
  globalSetup: "<rootDir>/test/support/global-setup.js",
  globalTeardown: "<rootDir>/test/support/global-teardown.js",
};
