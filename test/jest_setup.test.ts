// test/support/setup.ts: hooks given a coroutine instead of a Promise fail loudly.
import { checked_hook } from "./support/setup";

test("a hook that returns a coroutine throws, naming the mistake", () => {
  const hook = checked_hook("beforeAll", async () => {
    throw new Error("never runs");
  });
  expect(() => hook()).toThrow(/beforeAll\(\) was given a function that returned .*not a Promise/);
});

test("hooks returning nothing or a Promise, and done-callback hooks, are left as they are", () => {
  expect(checked_hook("afterEach", () => undefined)()).toBeUndefined();
  const p = Promise.resolve(1);
  expect(checked_hook("afterEach", () => p)()).toBe(p);
  const withDone = (done: () => void) => done();
  expect(checked_hook("beforeEach", withDone)).toBe(withDone);
});

test("the global hooks of every test file are the checked ones", () => {
  for (const name of ["beforeAll", "beforeEach", "afterAll", "afterEach"]) expect((globalThis as any)[name].checked_hook).toBe(true);
});
