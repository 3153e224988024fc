// Coroutines without native generators. TypeScript lowers `async function f() {...}` to
//   function f() { return __awaiter(this, void 0, void 0, function () {
//     return __generator(this, function (_a) { switch (_a.label) { ... return [4, x]; ... } }) }) }
// where the body is a state machine returning instructions:
//   [2, v] return, [3, L] jump to label L, [4, v] yield (await) v, [5, it] yield* (a loop body's
//   generator: awaited), [7] end of finally;
// plus, from tools/coro-pass.js (ES5 bundles), [8]: yield the value the body left in `r` (one
// shared array, Coro.prototype.Y, instead of a new [4, v] at every await).
// and `_a.sent()` at each resume point reads the value sent in (or throws the exception thrown in).
// `_a.trys.push([tryLabel, catchLabel, finallyLabel, endLabel])` opens a protected region.
//
// Instead of wrapping that body in a generic generator object, a Coro IS the `_a` state: the
// scheduler calls the body directly through coro_resume() (the lean driver that made Espruino
// 3x faster), and a finished coroutine reports through DONE. __awaiter returns the lazy Coro
// (or, with native generators, the generator object itself), so nothing runs until a task or
// an awaiting coroutine steps it, exactly as MicroPython steps generator-based coroutines.

export const DONE = { done: true };

// The instructions (TypeScript's numbering). A const enum: the build writes the numbers
// themselves, so naming them costs nothing on the engines that pay per lookup.
const enum Op {
  Return = 2, // [2, v]
  Jump = 3, // [3, label]
  Yield = 4, // [4, v]: the await of v
  YieldStar = 5, // [5, it]
  Throw = 6, // [6, e]
  EndFinally = 7, // [7]
  YieldR = 8, // [8]: the await of c.r (tools/coro-pass.js)
}

export class Coro {
  label: number; // next resume label; -1 once finished
  v: any; // value sent in / exception thrown in; the result once finished
  x: boolean; // v is an exception (thrown in, or the coroutine raised it)
  p: any; // awaiting (parent) coroutine while this one runs inside a task
  tr: any[] | null; // open protected regions, innermost last
  op: any[] | null; // completions postponed while a finally block runs
  b: (state: Coro) => any; // TypeScript's state machine
  t: any; // `this` of the async function
  r: any; // what the body yields with Y (tools/coro-pass.js)
  Y!: any[]; // [8], on the prototype

  constructor(thisArg: any, body: (state: Coro) => any) {
    this.label = 0;
    this.v = undefined;
    this.x = false;
    this.p = null;
    this.tr = null;
    this.op = null;
    this.b = body;
    this.t = thisArg;
    this.r = undefined;
  }

  // Created on first use: most coroutines have no try blocks.
  get trys(): any[] {
    return this.tr || (this.tr = []);
  }

  sent(): any {
    if (this.x) {
      this.x = false;
      throw this.v;
    }
    return this.v;
  }

  // Iterator protocol, so ES5-lowered `function*` generators work as ordinary iterators too.
  next(v?: any): { value: any; done: boolean } {
    return iterate(this, v, false, null);
  }
  throw(e: any): { value: any; done: boolean } {
    return iterate(this, e, true, null);
  }
  return(v?: any): { value: any; done: boolean } {
    return iterate(this, undefined, false, [Op.Return, v]);
  }
  send(v: any): any {
    return this.next(v).value;
  }
}

// The yield instruction of tools/coro-pass.js: one array for every await. Only ES5 bundles
// have Coro objects: elsewhere the condition folds to false and the class is tree-shaken (this
// assignment alone kept it in every es2016 bundle).
if (__ES5__) Coro.prototype.Y = [Op.YieldR];

// How many next()/throw()/return() calls are running (yield* means await only outside them).
let iterating = 0;

function iterate(c: Coro, v: any, x: boolean, op: any[] | null): { value: any; done: boolean } {
  iterating++;
  let r: any;
  try {
    r = coro_resume(c, v, x, op);
  } finally {
    iterating--;
  }
  return iter_result(c, r);
}

function iter_result(c: Coro, r: any): { value: any; done: boolean } {
  if (r !== DONE) return { value: r, done: false };
  if (c.x) {
    c.x = false;
    const e = c.v;
    c.v = undefined;
    throw e;
  }
  const v = c.v;
  c.v = undefined;
  return { value: v, done: true };
}

function run_body(c: Coro): any {
  try {
    return c.b.call(c.t, c);
  } catch (e) {
    return [Op.Throw, e];
  }
}

// Resume `c` with v sent in (x: thrown in), or with a pending completion `op` (generator.return).
// Returns the value the coroutine awaits next, or DONE with the outcome in c.v / c.x.
// The common case (the body yields) is the short path; see core.ts on why that matters.
export function coro_resume(c: Coro, v: any, x: boolean, op: any[] | null): any {
  if (c.label <= 0 && (c.label < 0 || x || op !== null)) return coro_edge(c, v, x, op);
  c.v = v;
  c.x = x;
  if (op === null) op = run_body(c);
  for (;;) {
    const k = op![0];
    if (k === Op.YieldR) {
      c.label++;
      const r = c.r;
      c.r = undefined;
      return r;
    }
    if (k === Op.Yield) {
      c.label++;
      return op![1];
    }
    op = coro_complete(c, op!);
    if (op === null) return DONE;
  }
}

// Finished coroutines are inert, as exhausted generators are; one thrown into (or returned)
// before it started finishes without running its body.
function coro_edge(c: Coro, v: any, x: boolean, op: any[] | null): any {
  if (c.label < 0) {
    if (x) throw v;
    c.v = undefined;
    c.x = false;
    return DONE;
  }
  c.label = -1;
  c.v = x ? v : op![1];
  c.x = x;
  return DONE;
}

// Carries out a body's instruction other than yield: returns the body's next instruction, or
// null when the coroutine finished (outcome in c.v / c.x).
function coro_complete(c: Coro, op: any[]): any[] | null {
  for (;;) {
    const k = op[0];
    if (k === Op.Yield || k === Op.YieldR) return op;
    const tr = c.tr;
    if (k === Op.Jump && (tr === null || tr.length === 0)) {
      c.label = op[1];
      return run_body(c);
    }
    if (k === Op.EndFinally) {
      // End of a finally block: carry on with the completion it interrupted.
      op = c.op!.pop();
      tr!.pop();
      continue;
    }
    if (k === Op.YieldStar) {
      // yield*: TypeScript's ES5 output delegates to a loop body's own generator when the body
      // awaits and a closure captures a `let` of the loop (`yield* _loop_1(i)`). In a task that
      // is awaiting that coroutine: its awaits go to the scheduler, its return value comes
      // back as the result. Driven by next() (a `function*` delegating), it is not supported.
      if (iterating === 0 && op[1] instanceof Coro) return [Op.Yield, op[1]];
      op = [Op.Throw, new TypeError("yield* is not supported in ES5 generators")];
    }
    const top = tr !== null && tr.length > 0 ? tr[tr.length - 1] : null;
    if (top === null) {
      // Return or exception with no protected region left: the coroutine is finished.
      c.label = -1;
      c.v = op[1];
      c.x = op[0] === Op.Throw;
      return null;
    }
    if (k === Op.Jump && op[1] > top[0] && op[1] < top[3]) {
      c.label = op[1]; // a jump within the region
    } else if (k === Op.Throw && c.label < top[1]) {
      c.label = top[1]; // into the catch block, which reads the exception with sent()
      c.v = op[1];
      c.x = false;
    } else if (c.label < top[2]) {
      // Leaving the region before its finally ran: run it, then resume this completion.
      c.label = top[2];
      (c.op || (c.op = [])).push(op);
    } else {
      // Leaving the region from its catch or finally block: the region is closed.
      if (top[2] !== undefined) c.op!.pop();
      tr!.pop();
      continue;
    }
    return run_body(c);
  }
}

export function __generator(thisArg: any, body: (state: Coro) => any): Coro {
  return new Coro(thisArg, body);
}

// The generator function is called at once, but with either kind of generator nothing of the
// async function's body runs until the coroutine is stepped.
export function __awaiter(thisArg: any, _arguments: any, _P: any, generator: any): any {
  return generator.apply(thisArg, _arguments || []);
}
