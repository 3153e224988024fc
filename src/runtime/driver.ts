// The one seam between the scheduler and a board: a clock and a way to wait.
// Each HAL driver (hal/*.ts) installs itself here when its module is evaluated.

export interface Driver {
  name: string;
  ticks_ms(): number; // wrapped to 2^30
  ticks_us(): number; // wrapped to 2^30
  // Optional: a millisecond counter of any range (the scheduler masks it to 2^30), called
  // without `this`, for the hot path. Kaluma gives its native millis() itself: on its
  // JerryScript a JavaScript call costs ~40 us of a switch (measured on the emulated RP2040).
  clock_ms?(): number;
  // Blocking drivers (sim): wait up to dt ms (dt < 0: until an external event).
  // Return false when nothing outside the scheduler can ever happen again (a deadlock).
  idle?(dt: number): boolean;
  // Event-loop drivers (devices, host): call the scheduler's pump once after dt ms,
  // replacing any earlier arming (ONE re-armed timer); dt < 0 disarms.
  arm?(dt: number, pump: () => void): void;
  // Event-loop drivers: the main task has ended and the loop has stopped; status 1 when it
  // raised (already printed), else 0. The host board run as a program exits with it, as a
  // MicroPython script ends when asyncio.run() returns or raises.
  stopped?(status: number): void;
  // Blocking busy wait for time.sleep_ms / sleep_us on devices.
  sleep_ms?(ms: number): void;
  // Pins, for machine.Pin and pyb.LED; absent on boards without GPIO.
  gpio?: Gpio;
  // Polled sockets for asyncio streams (see src/asyncio/stream.ts); absent without a network.
  net?: Net;
  // The bytes of a file, for paths given to the ssl module; absent without a file system.
  read_file?(path: string): Uint8Array;
  // The exports of a module the build made a file of its own and flash.sh put on the board's
  // storage beside the app (asyncio_inspect); null when the storage has no such file.
  load?(name: string): any;
}

export interface Net {
  // Non-blocking: connect returns at once (poll() says POLLOUT when connected or failed,
  // with `error` set on failure); listen binds now or reports through poll() the same way.
  // With `tls`, the connection (every accepted one, for listen) speaks TLS: the handshake
  // runs under the first reads and writes, which wait (null) meanwhile, as a MicroPython TLS
  // socket made with do_handshake_on_connect=False; its failure is the socket's error.
  connect(host: string, port: number, tls?: TlsOptions): Socket;
  listen(host: string, port: number, backlog: number, tls?: TlsOptions): Listener;
  // true: connect and listen take `tls`; a string: why this board cannot (NotImplementedError).
  tls?: true | string;
  // The same for listen, where it differs (Espruino: a client only).
  tls_server?: true | string;
}

// What both kinds of socket have: readiness, an error, and the two slots where the
// scheduler's IOQueue parks the task waiting to read (io_r) or to write (io_w). The slots
// belong to the scheduler: a socket starts them null and never writes them; when its state
// changes while the loop may be idle it calls wake(), and the next poll() tells the rest.
export interface Pollable {
  // POLLIN | POLLOUT | POLLERR | POLLHUP bits, as select.poll would report them.
  poll(): number;
  close(): void;
  error: Error | null; // why the socket failed (an OSError); raised by the next operation
  io_r: object | null;
  io_w: object | null;
}

// A connected socket, non-blocking like a MicroPython socket after setblocking(False).
export interface Socket extends Pollable {
  // null: nothing yet; empty: end of stream (n < 0: all there is).
  read(n?: number): Uint8Array | null;
  readinto(buf: Uint8Array): number | null;
  // A line with its \n among the first `limit` bytes, or what is left at the end; null: no
  // line yet; ValueError (bytes kept) when `limit` bytes hold no \n.
  readline(limit: number): Uint8Array | null;
  // Bytes taken (null: none, it would block); throws OSError when broken.
  write(buf: Uint8Array): number | null;
  // An abortive close: RST where the engine can (Espruino has only close()).
  reset(): void;
  peername?: [string, number];
  connected?: boolean; // TLS: the TCP connection is up (the handshake may still fail)
}

// A listening socket: POLLOUT once listening, POLLIN while a connection waits for accept().
export interface Listener extends Pollable {
  accept(): Socket | null;
}

// What the ssl module's SSLContext hands to the driver.
export interface TlsOptions {
  server: boolean;
  verify_mode: number; // 0 CERT_NONE, 1 CERT_OPTIONAL, 2 CERT_REQUIRED
  cert: Uint8Array | null; // PEM or DER
  key: Uint8Array | null;
  ca: Uint8Array[]; // none: the engine's own trusted CAs, where it has some
  server_hostname: string | null; // clients: the name the certificate must bear
}

// Readiness bits a socket's poll() reports (as MicroPython's select module numbers them).
export const POLLIN = 1;
export const POLLOUT = 4;
export const POLLERR = 8;
export const POLLHUP = 16;

// Drivers call wake() when something the scheduler must see happens while its loop may be
// idle (a socket's state changed): the scheduler installs it (set_wake), so drivers depend on
// this seam alone.
export let wake: () => void = function () {};
export function set_wake(fn: () => void): void {
  wake = fn;
}

// Pin modes, pulls and edges as machine.Pin numbers them.
export const IN = 0;
export const OUT = 1;
export const OPEN_DRAIN = 2;
export const PULL_UP = 1;
export const PULL_DOWN = 2;
export const IRQ_RISING = 1;
export const IRQ_FALLING = 2;

export interface Gpio {
  // The engine's handle for a board pin id (a name from the board file, or a number);
  // throws ValueError for ids the board does not have. Must not touch the hardware.
  pin(id: any): any;
  setup(p: any, mode: number, pull: number): void;
  write(p: any, v: number): void;
  read(p: any): number;
  // Calls fn(level) from the engine's event loop on the given edges (IRQ_RISING|IRQ_FALLING).
  watch(p: any, edges: number, fn: (level: number) => void, debounce_ms: number): any;
  unwatch(handle: any): void;
  // Duty cycle 0..1, where the pin can do PWM.
  pwm?(p: any, duty: number): void;
}

export let driver: Driver = {
  name: "none",
  ticks_ms() {
    throw new Error("no HAL driver installed: build for a board (npm run build -- --board sim ...) or import hal/sim");
  },
  ticks_us() {
    return driver.ticks_ms();
  },
};

// The scheduler's clock: driver.clock_ms, else driver.ticks_ms (neither uses `this`).
export let clock_ms: () => number = function () {
  return driver.ticks_ms();
};

// Called with the driver now and with each one installed later (the scheduler keeps what
// its hot path needs at hand; a HAL may be installed before or after the scheduler loads).
const listeners: ((d: Driver) => void)[] = [];
export function on_driver(fn: (d: Driver) => void): void {
  listeners.push(fn);
  fn(driver);
}

export function set_driver(d: Driver): void {
  driver = d;
  clock_ms = d.clock_ms || d.ticks_ms;
  for (let i = 0; i < listeners.length; i++) listeners[i](d);
}
