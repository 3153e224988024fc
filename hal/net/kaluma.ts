// The Pico W's network on Kaluma 1.2: driver.net over Kaluma's `net` module (it needs the
// board's global __netdev), as the polled, non-blocking sockets src/asyncio/stream.ts expects
// (see the top of stream.ts, `Net` in src/runtime/driver.ts and hal/net/node.ts, whose rules
// are the same here). What differs on Kaluma (see /work/shared/TARGETS.md and Kaluma's
// src/modules/net/net.js, stream.js):
// - net.createConnection({host, port}, cb) connects only when given a callback: one is always
//   given. 'connect' makes the socket writable; a failure is an 'error' (Kaluma's SystemError,
//   errno as newlib numbers it: mapped to MicroPython's/Linux's numbers).
// - 'data' delivers Uint8Array chunks. write(Uint8Array) appends to a string buffer flushed by
//   setTimeout(0), and 'drain' follows each flush; write() returns false while anything is
//   buffered, so the send buffer is counted here: write(buf) takes up to TX_HIGH bytes not yet
//   confirmed by 'drain', null when full. Bytes always go as Uint8Array (a string's chars above
//   U+00FF would be sent as 0).
// - net.createServer(cb) only (createServer(options, cb) loses the callback), listen(port, cb):
//   'listening' comes later (POLLOUT), or 'error'.
// - close(): end() (flush, then FIN), then destroy() to free the socket once finished.
//   reset(): destroy() at once. No receive flow control (Kaluma's sockets have no pause()).
// Every state change calls the scheduler's wake(). JerryScript 2.4: no `?.`, no class fields
// in the output (TypeScript moves them into the constructors).
import { wake } from "../../src/runtime/driver";
import { OSError } from "../../src/runtime/errors";
import type { Net } from "../../src/runtime/driver";
import { DrainSocket, Listener, to_u8, copy_bytes } from "./common";
import * as common from "./common";

// Kaluma's global object; its startup code puts require() (built-in modules only) there.
declare const global: any;

let km_net: any = null;
function kmnet(): any {
  if (km_net === null) km_net = global.require("net");
  return km_net;
}

// Bytes written and not yet confirmed by 'drain' (Kaluma copies them into a string buffer).
export const TX_HIGH = 2048;

// newlib's errno numbers (Kaluma's SystemError.errno) that differ from Linux's.
const NEWLIB: { [n: number]: number } = {
  112: common.EADDRINUSE,
  113: common.ECONNABORTED,
  114: common.ENETUNREACH,
  115: common.ENETDOWN,
  116: common.ETIMEDOUT,
  118: common.EHOSTUNREACH,
  119: common.EINPROGRESS,
  120: common.EALREADY,
  125: common.EADDRNOTAVAIL,
  127: common.EISCONN,
  128: common.ENOTCONN,
};

export function oserror(e: any): OSError {
  if (e instanceof OSError) return e;
  const code = e && e.code;
  if (typeof code === "string" && /^E[A-Z]+$/.test(code) && typeof (common as any)[code] === "number") {
    return new OSError((common as any)[code]);
  }
  let n = e && typeof e.errno === "number" ? e.errno : 0;
  if (n < 0) n = -n;
  if (Object.prototype.hasOwnProperty.call(NEWLIB, n)) return new OSError(NEWLIB[n]);
  return new OSError(n > 0 && n < 112 ? n : common.EIO);
}

export class KmSocket extends DrainSocket {
  sock: any;
  protected readonly tx_high = TX_HIGH;

  constructor(sock: any, connected: boolean, peername: [string, number] | undefined) {
    super();
    const self = this;
    this.sock = sock;
    this.connected = connected;
    this.peername = peername;
    if (connected) this.set_peername();
    sock.on("connect", function () {
      self.connected = true;
      self.set_peername();
      wake();
    });
    sock.on("data", function (d: any) {
      if (self.closed || self.error) return;
      // A copy: the chunk may be a view of a buffer the engine reuses.
      const b = to_u8(d);
      self.receive(copy_bytes(b, b.length));
    });
    sock.on("end", function () {
      self.eof = true;
      wake();
    });
    sock.on("close", function () {
      self.eof = true;
      self.hup = true;
      wake();
    });
    sock.on("error", function (e: any) {
      if (!self.error && !self.closed) {
        self.error = oserror(e);
        self.rx.clear();
      }
      wake();
    });
    sock.on("drain", function () {
      self.pending = 0;
      wake();
    });
  }

  private set_peername(): void {
    const s = this.sock;
    if (typeof s.remoteAddress === "string" && typeof s.remotePort === "number") {
      this.peername = [s.remoteAddress, s.remotePort];
    }
  }

  sockname(): [string, number] | undefined {
    const s = this.sock;
    return typeof s.localAddress === "string" ? [s.localAddress, s.localPort] : undefined;
  }

  protected ended(): boolean {
    return this.hup || this.sock.writableEnded;
  }

  protected send(b: Uint8Array): void {
    this.sock.write(b); // Kaluma turns it into a string at once, so a view is enough
  }

  protected shut(): void {
    const s = this.sock;
    if (this.hup || s.destroyed) return;
    if (!this.error && this.connected && !s.writableEnded) {
      // Send what write() took, then FIN; free the socket once that is done.
      s.on("finish", function () {
        s.destroy();
      });
      s.end();
    } else {
      s.destroy();
    }
  }

  protected abort(): void {
    const s = this.sock;
    if (!this.hup && !s.destroyed) s.destroy();
  }
}

export class KmListener extends Listener<KmSocket> {
  server: any = null;
  port: number;

  constructor(port: number) {
    super();
    const self = this;
    this.port = port;
    try {
      // createServer(cb) only: the (options, cb) form loses the callback on Kaluma 1.2.
      const server = (this.server = kmnet().createServer(function (sock: any) {
        if (self.closed) {
          sock.destroy();
          return;
        }
        self.queue.push(new KmSocket(sock, true, undefined));
        wake();
      }));
      server.on("error", function (e: any) {
        if (!self.error) self.error = oserror(e);
        wake();
      });
      server.listen(port, function () {
        self.listening = true;
        wake();
      });
    } catch (e) {
      // "Network device not found" (no __netdev: not a Pico W, or Wi-Fi not set up).
      this.error = e instanceof OSError ? e : new OSError(common.ENETDOWN);
    }
  }

  sockname(): [string, number] | undefined {
    return this.listening && !this.closed ? ["0.0.0.0", this.port] : undefined;
  }

  protected shutdown(): void {
    if (this.server !== null && this.listening) this.server.close();
  }

  protected drop(s: KmSocket): void {
    s.reset();
  }
}

export const net: Net = {
  // Kaluma's firmware has no TLS library (its `net` is plain TCP over the CYW43's lwIP).
  tls: "Kaluma has no TLS: its firmware has no TLS library, only plain TCP (net)",
  connect(host: string, port: number): KmSocket {
    let sock: any;
    try {
      // With a callback, or Kaluma does not connect at all ('connect' is handled by KmSocket).
      sock = kmnet().createConnection({ host: host, port: port }, function () {});
    } catch (_e) {
      throw new OSError(common.ENETDOWN); // "Network device not found"
    }
    return new KmSocket(sock, false, [host, port]);
  },
  listen(_host: string, port: number, _backlog: number): KmListener {
    return new KmListener(port);
  },
};
