// MicroPython's exception hierarchy. Built without `class X extends Error`: Espruino loses
// `message` on native Error subclasses, and ES5 output of such classes breaks `instanceof`.
// Instead the root's prototype chains to Error.prototype, so `instanceof Error`, `.name`,
// `.message` and `String(e)` ("Name: message") behave the same on every engine.
// Names are spelled out (on each prototype) because minifiers rename classes.

// str() of an exception with several args, as Python: OSError(-29824, "MBEDTLS_...") is
// "(-29824, 'MBEDTLS_...')".
function args_str(a: any[]): string {
  let s = "(";
  for (let i = 0; i < a.length; i++) s += (i ? ", " : "") + (typeof a[i] === "string" ? "'" + a[i] + "'" : String(a[i]));
  return s + ")";
}

// The root is a plain constructor function and most classes come from one factory: on Kaluma's
// JerryScript every class costs its own bytecode (a constructor and a name getter), where
// `exception()` costs one function object and a prototype; measured on the emulated Pico's
// blink: 624 bytes of heap for its five. A TypeScript class may still extend any of them.
export interface BaseException extends Error {
  args: any[];
}
export interface ExceptionClass {
  new (...args: any[]): BaseException;
  (this: any, ...args: any[]): void;
  readonly prototype: BaseException;
}

export const BaseException: ExceptionClass = function (this: any, ...args: any[]): void {
  this.args = args;
  this.message = args.length === 0 ? "" : args.length === 1 ? String(args[0]) : args_str(args);
  // Where it was raised, where the engine can say (V8: the host board, the sim under Node).
  const E: any = Error;
  if (E.captureStackTrace) E.captureStackTrace(this, this.constructor);
} as any;
(Object as any).setPrototypeOf(BaseException.prototype, Error.prototype);
(BaseException.prototype as any).name = "BaseException";
// Own toString: Espruino does not find Error.prototype.toString through the chain.
BaseException.prototype.toString = function (this: BaseException): string {
  return this.message ? this.name + ": " + this.message : this.name;
};

function exception(name: string, base: ExceptionClass): ExceptionClass {
  const E: any = function (this: any): void {
    base.apply(this, arguments as any);
  };
  E.prototype = Object.create(base.prototype);
  E.prototype.constructor = E;
  E.prototype.name = name;
  // Its own name as a class has: Node shows `console.log(err)` as "E [ValueError]: ..." otherwise.
  Object.defineProperty(E, "name", { value: name });
  return E;
}

export const Exception = /*#__PURE__*/ exception("Exception", BaseException);
export type Exception = BaseException;
export const CancelledError = /*#__PURE__*/ exception("CancelledError", BaseException);
export type CancelledError = BaseException;
export const TimeoutError = /*#__PURE__*/ exception("TimeoutError", Exception);
export type TimeoutError = BaseException;
export const RuntimeError = /*#__PURE__*/ exception("RuntimeError", Exception);
export type RuntimeError = BaseException;
export const ValueError = /*#__PURE__*/ exception("ValueError", Exception);
export type ValueError = BaseException;
export class OSError extends Exception {
  get name(): string {
    return "OSError";
  }
  // MicroPython: OSError(errno) exposes .errno as args[0].
  get errno(): any {
    return this.args[0];
  }
}
export const EOFError = /*#__PURE__*/ exception("EOFError", Exception);
export type EOFError = BaseException;
export const OverflowError = /*#__PURE__*/ exception("OverflowError", Exception);
export type OverflowError = BaseException;
export const NotImplementedError = /*#__PURE__*/ exception("NotImplementedError", Exception);
export type NotImplementedError = BaseException;
export const KeyError = /*#__PURE__*/ exception("KeyError", Exception);
export type KeyError = BaseException;
export const IndexError = /*#__PURE__*/ exception("IndexError", Exception);
export type IndexError = BaseException;

// CPython 3.11's exception groups (TaskGroup raises them). ExceptionGroup is an Exception, as
// in CPython (`catch` code testing `instanceof Exception` sees it); JS has one base class
// only, so it is not also `instanceof BaseExceptionGroup`. str() as CPython's:
// "unhandled errors in a TaskGroup (2 sub-exceptions)"; `message` is the message alone.
function group_str(e: any): string {
  const n = e.exceptions.length;
  return e.name + ": " + e.message + " (" + n + " sub-exception" + (n === 1 ? "" : "s") + ")";
}
export class BaseExceptionGroup extends BaseException {
  exceptions: any[];
  constructor(message: string, exceptions: any[]) {
    super(message, exceptions);
    this.message = message;
    this.exceptions = exceptions;
  }
  get name(): string {
    return "BaseExceptionGroup";
  }
  toString(): string {
    return group_str(this);
  }
}
export class ExceptionGroup extends Exception {
  exceptions: any[];
  constructor(message: string, exceptions: any[]) {
    super(message, exceptions);
    this.message = message;
    this.exceptions = exceptions;
  }
  get name(): string {
    return "ExceptionGroup";
  }
  toString(): string {
    return group_str(this);
  }
}

// An exception as a traceback: "Name: message" and, where the engine keeps one, the stack.
export function format_exc(e: any): string {
  const head = String(e);
  const stack = e !== null && typeof e === "object" && typeof e.stack === "string" ? e.stack : "";
  if (!stack) return head;
  return stack.indexOf(head) === 0 ? stack : head + "\n" + stack;
}

// Prints to stderr where the engine has one; duktape's console.error prints a stack trace with
// each line, so duktape gets console.log.
export function log_error(...args: any[]): void {
  const c: any = typeof console !== "undefined" ? console : null;
  const out = c ? (typeof Duktape === "undefined" && c.error) || c.log : print;
  if (out) out.apply(c, args);
}
