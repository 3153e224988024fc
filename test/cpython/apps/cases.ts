// Port of test/cpython/cases.py: what the ports of CPython's own test cases share. Each
// assertion prints "ok" or what it got; each case runs in a task of its own.
import * as asyncio from "asyncio";
import { print, repr } from "../../conformance/py";

let case_ = "";

export function check(what: string, got: any, want: any): void {
  print(case_, what, JSON.stringify(got) === JSON.stringify(want) ? "ok" : `FAIL: got ${repr(got)}, want ${repr(want)}`);
}

// loop.call_soon(f), as a task.
export function soon(f: () => any): asyncio.Task {
  return asyncio.create_task(
    (async () => {
      f();
    })(),
  );
}

// What awaiting t raises, if it is a cls (null if t returns; anything else propagates).
export async function raises(t: any, cls: any): Promise<any> {
  try {
    await t;
  } catch (e) {
    if (e instanceof cls) return e;
    throw e;
  }
  return null;
}

// Awaiting t raises CancelledError.
export async function raises_cancelled(t: any) {
  return (await raises(t, asyncio.CancelledError)) !== null;
}

// t.cancelled(): done, and awaiting it raises CancelledError.
export async function cancelled(t: asyncio.Task | null) {
  if (t === null || !t.done()) return false;
  return await raises_cancelled(t);
}

export async function run(cases: [string, () => Promise<void>][]) {
  for (const [name, t] of cases) {
    case_ = name;
    await asyncio.create_task(t());
  }
  print("done");
}
