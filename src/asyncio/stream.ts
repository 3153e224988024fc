// Streams (MicroPython's extmod/asyncio/stream.py) over the HAL's polled sockets (the
// contract: Socket and Listener in src/runtime/driver.ts).
import * as core from "./core";
import { io_queue } from "./io";
import { driver, type Net, type Socket, type Listener, type TlsOptions, POLLOUT } from "../runtime/driver";
import { is_context, default_client_context, PROTOCOL_TLS_SERVER } from "../ssl/index";
import { EOFError, KeyError, NotImplementedError, OSError, ValueError } from "../runtime/errors";

const EMPTY: Uint8Array = new Uint8Array(0);

// The longest line readline() takes by default, counting its \n: enough for a protocol's
// line (an HTTP header...), small next to a microcontroller's heap. Per stream: stream.limit;
// per call: readline(limit).
export const DEFAULT_LIMIT = 4096;

// Chunks joined once, so reading or writing n bytes costs O(n) however many chunks they came
// in (MicroPython's `l += l2` copies everything so far for every chunk).
function join(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (let i = 0; i < parts.length; i++) n += parts[i].length;
  const r = new Uint8Array(n);
  let off = 0;
  for (let i = 0; i < parts.length; i++) {
    r.set(parts[i], off);
    off += parts[i].length;
  }
  return r;
}

// Bytes from bytes-like values; strings are sent as UTF-8 (awritestr, and for convenience).
export function to_bytes(buf: any): Uint8Array {
  if (buf instanceof Uint8Array) return buf;
  if (typeof buf === "string") {
    const out: number[] = [];
    for (let i = 0; i < buf.length; i++) {
      let c = buf.charCodeAt(i);
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < buf.length) {
        c = 0x10000 + ((c - 0xd800) << 10) + (buf.charCodeAt(++i) - 0xdc00);
      }
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return new Uint8Array(out);
  }
  if (buf && typeof buf.length === "number") return new Uint8Array(buf);
  throw new TypeError("object with buffer protocol required");
}

function net(): Net {
  const n = driver.net;
  if (!n) throw new OSError("no network on the " + driver.name + " board");
  return n;
}

// What the driver needs of `ssl` (True or an SSLContext), checked before any socket is made.
function tls_options(ssl: any, server: boolean, server_hostname: string | null): TlsOptions | null {
  if (ssl === null || ssl === undefined || ssl === false) return null;
  const n = net();
  const can = server && n.tls_server !== undefined ? n.tls_server : n.tls;
  if (can !== true) throw new NotImplementedError(typeof can === "string" ? can : "TLS is not available on the " + driver.name + " board");
  const ctx = ssl === true && !server ? default_client_context() : ssl;
  if (!is_context(ctx)) throw new TypeError("ssl must be " + (server ? "" : "True or ") + "an SSLContext");
  if (server !== (ctx.protocol === PROTOCOL_TLS_SERVER)) {
    throw new ValueError(
      server ? "start_server needs an SSLContext(PROTOCOL_TLS_SERVER)" : "open_connection needs an SSLContext(PROTOCOL_TLS_CLIENT)",
    );
  }
  if (server && ctx._cert === null) throw new ValueError("a TLS server needs a certificate: ssl.load_cert_chain(cert, key)");
  return { server, verify_mode: ctx.verify_mode, cert: ctx._cert, key: ctx._key, ca: ctx._ca.slice(), server_hostname };
}

export class Stream {
  s: Socket;
  e: any;
  out: Uint8Array[] = []; // what write() buffered and drain() has not taken yet (copies)
  out_len = 0; // bytes written and not yet taken by the socket (drain()'s included)
  limit = DEFAULT_LIMIT; // readline()'s longest line

  // s: a HAL socket, or (as in Python) any object with the methods this stream will call.
  constructor(s: Partial<Socket>, e: any = {}) {
    this.s = s as Socket;
    this.e = e;
  }

  get_extra_info(v: string): any {
    if (!(v in this.e)) throw new KeyError(v);
    return this.e[v];
  }

  close(): void {}

  async wait_closed() {
    this.s.close();
  }

  async read(n = -1) {
    const parts: Uint8Array[] = [];
    for (;;) {
      io_queue().queue_read(this.s);
      await core._never;
      const r = this.s.read(n);
      if (r !== null) {
        if (n >= 0) return r;
        if (!r.length) return parts.length ? join(parts) : EMPTY;
        parts.push(r);
      }
    }
  }

  async readinto(buf: Uint8Array) {
    for (;;) {
      io_queue().queue_read(this.s);
      await core._never;
      const n = this.s.readinto(buf); // (null only if woken with nothing to read: wait again)
      if (n !== null) return n;
    }
  }

  async readexactly(n: number) {
    const parts: Uint8Array[] = [];
    while (n > 0) {
      io_queue().queue_read(this.s);
      await core._never;
      const r = this.s.read(n);
      if (r !== null) {
        if (!r.length) throw new EOFError();
        parts.push(r);
        n -= r.length;
      }
    }
    return parts.length ? join(parts) : EMPTY;
  }

  // A line with its \n, or what is left at the end of stream (empty: the end). Unlike
  // MicroPython's, bounded: a line longer than `limit` bytes (default stream.limit) raises
  // ValueError, and its bytes stay in the stream (read() gets them; readline() raises again).
  async readline(limit: number = this.limit) {
    if (typeof limit !== "number" || !(limit >= 1) || limit !== Math.floor(limit)) {
      throw new ValueError("readline limit must be a positive integer, not " + String(limit));
    }
    for (;;) {
      io_queue().queue_read(this.s);
      await core._never;
      const l = this.s.readline(limit);
      if (l !== null) return l;
    }
  }

  // Tries an immediate write and buffers what the socket did not take; drain() sends the rest.
  // Buffered bytes are a copy (the caller may reuse its buffer), kept in order behind what
  // a drain() is still sending.
  write(buf: any): void {
    let b = to_bytes(buf);
    if (this.out_len === 0) {
      const ret = this.s.write(b);
      if (ret === b.length) return;
      if (ret !== null) b = b.subarray(ret);
    }
    const c = new Uint8Array(b.length);
    c.set(b);
    this.out.push(c);
    this.out_len += c.length;
  }

  // Sends everything buffered, including what other tasks write meanwhile.
  async drain() {
    if (!this.out_len) {
      // Always yields, so a tight write+drain loop cannot block the scheduler.
      return await core.sleep_ms(0);
    }
    while (this.out.length) {
      const buf = join(this.out);
      this.out = [];
      let off = 0;
      while (off < buf.length) {
        io_queue().queue_write(this.s);
        await core._never;
        const ret = this.s.write(buf.subarray(off));
        if (ret !== null) {
          off += ret;
          this.out_len -= ret;
        }
      }
    }
  }

  // Legacy uasyncio names.
  async aclose() {
    return await this.wait_closed();
  }

  async awrite(buf: any, off = 0, sz = -1) {
    let b = to_bytes(buf);
    if (off || sz !== -1) b = b.subarray(off, sz === -1 ? b.length : off + sz);
    this.write(b);
    return await this.drain();
  }

  async awritestr(s: string) {
    return await this.awrite(to_bytes(s));
  }

  // `async with stream:` -> await s.__aenter__(); try { ... } finally { await s.__aexit__(); }
  async __aenter__() {
    return this;
  }

  async __aexit__(_exc_type?: any, _exc?: any, _tb?: any) {
    return await this.wait_closed();
  }
}

// One class reads and writes, as in MicroPython.
export const StreamReader = Stream;
export const StreamWriter = Stream;

// Opens a TCP connection (TLS with `ssl`: True or an SSLContext); returns the same stream
// twice (reader, writer). As MicroPython, it returns once connected: a TLS handshake goes on
// under the first writes and reads, and its failure is raised by them.
export async function open_connection(host: string, port: number, ssl: any = null, server_hostname: string | null = null) {
  const tls = tls_options(ssl, false, server_hostname || host);
  const s = tls ? net().connect(host, port, tls) : net().connect(host, port); // raises OSError at once where the engine does
  const ss = new Stream(s);
  io_queue().queue_write(s); // writable once connected (or failed)
  await core._never;
  // A failed TLS handshake, once connected, is for the first read or write to raise.
  if (s.error && !(tls && s.connected)) {
    s.close();
    throw s.error;
  }
  return [ss, ss];
}

export class Server {
  task: any = null;
  state = false;

  async __aenter__() {
    return this;
  }

  async __aexit__(_exc_type?: any, _exc?: any, _tb?: any) {
    this.close();
    await this.wait_closed();
  }

  // The _serve task has started by now (start_server's sleep), so `state` is not clobbered.
  close(): void {
    this.state = true;
    this.task.cancel();
  }

  async wait_closed() {
    await this.task;
  }

  async _serve(s: Listener, cb: (r: Stream, w: Stream) => any) {
    this.state = false;
    for (;;) {
      try {
        io_queue().queue_read(s);
        await core._never;
      } catch (er) {
        // Cancelled: shut the server down. Quietly when close() did it; otherwise (e.g. the
        // parent task was cancelled) the cancellation propagates.
        s.close();
        if (this.state) return;
        throw er;
      }
      let s2: Socket | null;
      try {
        s2 = s.accept();
      } catch (_e) {
        continue; // a failed accept is skipped, as in MicroPython
      }
      if (s2 === null) continue;
      const ss = new Stream(s2, { peername: s2.peername });
      core.create_task(cb(ss, ss));
    }
  }
}

// Starts a TCP server (TLS with `ssl`, an SSLContext(PROTOCOL_TLS_SERVER)); each connection
// runs create_task(cb(stream, stream)) at once, its TLS handshake going on under its reads.
export async function start_server(cb: (r: Stream, w: Stream) => any, host: string, port: number, backlog = 5, ssl: any = null) {
  const tls = tls_options(ssl, true, null);
  const s = tls ? net().listen(host, port, backlog, tls) : net().listen(host, port, backlog);
  if (!(s.poll() & POLLOUT)) {
    // Engines that bind asynchronously report listening (POLLOUT) or the error.
    io_queue().queue_write(s);
    await core._never;
  }
  if (s.error) {
    s.close();
    throw s.error;
  }
  const srv = new Server();
  srv.task = core.create_task(srv._serve(s, cb));
  try {
    // The _serve task starts, so that it can handle its cancellation.
    await core.sleep_ms(0);
  } catch (er) {
    // Cancelled during this first sleep: do not leave the task waiting on the socket.
    srv.task.cancel();
    throw er;
  }
  return srv;
}
