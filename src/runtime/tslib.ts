// Our replacement for npm's tslib: every helper TypeScript emits for our code and ordinary app
// code, written for engines without Symbol, Map/Set or reliable `X.prototype.method` lookups
// on built-ins (Espruino). Wired in through the rollup plugin's `tslib` option and jest's
// moduleNameMapper.
export { __awaiter, __generator } from "./coro";

const hasOwn = {}.hasOwnProperty;

export function __extends(d: any, b: any): void {
  if (typeof b !== "function" && b !== null) {
    throw new TypeError("Class extends value " + String(b) + " is not a constructor or null");
  }
  // Statics are inherited through the constructor's prototype where the engine supports
  // it; Espruino does not, so there they are copied (a snapshot, the best it can do).
  if (b !== null) {
    if (Object.setPrototypeOf) Object.setPrototypeOf(d, b);
    for (const k in b) if (hasOwn.call(b, k) && !(k in d)) d[k] = b[k];
  }
  const proto = b === null ? Object.create(null) : Object.create(b.prototype);
  proto.constructor = d;
  d.prototype = proto;
}

export function __assign(target: any, ...sources: any[]): any {
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i];
    if (s == null) continue;
    for (const k in s) if (hasOwn.call(s, k)) target[k] = s[k];
  }
  return target;
}

export function __rest(s: any, e: string[]): any {
  const t: any = {};
  for (const k in s) if (hasOwn.call(s, k) && e.indexOf(k) < 0) t[k] = s[k];
  return t;
}

// Only arrays, strings and array-likes: without Symbol there is no general iteration protocol.
function to_array(o: any): any[] {
  if (Array.isArray(o)) return o;
  if (o == null || typeof o.length !== "number") {
    throw new TypeError("object is not iterable: " + String(o));
  }
  const a: any[] = [];
  for (let i = 0; i < o.length; i++) a[a.length] = o[i];
  return a;
}

export function __spreadArray(to: any[], from: any, _pack?: boolean): any[] {
  const src = to_array(from);
  for (let i = 0; i < src.length; i++) {
    // (Espruino's array length is read-only, so holes are not kept.)
    to[to.length] = src[i];
  }
  return to;
}

export function __read(o: any, n?: number): any[] {
  const a = to_array(o);
  return n === undefined ? [].slice.call(a) : [].slice.call(a, 0, n);
}

export function __values(o: any): { next(): { value: any; done: boolean } } {
  if (o && typeof o.next === "function") return o;
  const a = to_array(o);
  let i = 0;
  return {
    next() {
      return i < a.length ? { value: a[i++], done: false } : { value: undefined, done: true };
    },
  };
}

export function __makeTemplateObject(cooked: string[], raw: string[]): string[] {
  (cooked as any).raw = raw;
  return cooked;
}

function unsupported(what: string): () => never {
  return function () {
    throw new TypeError(what + " is not supported by this runtime (no Symbol.asyncIterator on the targets)");
  };
}
export const __await = unsupported("async generators");
export const __asyncGenerator = unsupported("async generators");
export const __asyncDelegator = unsupported("async generators");
export const __asyncValues = unsupported("for await");

// Module interop (CommonJS output: jest, and apps compiled to CommonJS).
export function __createBinding(o: any, m: any, k: string, k2?: string): void {
  Object.defineProperty(o, k2 === undefined ? k : k2, {
    enumerable: true,
    get: function () {
      return m[k];
    },
  });
}

export function __exportStar(m: any, o: any): void {
  for (const k in m) if (k !== "default" && !hasOwn.call(o, k)) __createBinding(o, m, k);
}

export function __importDefault(mod: any): any {
  return mod && mod.__esModule ? mod : { default: mod };
}

export function __importStar(mod: any): any {
  if (mod && mod.__esModule) return mod;
  const result: any = {};
  if (mod != null) for (const k in mod) if (k !== "default" && hasOwn.call(mod, k)) __createBinding(result, mod, k);
  result.default = mod;
  return result;
}
