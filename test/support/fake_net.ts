// Fake `net` modules for hal/net/espruino.ts and hal/net/kaluma.ts, on a fake engine's virtual
// clock (test/support/fake_engines.ts), with the behaviour and quirks of the real ones (see
// /work/shared/TARGETS.md, Kaluma's src/modules/net/net.js and stream/stream.js):
//   Espruino: 'data' is a binary string; write() needs a string (a Uint8Array is sent as its
//     text "65,66,67") and returns false; 'drain' after each flush; a connect with nothing
//     listening THROWS "Unable to create socket"; the peer's end is 'end' then 'close' (no
//     half-open); no remoteAddress, no destroy(); listen(port) binds all interfaces at once.
//     E.toString / E.toUint8Array are installed as globals. require("tls").connect (client
//     only): ca/cert/key DER binary strings parsed at once (InternalError "HTTPS init
//     failed! ..."), the callback at TCP connect, writes held until the handshake ends
//     ('drain' anyway), a failed handshake ends in 'error' (if writes waited), 'end', 'close',
//     then an InternalError "mbedtls_ssl_handshake returned -0x...." for
//     process.on("uncaughtException") (as measured on Espruino 2v29's Linux build).
//   Kaluma: needs __netdev (`netdev: false` makes every socket throw "Network device not
//     found"); createConnection(opts, cb) connects only with a callback; 'data' is a
//     Uint8Array; write() appends to a latin-1 string buffer (chars above U+00FF become 0),
//     flushed by setTimeout(0) ('drain' after each flush), returns whether the buffer is empty;
//     end() flushes, then 'finish'; destroy() 'close'; createServer(options, cb) loses cb;
//     listen(port, cb) reports 'listening' later; a refused connect is an 'error' with a
//     SystemError {errno: 111, code: "ECONNREFUSED"}.
// Segments reach the other end `latency_ms` later (engine.at). Every byte string that crossed
// is kept in `wire` for the tests.
import { type FakeEngine, type FakeKaluma, type Runtime, load_runtime } from "./fake_engines";

type Fn = (...a: any[]) => any;

class Emitter {
  private ls: { [ev: string]: Fn[] } = {};
  on(ev: string, fn: Fn): this {
    (this.ls[ev] = this.ls[ev] || []).push(fn);
    return this;
  }
  once(ev: string, fn: Fn): this {
    const self = this;
    const w = function (...a: any[]) {
      self.ls[ev] = (self.ls[ev] || []).filter((f) => f !== w);
      fn(...a);
    };
    return this.on(ev, w);
  }
  emit(ev: string, ...a: any[]): void {
    for (const f of (this.ls[ev] || []).slice()) f(...a);
  }
}

abstract class FakeNetBase {
  latency_ms = 1;
  /** Every segment's payload, as a binary string, with its direction. */
  wire: string[] = [];
  listeners: { [port: number]: any } = {};
  constructor(readonly engine: FakeEngine) {}
  later(fn: () => void): void {
    this.engine.at(this.engine.now_ms() + this.latency_ms, fn);
  }
}

////////////////////////////////////////////////////////////////////////////////
// Espruino

class EspFakeSocket extends Emitter {
  peer: EspFakeSocket | null = null;
  closed = false;
  ended = false; // end() called
  /** Writes as given (to check that only strings are passed). */
  writes: any[] = [];
  constructor(private net: FakeEspruinoNet) {
    super();
  }
  /** TLS client (require("tls")): what waits for the handshake; null once done (or plain). */
  held: string | null = null;
  /** TLS client: its peer is a plain TCP server (its first reply fails the handshake). */
  plain_peer = false;
  write(d: any): boolean {
    this.writes.push(d);
    if (this.closed || this.ended) return false;
    const s = typeof d === "string" ? d : String(d); // a Uint8Array goes as "65,66,67"
    if (this.held !== null) {
      // Held until the handshake ends; 'drain' comes anyway (measured on 2v29).
      this.held += s;
      this.net.later(() => {
        if (!this.closed) this.emit("drain");
      });
      return false;
    }
    this.transmit(s);
    return false;
  }
  transmit(s: string): void {
    const peer = this.peer!;
    const self = this;
    if (peer.plain_peer && peer.held !== null) {
      this.net.later(() => this.net.handshake_failed(peer, -0x7200)); // not TLS: INVALID_RECORD
      return;
    }
    this.net.wire.push(s);
    this.net.later(() => {
      // Delivered in chunks of at most 536 chars (one TCP segment each).
      for (let i = 0; i < s.length; i += 536) if (!peer.closed) peer.emit("data", s.substring(i, i + 536));
      if (!self.closed) self.emit("drain");
    });
  }
  end(): void {
    if (this.closed || this.ended) return;
    this.ended = true;
    const peer = this.peer!;
    this.net.later(() => {
      this.shut();
      peer.shut();
    });
  }
  shut(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit("end");
    this.emit("close", false);
  }
}

export class FakeEspruinoNet extends FakeNetBase {
  sockets: EspFakeSocket[] = [];
  /** require("tls") exists (firmware built with TLS). */
  has_tls = true;
  /** Every options object given to tls.connect. */
  tls_opts: any[] = [];
  /** process.on("uncaughtException") listeners. */
  uncaught_listeners: Fn[] = [];
  /** Uncaught errors with no listener (Espruino prints them). */
  uncaught: any[] = [];

  /**
   * A TLS peer on `port`, as the other end's TLS library: "ok" completes handshakes (bytes then
   * cross as they are: this fakes the engine's API, not encryption), "alert" fails them with a
   * fatal alert (-0x7780, as a server with no cipher in common), "silent" never answers.
   * Its connections are plain fake sockets given to cb (their bytes are the plaintext).
   */
  tls_peer(port: number, mode: "ok" | "alert" | "silent", cb: (s: any) => void = () => {}): void {
    this.listeners[port] = { cb, port, tls: mode };
  }

  /** Espruino's end of a failed handshake: 'error' if writes waited, 'end', 'close', then
   * the InternalError raised from the idle loop (to uncaughtException listeners). */
  handshake_failed(c: EspFakeSocket, code: number): void {
    if (c.closed || c.held === null) return;
    if (c.held.length > 0) c.emit("error", { code: -8, message: "unsent data" });
    c.held = null;
    const peer = c.peer!;
    c.shut();
    this.later(() => peer.shut());
    const e: any = new Error("mbedtls_ssl_handshake returned -0x" + (-code).toString(16));
    e.name = "InternalError";
    this.raise_uncaught(e);
  }

  raise_uncaught(e: any): void {
    if (this.uncaught_listeners.length === 0) this.uncaught.push(e);
    for (const f of this.uncaught_listeners.slice()) f(e);
  }

  /** A module object as require("tls") returns it (2v29, libs/network: client only). */
  tls_module(): any {
    const self = this;
    // mbedTLS parses ca, cert, key in that order; a DER here is a SEQUENCE of the right length.
    const check = (opts: any, field: string, fn: string) => {
      const v = opts[field];
      if (v === undefined) return;
      if (typeof v !== "string") throw new Error("fake tls: " + field + " must be a string");
      const len = v.charCodeAt(1) === 0x82 ? 4 + v.charCodeAt(2) * 256 + v.charCodeAt(3) : 2 + v.charCodeAt(1);
      if (v.length <= 100 || v.charCodeAt(0) !== 0x30 || len !== v.length) {
        const e: any = new Error("HTTPS init failed! " + fn + ": Invalid format");
        e.name = "InternalError";
        throw e;
      }
    };
    return {
      connect(opts: any, cb?: Fn) {
        check(opts, "ca", "mbedtls_x509_crt_parse of 'ca'");
        check(opts, "cert", "mbedtls_x509_crt_parse of 'cert'");
        check(opts, "key", "mbedtls_pk_parse_key");
        self.tls_opts.push(opts);
        const [srv, c, s] = self.pair(opts.port);
        c.held = "";
        c.plain_peer = !srv.tls;
        self.later(() => {
          srv.cb(s);
          if (cb) cb(c); // at TCP connect, before the handshake
          if (!srv.tls) s.emit("data", "\x16\x03\x01\x00\x2a"); // a ClientHello, to a plain server
          self.later(() => {
            if (srv.tls === "alert") self.handshake_failed(c, -0x7780);
            else if (srv.tls === "ok" && !c.closed && c.held !== null) {
              const h = c.held;
              c.held = null;
              if (h.length > 0) c.transmit(h);
            }
          });
        });
        return c;
      },
    };
  }

  /** A connection to the listener on `port` (Espruino throws when there is none). */
  pair(port: number): [any, EspFakeSocket, EspFakeSocket] {
    const srv = this.listeners[port];
    if (!srv) throw new Error("Unable to create socket");
    const c = new EspFakeSocket(this);
    const s = new EspFakeSocket(this);
    c.peer = s;
    s.peer = c;
    this.sockets.push(c, s);
    return [srv, c, s];
  }

  /** A module object as require("net") returns it. */
  module(): any {
    const self = this;
    return {
      connect(opts: any, cb?: Fn) {
        const [srv, c, s] = self.pair(opts.port);
        self.later(() => {
          if (!self.listeners[opts.port]) {
            c.emit("error", { code: -9, message: "connection reset" });
            return;
          }
          srv.cb(s);
          if (cb) cb(c);
        });
        return c;
      },
      createServer(cb: Fn) {
        const server = {
          cb,
          port: -1,
          listen(port: number) {
            server.port = port;
            self.listeners[port] = server;
            return server;
          },
          close() {
            delete self.listeners[server.port];
          },
        };
        return server;
      },
    };
  }
  /** Espruino's E (no TextEncoder there). */
  static E = {
    toString(...args: any[]): string {
      let s = "";
      for (const a of args) {
        if (typeof a === "string") s += a;
        else if (typeof a === "number") s += String.fromCharCode(a & 255);
        else for (let i = 0; i < a.length; i++) s += String.fromCharCode(a[i] & 255);
      }
      return s;
    },
    toUint8Array(...args: any[]): Uint8Array {
      const out: number[] = [];
      for (const a of args) {
        if (typeof a === "string") for (let i = 0; i < a.length; i++) out.push(a.charCodeAt(i) & 255);
        else if (typeof a === "number") out.push(a & 255);
        else for (let i = 0; i < a.length; i++) out.push(a[i] & 255);
      }
      return new Uint8Array(out);
    },
  };
}

////////////////////////////////////////////////////////////////////////////////
// Kaluma

class KmFakeSocket extends Emitter {
  peer: KmFakeSocket | null = null;
  destroyed = false;
  writableEnded = false;
  writableFinished = false;
  readableEnded = false;
  remoteAddress: string | null = null;
  remotePort: number | null = null;
  localAddress: string | null = null;
  localPort: number | null = null;
  _wbuf = "";
  constructor(private net: FakeKalumaNet) {
    super();
  }
  write(chunk: any, cb?: Fn): boolean {
    if (!this.writableEnded) {
      if (chunk) this._wbuf += this.latin1(chunk);
      setTimeout(() => this.flush(), 0);
      if (cb) cb();
    }
    return this._wbuf.length === 0;
  }
  private latin1(chunk: any): string {
    if (chunk instanceof Uint8Array) return String.fromCharCode.apply(null, chunk as any);
    let s = "";
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      s += String.fromCharCode(c > 255 ? 0 : c);
    }
    return s;
  }
  flush(cb?: Fn): void {
    if (this.writableFinished || this._wbuf.length === 0) {
      if (cb) cb();
      return;
    }
    const s = this._wbuf;
    this._wbuf = "";
    this.net.wire.push(s);
    const peer = this.peer!;
    this.net.later(() => {
      if (!peer.destroyed) {
        for (let i = 0; i < s.length; i += 536) {
          const part = s.substring(i, i + 536);
          const u = new Uint8Array(part.length);
          for (let j = 0; j < part.length; j++) u[j] = part.charCodeAt(j);
          peer.emit("data", u);
        }
      }
      if (this._wbuf.length > 0) setTimeout(() => this.flush(cb), 0);
      else {
        this.emit("drain");
        if (cb) cb();
      }
    });
  }
  end(): this {
    this.writableEnded = true;
    this.flush(() => {
      // _final: shutdown(fd, 1) -> the peer's shutdown_cb -> 'end'
      this.net.later(() => {
        const p = this.peer!;
        if (!p.destroyed && !p.readableEnded) {
          p.readableEnded = true;
          p.emit("end");
        }
        if (!this.writableFinished) {
          this.writableFinished = true;
          this.emit("finish");
        }
      });
    });
    return this;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.net.later(() => {
      if (this.destroyed) return;
      this.destroyed = true;
      this.emit("close");
      const p = this.peer;
      if (p !== null && !p.destroyed) {
        if (!p.readableEnded) {
          p.readableEnded = true;
          p.emit("end");
        }
        p.destroyed = true;
        p.emit("close");
      }
    });
  }
}

export class FakeKalumaNet extends FakeNetBase {
  /** The board's network device (a Pico W with Wi-Fi up). */
  netdev = true;
  sockets: KmFakeSocket[] = [];
  constructor(engine: FakeKaluma) {
    super(engine);
  }
  module(): any {
    const self = this;
    const check = () => {
      if (!self.netdev) throw new Error("Network device not found");
    };
    return {
      createConnection(opts: any, cb?: Fn) {
        check();
        const c = new KmFakeSocket(self);
        self.sockets.push(c);
        if (cb) {
          c.on("connect", cb);
          self.later(() => {
            const srv = self.listeners[opts.port];
            if (!srv) {
              c.emit("error", { name: "SystemError", errno: 111, code: "ECONNREFUSED", message: "Connection refused" });
              return;
            }
            const s = new KmFakeSocket(self);
            self.sockets.push(s);
            c.peer = s;
            s.peer = c;
            c.remoteAddress = opts.host;
            c.remotePort = opts.port;
            c.localAddress = "192.168.1.20";
            c.localPort = 50000 + self.sockets.length;
            s.remoteAddress = c.localAddress;
            s.remotePort = c.localPort;
            srv.emit("connection", s);
            c.emit("connect");
            c.emit("ready");
          });
        }
        return c;
      },
      // Kaluma's bug: new Server(options, cb) with a constructor taking (connectionListener).
      createServer(options: any, _cb?: Fn) {
        check();
        const server: any = new Emitter();
        if (typeof options === "function") server.on("connection", options);
        server.port = -1;
        server.listen = function (port: number, cb?: Fn) {
          self.later(() => {
            if (self.listeners[port]) {
              server.emit("error", { name: "SystemError", errno: 112, code: "EADDRINUSE", message: "Address in use" });
              return;
            }
            server.port = port;
            self.listeners[port] = server;
            if (cb) server.on("listening", cb);
            server.emit("listening");
          });
          return server;
        };
        server.close = function () {
          self.later(() => {
            if (self.listeners[server.port] === server) delete self.listeners[server.port];
            server.emit("close");
          });
          return server;
        };
        return server;
      },
    };
  }
}

////////////////////////////////////////////////////////////////////////////////

let esp_current: any = null;
const esp_module = {
  connect(...a: any[]) {
    return esp_current.connect(...a);
  },
  createServer(...a: any[]) {
    return esp_current.createServer(...a);
  },
};
let esp_fake: FakeEspruinoNet | null = null;
const esp_tls_module = {
  // absent where the firmware has no TLS
  get connect() {
    if (!esp_fake || !esp_fake.has_tls) return undefined;
    const m = esp_fake.tls_module();
    return (...a: any[]) => m.connect(...a);
  },
};
// Espruino's process.on/removeListener("uncaughtException") for the fake (this test file's
// sandbox process only; other events go to jest's).
function patch_process(): void {
  const p: any = process;
  if (p.__fake_uncaught) return;
  p.__fake_uncaught = true;
  const on = p.on;
  const off = p.removeListener;
  p.on = function (ev: string, fn: Fn) {
    if (ev !== "uncaughtException") return on.call(this, ev, fn);
    esp_fake!.uncaught_listeners.push(fn);
    return this;
  };
  p.removeListener = function (ev: string, fn: Fn) {
    if (ev !== "uncaughtException") return off.call(this, ev, fn);
    const l = esp_fake!.uncaught_listeners;
    if (l.indexOf(fn) >= 0) l.splice(l.indexOf(fn), 1);
    return this;
  };
}

/**
 * load_runtime (test/support/fake_engines.ts) plus hal/net/<hal>.ts in the same module
 * registry (so that its _wake() is this runtime's), attached as the driver's `net`; the engine
 * gets the fake net module as require("net") (Espruino: module require; Kaluma: the global
 * require of its startup code) and, on Espruino, the global E.
 */
export function load_net_runtime(
  hal: "espruino" | "kaluma",
  board: string,
  engine: FakeEngine,
  fake: FakeEspruinoNet | FakeKalumaNet,
): Runtime & { net: any; ssl: any } {
  const rt = load_runtime(hal, board, engine, {
    setup() {
      if (hal === "espruino") {
        (globalThis as any).E = FakeEspruinoNet.E;
        esp_current = fake.module();
        esp_fake = fake as FakeEspruinoNet;
        patch_process();
        // (jest keeps the first mock of a core module's name across isolateModules: delegate.)
        jest.doMock("net", () => esp_module);
        jest.doMock("tls", () => esp_tls_module);
      } else (engine as FakeKaluma).modules.net = fake.module();
    },
    modules: () => ({ ssl: require("ssl"), net: require(`../../hal/net/${hal}`) }),
  });
  rt.hal.net = rt.net.net; // what the driver would do: `net` in its driver object
  return rt;
}

// Helpers the net tests share.
export const b = (s: string): Uint8Array => {
  const a = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
  return a;
};
export const text = (a: Uint8Array): string => {
  let s = "";
  for (let i = 0; i < a.length; i++) s += String.fromCharCode(a[i]);
  return s;
};

// Runs main to the end on the fake engine's event loop; returns its value (or throws its error).
export function run_main(rt: any, engine: FakeEngine, main: () => any, ms = 10000): any {
  const { asyncio } = rt;
  let result: any;
  let error: any = null;
  let done = false;
  async function wrap() {
    try {
      result = await main();
    } catch (e) {
      error = e;
    }
    done = true;
  }
  asyncio.run(wrap());
  engine.run(ms);
  expect(engine.errors).toEqual([]);
  if (error) throw error;
  expect(done).toBe(true);
  return result;
}

// n bytes with every byte value, in a pattern that shows misplaced chunks.
export function payload(n: number): Uint8Array {
  const a = new Uint8Array(n);
  for (let i = 0; i < n; i++) a[i] = (i * 7 + (i >> 8)) & 255;
  return a;
}

// A server that is busy (reads nothing for 100 ms) while its client sends `n` bytes. Engines
// without flow control (Espruino, Kaluma) fail such a connection with ENOBUFS once 16 KB are
// unread, instead of buffering without bound. Returns [the server read's errno or "read N",
// what the client met: "eof", or the errno its drain or read raised].
export function flood_main(rt: any, port: number, n: number): () => any {
  const { asyncio } = rt;
  return async function () {
    let seen: any = null;
    const srv = await asyncio.start_server(
      async function (r: any, w: any) {
        await asyncio.sleep_ms(100);
        try {
          seen = "read " + (await r.read(10)).length;
        } catch (e: any) {
          seen = e.errno;
        }
        await w.wait_closed();
      },
      "",
      port,
    );
    const [r, w] = await asyncio.open_connection("h", port);
    let client: any;
    try {
      w.write(payload(n));
      await w.drain();
      client = (await r.read(10)).length === 0 ? "eof" : "data";
    } catch (e: any) {
      client = e.errno;
    }
    await asyncio.sleep_ms(200);
    await w.wait_closed();
    srv.close();
    await srv.wait_closed();
    return [seen, client];
  };
}
