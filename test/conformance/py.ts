// Test support for the conformance apps: Python's print(), repr() and str() for JS values,
// rendered the way MicroPython prints them, so that an app's output can be compared with the
// .exp file of the MicroPython test it ports.
//
// Runs on every target engine (duktape: ES5, no Symbol/Map/Promise), so it only uses ES5
// built-ins. Mapping of values:
//   null / undefined        -> None
//   true / false            -> True / False
//   number                  -> an int when integral ("2"), otherwise JS's shortest form
//                              (JS has one number type, so Python's 2.0 would print as "2")
//   string                  -> 'text' (Python quoting rules) when repr'd, as is when str'd
//   array                   -> [a, b]          (a list)
//   tuple(a, b)             -> (a, b) / (a,)   (see PyTuple below)
//   bytes("12")             -> b'12'           (a Uint8Array)
//   bytearray("12")         -> bytearray(b'12')
//   exception (has .args)   -> Name(args...) in MicroPython's form: ValueError(2,),
//                              ValueError(1, 2), CancelledError(); str(e) is '' / the one
//                              argument / the tuple of arguments
//   native JS Error         -> the same, with args = [message] (or [] when it has none)
//   plain object            -> {'key': value}  (a dict)
//   function                -> <function name>
//   other objects           -> <ClassName> (e.g. <Task>); MicroPython prints
//                              <Task object at 0x...>, which no .exp depends on

export class PyTuple {
  items: any[];
  constructor(items: any[]) {
    this.items = items;
  }
}

// Python's tuple literal: tuple("complete", [1, 2]) prints ('complete', [1, 2]).
export function tuple(...items: any[]): PyTuple {
  return new PyTuple(items);
}

function fromString(s: string): Uint8Array {
  const a = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i) & 0xff;
  return a;
}

// Python's b"..." literal (latin-1 characters -> bytes).
export function bytes(s: string): Uint8Array {
  return fromString(s);
}

// Python's bytearray(b"..."): a Uint8Array remembered here so that repr() shows
// bytearray(b'...') (Espruino cannot add properties to a Uint8Array).
const bytearrays: Uint8Array[] = [];
export function bytearray(s: string): Uint8Array {
  const a = fromString(s);
  bytearrays.push(a);
  return a;
}

function hex2(c: number): string {
  const h = "0123456789abcdef";
  return "\\x" + h.charAt((c >> 4) & 15) + h.charAt(c & 15);
}

function reprString(s: string): string {
  // Python uses single quotes unless the text has a ' and no ".
  const q = s.indexOf("'") >= 0 && s.indexOf('"') < 0 ? '"' : "'";
  let out = q;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    const c = s.charCodeAt(i);
    if (ch === q || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += hex2(c);
    else out += ch;
  }
  return out + q;
}

function reprBytes(a: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === 0x27) hasSingle = true;
    if (a[i] === 0x22) hasDouble = true;
  }
  const q = hasSingle && !hasDouble ? '"' : "'";
  let out = "b" + q;
  for (let i = 0; i < a.length; i++) {
    const c = a[i];
    const ch = String.fromCharCode(c);
    if (ch === q || ch === "\\") out += "\\" + ch;
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else if (c < 0x20 || c >= 0x7f) out += hex2(c);
    else out += ch;
  }
  return out + q;
}

function reprNumber(n: number): string {
  if (n !== n) return "nan";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  if (n === 0) return "0";
  return String(n);
}

function reprSeq(items: any[]): string {
  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) parts.push(repr(items[i]));
  return parts.join(", ");
}

function reprTuple(items: any[]): string {
  if (items.length === 1) return "(" + repr(items[0]) + ",)";
  return "(" + reprSeq(items) + ")";
}

function isTypedBytes(x: any): boolean {
  return typeof Uint8Array !== "undefined" && x instanceof Uint8Array;
}

// An exception: the runtime's exceptions carry .args; JS's own errors (TypeError) do not.
function excArgs(x: any): any[] | null {
  if (x === null || typeof x !== "object") return null;
  if (x.args && typeof x.args.length === "number" && typeof x.name === "string") return x.args;
  if (x instanceof Error) return x.message ? [x.message] : [];
  return null;
}

function excName(x: any): string {
  if (typeof x.name === "string" && x.name) return x.name;
  const c = x.constructor;
  return c && c.name ? c.name : "Exception";
}

function className(x: any): string {
  const c = x.constructor;
  return c && typeof c.name === "string" && c.name ? c.name : "object";
}

export function repr(x: any): string {
  if (x === null || x === undefined) return "None";
  if (x === true) return "True";
  if (x === false) return "False";
  if (typeof x === "number") return reprNumber(x);
  if (typeof x === "string") return reprString(x);
  if (typeof x === "function") return "<function " + (x.name || "<lambda>") + ">";
  if (x instanceof PyTuple) return reprTuple(x.items);
  if (x instanceof Array) return "[" + reprSeq(x) + "]";
  if (isTypedBytes(x)) return bytearrays.indexOf(x) >= 0 ? "bytearray(" + reprBytes(x) + ")" : reprBytes(x);
  const args = excArgs(x);
  if (args) {
    // MicroPython: the name followed by the repr of the args tuple: ValueError(2,).
    return excName(x) + reprTuple(args);
  }
  if (className(x) === "Object") {
    const parts: string[] = [];
    for (const k in x) {
      if (Object.prototype.hasOwnProperty.call(x, k)) parts.push(reprString(k) + ": " + repr(x[k]));
    }
    return "{" + parts.join(", ") + "}";
  }
  return "<" + className(x) + ">";
}

export function str(x: any): string {
  if (typeof x === "string") return x;
  const args = excArgs(x);
  if (args) {
    if (args.length === 0) return "";
    if (args.length === 1) return str(args[0]);
    return reprTuple(args);
  }
  return repr(x);
}

// Python's print(*args): the str() of each argument joined by spaces, as ONE console.log call.
export function print(...args: any[]): void {
  const parts: string[] = [];
  for (let i = 0; i < args.length; i++) parts.push(str(args[i]));
  console.log(parts.join(" "));
}

// Python's "{} {}".format(a, b) for plain {} fields.
export function format(fmt: string, ...args: any[]): string {
  let out = "";
  let n = 0;
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt.charAt(i);
    if (ch === "{" && fmt.charAt(i + 1) === "}") {
      out += str(args[n++]);
      i++;
    } else {
      out += ch;
    }
  }
  return out;
}

// Python's range(start, stop) / range(stop) as an array, for `for i in range(...)` loops.
export function range(a: number, b?: number, step?: number): number[] {
  let start = 0;
  let stop = a;
  if (b !== undefined) {
    start = a;
    stop = b;
  }
  const s = step === undefined ? 1 : step;
  const out: number[] = [];
  if (s > 0) for (let i = start; i < stop; i += s) out.push(i);
  else for (let i = start; i > stop; i += s) out.push(i);
  return out;
}

// Python's round(x, ndigits) for ints with ndigits <= 0 (round half to even), and ndigits
// omitted (to an int, half to even).
export function round(x: number, ndigits?: number): number {
  const m = ndigits === undefined || ndigits >= 0 ? 1 : Math.pow(10, -ndigits);
  const q = x / m;
  let r = Math.floor(q);
  const frac = q - r;
  if (frac > 0.5 || (frac === 0.5 && r % 2 !== 0)) r += 1;
  return r * m;
}

// Python's "s" * n.
export function repeat(s: string, n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += s;
  return out;
}

// Python's floor division a // b.
export function floordiv(a: number, b: number): number {
  return Math.floor(a / b);
}

// Python's assert statement. MicroPython raises AssertionError; an app that hits this fails
// its comparison anyway, so a plain Error carrying the same name is enough.
export function assert(cond: any, msg?: string): void {
  if (!cond) {
    const e: any = new Error(msg || "");
    e.name = "AssertionError";
    throw e;
  }
}
