// MicroPython's exception hierarchy. Built without `class X extends Error`: Espruino loses
// `message` on native Error subclasses, and ES5 output of such classes breaks `instanceof`.
// Instead the root's prototype chains to Error.prototype, so `instanceof Error`, `.name`,
// `.message` and `String(e)` ("Name: message") behave the same on every engine.
// Names are set explicitly because minifiers rename classes.

export class BaseException {
  name!: string;
  message: string;
  args: any[];
  constructor(...args: any[]) {
    this.args = args;
    this.message = args.length === 0 ? "" : args.length === 1 ? String(args[0]) : String(args);
  }
  // Own toString: Espruino does not find Error.prototype.toString through the chain.
  toString(): string {
    return this.message ? this.name + ": " + this.message : this.name;
  }
}
(Object as any).setPrototypeOf(BaseException.prototype, Error.prototype);

export class Exception extends BaseException {}
export class CancelledError extends BaseException {}
export class TimeoutError extends Exception {}
export class RuntimeError extends Exception {}
export class ValueError extends Exception {}
export class OSError extends Exception {
  // MicroPython: OSError(errno) exposes .errno as args[0].
  get errno(): any {
    return this.args[0];
  }
}
export class EOFError extends Exception {}
export class OverflowError extends Exception {}
export class NotImplementedError extends Exception {}
export class KeyError extends Exception {}
export class IndexError extends Exception {}

function named(cls: any, name: string): void {
  cls.prototype.name = name;
}
named(BaseException, "BaseException");
named(Exception, "Exception");
named(CancelledError, "CancelledError");
named(TimeoutError, "TimeoutError");
named(RuntimeError, "RuntimeError");
named(ValueError, "ValueError");
named(OSError, "OSError");
named(EOFError, "EOFError");
named(OverflowError, "OverflowError");
named(NotImplementedError, "NotImplementedError");
named(KeyError, "KeyError");
named(IndexError, "IndexError");
