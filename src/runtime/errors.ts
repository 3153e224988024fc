// MicroPython's exception hierarchy. Built without `class X extends Error`: Espruino loses
// `message` on native Error subclasses, and ES5 output of such classes breaks `instanceof`.
// Instead the root's prototype chains to Error.prototype, so `instanceof Error`, `.name`,
// `.message` and `String(e)` ("Name: message") behave the same on every engine.
// Names are spelled out (getters on each prototype) because minifiers rename classes.

// str() of an exception with several args, as Python: OSError(-29824, "MBEDTLS_...") is
// "(-29824, 'MBEDTLS_...')".
function args_str(a: any[]): string {
  let s = "(";
  for (let i = 0; i < a.length; i++) s += (i ? ", " : "") + (typeof a[i] === "string" ? "'" + a[i] + "'" : String(a[i]));
  return s + ")";
}

export class BaseException {
  message: string;
  args: any[];
  constructor(...args: any[]) {
    this.args = args;
    this.message = args.length === 0 ? "" : args.length === 1 ? String(args[0]) : args_str(args);
    // Where it was raised, where the engine can say (V8: the host board, the sim under Node).
    const E: any = Error;
    if (E.captureStackTrace) E.captureStackTrace(this, this.constructor);
  }
  // On the prototype, so that an unused class costs nothing (no setup code at load time).
  get name(): string {
    return "BaseException";
  }
  // Own toString: Espruino does not find Error.prototype.toString through the chain.
  toString(): string {
    return this.message ? this.name + ": " + this.message : this.name;
  }
}
(Object as any).setPrototypeOf(BaseException.prototype, Error.prototype);

export class Exception extends BaseException {
  get name(): string {
    return "Exception";
  }
}
export class CancelledError extends BaseException {
  get name(): string {
    return "CancelledError";
  }
}
export class TimeoutError extends Exception {
  get name(): string {
    return "TimeoutError";
  }
}
export class RuntimeError extends Exception {
  get name(): string {
    return "RuntimeError";
  }
}
export class ValueError extends Exception {
  get name(): string {
    return "ValueError";
  }
}
export class OSError extends Exception {
  get name(): string {
    return "OSError";
  }
  // MicroPython: OSError(errno) exposes .errno as args[0].
  get errno(): any {
    return this.args[0];
  }
}
export class EOFError extends Exception {
  get name(): string {
    return "EOFError";
  }
}
export class OverflowError extends Exception {
  get name(): string {
    return "OverflowError";
  }
}
export class NotImplementedError extends Exception {
  get name(): string {
    return "NotImplementedError";
  }
}
export class KeyError extends Exception {
  get name(): string {
    return "KeyError";
  }
}
export class IndexError extends Exception {
  get name(): string {
    return "IndexError";
  }
}

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
