// The few globals every target engine offers (Espruino, JerryScript/Kaluma, duktape, QuickJS, Node).
// We compile with `types: []` so that nothing Node-only leaks into the runtime by accident.
declare var console: { log(...args: any[]): void; error?(...args: any[]): void };
declare function setTimeout(fn: () => void, ms: number): any;
declare function clearTimeout(id: any): void;
declare var print: ((...args: any[]) => void) | undefined;
declare var Duktape: any;

// Build-time constant (tools/build.js replaces it with a literal; jest's setup defines it):
// the bundle is ES5, so its coroutines are TypeScript's state machines (Coro), not native
// generators.
declare const __ES5__: boolean;

// Build-time constant: the board has LEDs on a CYW43 wireless chip (the Pico W), so its HAL
// keeps the code that drives them.
declare const __CYW43__: boolean;

// Build-time constant: the app uses the network (its bundle has the streams), so a device
// HAL keeps its socket layer.
declare const __NET__: boolean;

// Build-time constant: the build of the file asyncio_inspect (src/asyncio/inspector.ts built on
// its own) that a device bundle loads ps() and stats() from; "" where they are in the bundle.
declare const __INSPECT_ID__: string;
