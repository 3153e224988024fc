// The host board's network: driver.net over Node's `net` module (real TCP), as the polled,
// non-blocking sockets src/asyncio/stream.ts expects (see the top of stream.ts and `Net` in
// src/runtime/driver.ts).
//
// Each socket adapter keeps what Node's events tell it: received 'data' is buffered (as
// Uint8Array chunks), 'end' is the end of stream, 'error' becomes an OSError with MicroPython's
// errno (ECONNREFUSED 111, ECONNRESET 104, EADDRINUSE 98...), 'connect' makes it writable.
// Every such change calls the scheduler's wake(), so an idle event loop runs a pass and polls.
//
// Rules:
// - read(n) returns up to n buffered bytes (n < 0: all of them), an empty array at the end of
//   stream, null when nothing is there yet. readline(limit): see RxSocket in common.ts.
//   buffered when there is no \n yet (the stream joins the parts). readinto(buf) fills any
//   typed array. After an error (a reset), every read raises that OSError: what was buffered
//   and not read is dropped, as the kernel drops it on a reset.
// - Receive side flow control: past RX_HIGH buffered bytes (or the limit of a readline that
//   waits for more, if larger) the Node socket is paused (the kernel's window then pushes back
//   on the sender), and resumed when reads bring it under RX_LOW (or that limit).
// - write(buf) takes at most TX_HIGH - writableLength bytes (what Node still holds unsent counts
//   as the socket's send buffer), returns how many, null when none (full, or still
//   connecting), and raises OSError(EBADF) after close(), the socket's error after an error.
//   POLLOUT is "writableLength < TX_HIGH"; each write's completion wakes a waiting writer.
// - allowHalfOpen: the peer's FIN is only the end of OUR reading, as with BSD sockets; our side
//   stays writable until close(). close() sends what was taken, then FIN, and frees the
//   socket (destroy), so Node's event loop can exit once every socket is closed.
// - reset(): an abortive close (RST), as close() after SO_LINGER {on, 0}.
// - listen(host, port, backlog): POLLOUT once listening (port 0 picks a free port:
//   sockname()), POLLIN while a connection waits for accept(); `error` on failure.
// - TLS (connect/listen with `tls`, see node_tls.ts): the socket is a Node TLSSocket; it is
//   writable (POLLOUT) once TCP is connected, so open_connection returns then, as
//   MicroPython's; write() then takes nothing (null) until the handshake is done, so that a
//   failed handshake is raised by the first drain() (or read), as MicroPython raises it.
// Node is only required the first time a socket is made, so the module costs nothing unused.
import { wake, POLLOUT, POLLHUP } from "../../src/runtime/driver";
import { OSError, type BaseException } from "../../src/runtime/errors";
import type { Net, TlsOptions } from "../../src/runtime/driver";
import { nodetls, secure_context, client_options, server_socket, tls_error, peer_error } from "./node_tls";
import { RxSocket, Listener, to_u8 } from "./common";
import * as common from "./common";

declare const require: (id: string) => any;

let node_net: any = null;
function nodenet(): any {
  if (node_net === null) node_net = require("net");
  return node_net;
}

export const RX_HIGH = 64 * 1024;
export const RX_LOW = 16 * 1024;
export const TX_HIGH = 64 * 1024;

// Node's error codes that are not errno names -> errno (getaddrinfo failures as MicroPython
// reports them: negative EAI_*). Errno names (ECONNREFUSED...) map through common.ts.
const NODE_CODES: { [code: string]: number } = {
  ENOTFOUND: -2, // EAI_NONAME
  EAI_AGAIN: -3,
  EAI_FAIL: -4,
  ERR_SOCKET_BAD_PORT: common.EINVAL,
  ERR_INVALID_ARG_TYPE: common.EINVAL,
  ERR_INVALID_ARG_VALUE: common.EINVAL,
  ERR_STREAM_DESTROYED: common.EPIPE,
  ERR_STREAM_WRITE_AFTER_END: common.EPIPE,
  EOF: common.ECONNRESET,
};

function errno_of(code: string): number | undefined {
  if (Object.prototype.hasOwnProperty.call(NODE_CODES, code)) return NODE_CODES[code];
  const n = /^E[A-Z]+$/.test(code) ? (common as any)[code] : undefined;
  return typeof n === "number" ? n : undefined;
}

export function oserror(e: any): OSError {
  if (e instanceof OSError) return e;
  const code = e && e.code;
  const n = typeof code === "string" ? errno_of(code) : undefined;
  if (n !== undefined) return new OSError(n);
  // libuv's errno is -errno on Linux.
  if (e && typeof e.errno === "number" && e.errno < 0 && e.errno > -200) return new OSError(-e.errno);
  return new OSError(common.EIO);
}

// A Node Buffer as a plain Uint8Array over the same memory (Node never reuses a 'data' chunk).
function view(b: any): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export class NodeSocket extends RxSocket {
  sock: any;
  connected: boolean;
  hup = false; // Node closed the socket (both directions done, or an error)
  paused = false;
  tls: boolean;
  secure = false; // TLS: the handshake is done
  want_write = false; // TLS: a write waits for the handshake

  constructor(sock: any, connected: boolean, tls: TlsOptions | null = null) {
    super();
    const self = this;
    this.sock = sock;
    this.connected = connected;
    this.tls = tls !== null;
    if (connected) this.set_peername();
    if (tls !== null) {
      // A client's own checks (CA, name) are done by Node; a server checks its client here,
      // as Node's tls.Server would (a TLSSocket of our own does not).
      sock.on(tls.server ? "secure" : "secureConnect", function () {
        const e = tls.server && tls.verify_mode === 2 ? peer_error(sock) : null;
        if (e !== null) {
          self.fail(e);
          sock.destroy();
        } else {
          self.secure = true;
        }
        wake();
      });
    }
    sock.on("connect", function () {
      self.connected = true;
      self.set_peername();
      wake();
    });
    sock.on("data", function (b: any) {
      if (self.closed || self.error) return;
      self.rx.push(view(b));
      if (!self.paused && self.rx.length >= (self.rx_want > RX_HIGH ? self.rx_want : RX_HIGH)) {
        self.paused = true;
        sock.pause();
      }
      wake();
    });
    sock.on("end", function () {
      self.eof = true;
      wake();
    });
    sock.on("error", function (e: any) {
      // Node destroys the socket after this; 'close' follows.
      self.fail((self.tls && tls_error(e)) || oserror(e));
      wake();
    });
    sock.on("close", function () {
      self.hup = true;
      wake();
    });
    sock.on("drain", function () {
      wake();
    });
  }

  private fail(e: BaseException): void {
    if (!this.error && !this.closed) {
      // An OSError, or (TLS) a verification's ValueError: reads and writes raise it alike.
      this.error = e as OSError;
      this.rx.clear();
    }
  }

  private set_peername(): void {
    const s = this.sock;
    if (s.remoteAddress !== undefined) this.peername = [s.remoteAddress, s.remotePort];
  }

  // [address, port] of our end.
  sockname(): [string, number] | undefined {
    const s = this.sock;
    return s.localAddress !== undefined ? [s.localAddress, s.localPort] : undefined;
  }

  protected override after_read(): void {
    if (this.paused && this.rx.length < (this.rx_want > RX_LOW ? this.rx_want : RX_LOW) && !this.closed) {
      this.paused = false;
      this.sock.resume();
    }
  }

  write(buf: any): number | null {
    if (this.closed) throw new OSError(common.EBADF);
    if (this.error) throw this.error;
    const b = to_u8(buf);
    const s = this.sock;
    if (!this.connected) return null; // common.EAGAIN while connecting
    if (this.tls && !this.secure) {
      this.want_write = true;
      return null;
    }
    if (s.destroyed || !s.writable) throw new OSError(common.EPIPE);
    if (b.length === 0) return 0;
    const room = TX_HIGH - s.writableLength;
    if (room <= 0) return null;
    const n = b.length < room ? b.length : room;
    const self = this;
    // slice: a copy, so the caller may reuse its buffer (Node keeps a view of a Uint8Array).
    s.write(b.slice(0, n), function () {
      if (self.io_w) wake();
    });
    return n;
  }

  protected tx_poll(): number {
    const s = this.sock;
    let ev = 0;
    if (this.connected && (this.secure || !this.want_write) && !s.destroyed && s.writable && s.writableLength < TX_HIGH) ev |= POLLOUT;
    if (this.hup) ev |= POLLHUP;
    return ev;
  }

  protected shut(): void {
    const s = this.sock;
    if (s.destroyed) return;
    if (this.paused) s.resume(); // drain into nothing, so a pending FIN can complete
    if (!this.error && this.connected && s.writableLength > 0) {
      // Send what write() took, then FIN; free the socket once it is all handed to the kernel.
      s.on("finish", function () {
        s.destroy();
      });
      s.end();
      s.unref();
    } else {
      s.destroy();
    }
  }

  protected abort(): void {
    const s = this.sock;
    if (s.destroyed) return;
    if (this.connected && typeof s.resetAndDestroy === "function") s.resetAndDestroy();
    else s.destroy();
  }
}

export class NodeListener extends Listener<NodeSocket> {
  server: any;

  constructor(host: string, port: number, backlog: number, tls: TlsOptions | null = null) {
    super();
    const self = this;
    // One secure context for every connection; a bad certificate or key raises here.
    const ctx = tls !== null ? secure_context(tls) : null;
    const server = (this.server = nodenet().createServer({ allowHalfOpen: true }));
    server.on("listening", function () {
      self.listening = true;
      wake();
    });
    server.on("connection", function (sock: any) {
      if (self.closed) {
        sock.destroy();
        return;
      }
      self.queue.push(tls !== null ? new NodeSocket(server_socket(sock, ctx, tls), true, tls) : new NodeSocket(sock, true));
      wake();
    });
    server.on("error", function (e: any) {
      if (!self.error) self.error = oserror(e);
      wake();
    });
    try {
      server.listen({ host: host === "" ? "0.0.0.0" : host, port, backlog });
    } catch (e) {
      this.error = oserror(e); // a bad port or host, reported like a failed bind
    }
  }

  // [address, port] it listens on (the port it got, when asked for port 0).
  sockname(): [string, number] | undefined {
    const a = this.listening && !this.closed ? this.server.address() : null;
    return a && typeof a === "object" ? [a.address, a.port] : undefined;
  }

  protected shutdown(): void {
    this.server.close();
  }

  // Connections nobody accepted are dropped (the kernel resets them on close too).
  protected drop(s: NodeSocket): void {
    s.reset();
  }
}

export const net: Net = {
  connect(host: string, port: number, tls?: TlsOptions): NodeSocket {
    const opts = tls ? client_options(tls, host, port) : null; // a bad certificate raises here
    let sock: any;
    try {
      sock = opts !== null ? nodetls().connect(opts) : nodenet().connect({ host, port, allowHalfOpen: true });
    } catch (e) {
      throw oserror(e); // a bad port: Node throws at once
    }
    return new NodeSocket(sock, false, tls || null);
  },
  listen(host: string, port: number, backlog: number, tls?: TlsOptions): NodeListener {
    return new NodeListener(host, port, backlog, tls || null);
  },
  tls: true,
};
