// Jest runs the TypeScript tests through ts-jest with test/tsconfig.json (the project's
// tsconfig plus jest's and Node's types, CommonJS output). Type errors fail the test file.
//
// RULE FOR TEST FILES: tests are compiled like the runtime, with importHelpers and OUR tslib
// (src/runtime/tslib.ts), so in a test file an `async function` returns the runtime's lazy
// coroutine, NOT a Promise, and jest would not wait for it. Test functions must therefore be
// synchronous, or return an explicit Promise (`return new Promise((resolve, reject) => ...)`
// or `return somePromise.then(...)`). Never write `test("x", async () => ...)`.
//
// Module names as inside a bundle: "tslib", "asyncio", "time" (and "machine", "pyb" once they
// exist) map to src/, and "board" to the sim board (test/support/board.js).

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/test/**/*.test.js'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.rollup.cache/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: true }],
  },
  moduleNameMapper: {
    '^tslib$': '<rootDir>/src/runtime/tslib.ts',
    '^asyncio$': '<rootDir>/src/asyncio/index.ts',
    '^time$': '<rootDir>/src/time/index.ts',
    '^machine$': '<rootDir>/src/machine/index.ts',
    '^pyb$': '<rootDir>/src/pyb/index.ts',
    '^board$': '<rootDir>/test/support/board.js',
  },
  // Builds type-check and bundle a whole app; engines run child processes.
  testTimeout: 60000,
};
