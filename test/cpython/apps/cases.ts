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

// Awaiting t raises CancelledError.
export async function raises_cancelled(t: any) {
  try {
    await t;
  } catch (e) {
    if (e instanceof asyncio.CancelledError) return true;
    throw e;
  }
  return false;
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
