// The conformance apps' print()/repr()/str() (test/conformance/py.ts) render values as
// MicroPython prints them; these are the forms the expected outputs contain.
import * as asyncio from "asyncio";
import { repr, str, print, tuple, bytes, bytearray, format, range, round, floordiv } from "./py";

test("None, booleans, numbers, strings", () => {
  expect(repr(null)).toBe("None");
  expect(repr(undefined)).toBe("None");
  expect(repr(true)).toBe("True");
  expect(repr(false)).toBe("False");
  expect(repr(42)).toBe("42");
  expect(repr(-0)).toBe("0");
  expect(repr(1.5)).toBe("1.5");
  expect(repr("a")).toBe("'a'");
  expect(repr("can't")).toBe('"can\'t"');
  expect(repr("a'b\"c")).toBe("'a\\'b\"c'");
  expect(repr("x\ny\\")).toBe("'x\\ny\\\\'");
  expect(str("a")).toBe("a");
});

test("lists, tuples, dicts, bytes", () => {
  expect(repr([1, "a", null, [true]])).toBe("[1, 'a', None, [True]]");
  expect(repr([])).toBe("[]");
  expect(repr(tuple())).toBe("()");
  expect(repr(tuple(1))).toBe("(1,)");
  expect(repr(tuple("complete", [null, null]))).toBe("('complete', [None, None])");
  expect(repr({ a: 1 })).toBe("{'a': 1}");
  expect(repr(bytes("12"))).toBe("b'12'");
  expect(repr(bytes("\x00'"))).toBe('b"\\x00\'"');
  expect(repr(bytearray("56"))).toBe("bytearray(b'56')");
});

test("exceptions in MicroPython's form", () => {
  expect(repr(new asyncio.ValueError(2))).toBe("ValueError(2,)");
  expect(repr(new asyncio.ValueError())).toBe("ValueError()");
  expect(repr(new asyncio.ValueError("intentional exception", "a"))).toBe("ValueError('intentional exception', 'a')");
  expect(repr(new asyncio.CancelledError())).toBe("CancelledError()");
  expect(repr(new asyncio.RuntimeError("can't wait"))).toBe('RuntimeError("can\'t wait",)');
  expect(repr(new TypeError("coroutine expected"))).toBe("TypeError('coroutine expected',)");
  expect(repr([new asyncio.CancelledError(), 2])).toBe("[CancelledError(), 2]");
  expect(str(new asyncio.RuntimeError("can't cancel self"))).toBe("can't cancel self");
  expect(str(new asyncio.ValueError())).toBe("");
  expect(str(new asyncio.ValueError(1, 2))).toBe("(1, 2)");
});

test("print joins str() of its arguments with spaces in one console.log call", () => {
  const calls: any[][] = [];
  const log = console.log;
  console.log = (...a: any[]) => {
    calls.push(a);
  };
  try {
    print("== start", true, null, 3, [1]);
  } finally {
    console.log = log;
  }
  expect(calls).toEqual([["== start True None 3 [1]"]]);
});

test("format, range, round, floordiv", () => {
  expect(format("Task {}: factorial({}) = {}", "A", 2, 2)).toBe("Task A: factorial(2) = 2");
  expect(range(3)).toEqual([0, 1, 2]);
  expect(range(1, 4)).toEqual([1, 2, 3]);
  expect(range(3, 0, -1)).toEqual([3, 2, 1]);
  expect(round(201, -2)).toBe(200);
  expect(round(250, -2)).toBe(200);
  expect(round(350, -2)).toBe(400);
  expect(round(-1, -2)).toBe(0);
  expect(floordiv(0x3fffffff, 2)).toBe(0x1fffffff);
  expect(floordiv(-3, 2)).toBe(-2);
});
