// What the HAL's polled sockets (hal/net/node.ts, hal/net/sim.ts) share: a byte queue for
// received data, MicroPython's errno numbers, and the checks every read/readinto takes.
// ES5-safe (no Map, no TypedArray.prototype.slice/fill): the sim's sockets run on duktape.
import { OSError, ValueError } from "../../src/runtime/errors";
import { wake, POLLIN, POLLOUT, POLLERR, POLLHUP } from "../../src/runtime/driver";

// errno numbers as MicroPython reports them in OSError(errno) (Linux's, which MicroPython's
// own mperrno.h uses on every port).
export const EPERM = 1;
export const ENOENT = 2;
export const EIO = 5;
export const EBADF = 9;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EINVAL = 22;
export const EPIPE = 32;
export const EADDRINUSE = 98;
export const EADDRNOTAVAIL = 99;
export const ENETDOWN = 100;
export const ENETUNREACH = 101;
export const ECONNABORTED = 103;
export const ECONNRESET = 104;
export const ENOBUFS = 105;
export const EISCONN = 106;
export const ENOTCONN = 107;
export const ETIMEDOUT = 110;
export const ECONNREFUSED = 111;
export const EHOSTUNREACH = 113;
export const EALREADY = 114;
export const EINPROGRESS = 115;

export const EMPTY: Uint8Array = new Uint8Array(0);

// Received bytes as a list of chunks (no copying until a read spans chunks).
export class ByteQueue {
  chunks: Uint8Array[] = [];
  head = 0; // bytes of chunks[0] already taken
  length = 0;
  // Where find_nl() stopped without finding a \n (chunk, index in it, bytes from the head):
  // the next search resumes there, so a long line costs one pass over its bytes, however many
  // chunks it arrives in. Any removal starts the search again from the head.
  private si = 0;
  private sj = 0;
  private scanned = 0;

  push(b: Uint8Array): void {
    if (b.length === 0) return;
    this.chunks.push(b);
    this.length += b.length;
  }

  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.length = 0;
    this.rescan();
  }

  private rescan(): void {
    this.si = 0;
    this.sj = this.head;
    this.scanned = 0;
  }

  // Offset of the first \n among the first `limit` bytes, or -1.
  find_nl(limit: number): number {
    const end = limit < this.length ? limit : this.length;
    const cs = this.chunks;
    let n = this.scanned;
    let i = this.si;
    let j = this.sj;
    while (n < end) {
      const c = cs[i];
      if (j >= c.length) {
        i++;
        j = 0;
        continue;
      }
      if (c[j] === 10) {
        this.si = i;
        this.sj = j;
        this.scanned = n;
        return n;
      }
      j++;
      n++;
    }
    this.si = i;
    this.sj = j;
    this.scanned = n;
    return -1;
  }

  // Removes and returns up to n bytes (n < 0: all of them).
  take(n: number): Uint8Array {
    if (n < 0 || n > this.length) n = this.length;
    if (n === 0) return EMPTY;
    const c0 = this.chunks[0];
    if (c0.length - this.head >= n) {
      const r = c0.subarray(this.head, this.head + n);
      this.advance(n);
      return r;
    }
    const r = new Uint8Array(n);
    this.copy_to(r, n);
    return r;
  }

  // Moves up to dst.length bytes into dst; returns how many.
  take_into(dst: Uint8Array): number {
    const n = dst.length < this.length ? dst.length : this.length;
    this.copy_to(dst, n);
    return n;
  }

  private copy_to(dst: Uint8Array, n: number): void {
    let off = 0;
    while (off < n) {
      const c = this.chunks[0];
      const avail = c.length - this.head;
      const k = avail < n - off ? avail : n - off;
      dst.set(c.subarray(this.head, this.head + k), off);
      off += k;
      this.advance(k);
    }
  }

  private advance(k: number): void {
    this.head += k;
    this.length -= k;
    if (this.head === this.chunks[0].length) {
      this.chunks.shift();
      this.head = 0;
    }
    this.rescan();
  }
}

// A byte view of what readinto() may fill: any typed array, DataView or ArrayBuffer (Python's
// writable buffer protocol). Anything else is a TypeError, as in MicroPython.
export function writable_bytes(buf: any): Uint8Array {
  if (buf !== null && typeof buf === "object" && typeof buf.byteLength === "number") {
    if (buf instanceof Uint8Array) return buf;
    if (buf.buffer && typeof buf.byteOffset === "number") return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    if (typeof ArrayBuffer !== "undefined" && buf instanceof ArrayBuffer) return new Uint8Array(buf);
  }
  throw new TypeError("object with buffer protocol required");
}

// A private copy of the first n bytes of b (what a socket takes must not change afterwards).
export function copy_bytes(b: Uint8Array, n: number): Uint8Array {
  const r = new Uint8Array(n);
  r.set(n === b.length ? b : b.subarray(0, n));
  return r;
}

// The common part of read(), readinto() and readline() on a stream socket. Returns the bytes
// for `take(n)`-style readers, or null (nothing yet) / EMPTY (end of stream). Errors are
// sticky: a reset connection raises its OSError on every read, never a clean end of stream.
export interface RxState {
  closed: boolean;
  error: OSError | null;
  eof: boolean;
  rx: ByteQueue;
}

export function check_readable(s: RxState): boolean {
  if (s.closed) throw new OSError(EBADF);
  if (s.error) throw s.error;
  return s.rx.length > 0;
}

function rx_read(s: RxState, n: number): Uint8Array | null {
  if (!check_readable(s)) return s.eof ? EMPTY : null;
  if (n === 0) return EMPTY;
  return s.rx.take(n);
}

function rx_readinto(s: RxState, buf: any): number | null {
  const dst = writable_bytes(buf);
  if (!check_readable(s)) return s.eof ? 0 : null;
  return s.rx.take_into(dst);
}

// Bytes to send, from what a stream hands over (Uint8Array) or any bytes-like value.
export function to_u8(buf: any): Uint8Array {
  if (buf instanceof Uint8Array) return buf;
  if (buf !== null && typeof buf === "object" && typeof buf.byteLength === "number") return writable_bytes(buf);
  if (buf !== null && typeof buf === "object" && typeof buf.length === "number") return new Uint8Array(buf);
  throw new TypeError("object with buffer protocol required");
}

// What every HAL socket shares: the IOQueue's waiter slots, the receive side and its reads.
// after_read() lets a socket react to a read (Node resumes a paused socket).
export abstract class RxSocket implements RxState {
  io_r: any = null;
  io_w: any = null;
  rx = new ByteQueue();
  eof = false; // the peer's end of stream arrived
  error: OSError | null = null;
  closed = false; // close() or reset() was called here
  peername: [string, number] | undefined = undefined;
  rx_want = 0; // bytes a waiting readline() needs buffered (its limit); 0: none waits

  read(n = -1): Uint8Array | null {
    const r = rx_read(this, n);
    this.after_read();
    return r;
  }

  readinto(buf: any): number | null {
    const r = rx_readinto(this, buf);
    this.after_read();
    return r;
  }

  // A line with its \n when one is among the first `limit` bytes; at the end of stream, what
  // is left; null while neither (rx_want then tells flow control to let `limit` bytes in).
  // `limit` bytes without a \n raise ValueError and stay buffered: read() returns them, and
  // another readline() raises again. So a peer sending an endless line costs `limit` bytes
  // (plus the driver's receive window), never more.
  readline(limit: number): Uint8Array | null {
    this.rx_want = 0;
    let r: Uint8Array | null = null;
    if (check_readable(this)) {
      const i = this.rx.find_nl(limit);
      if (i >= 0) r = this.rx.take(i + 1);
      else if (this.rx.length >= limit) throw new ValueError("line longer than " + limit + " bytes (Stream.limit)");
      else if (this.eof) r = this.rx.take(-1);
    } else if (this.eof) r = EMPTY;
    if (r === null) this.rx_want = limit;
    this.after_read();
    return r;
  }

  protected after_read(): void {}

  // close(): what write() took is sent, then FIN; reset(): an abortive close (RST where the
  // engine can). Both drop what was received, and a second call does nothing; the engine's
  // part is shut() or abort().
  close(): void {
    if (this.stop()) this.shut();
  }

  reset(): void {
    if (this.stop()) this.abort();
  }

  private stop(): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.rx.clear();
    return true;
  }

  // The engine's graceful close.
  protected abstract shut(): void;
  // Drops the engine's connection at once.
  protected abstract abort(): void;

  poll(): number {
    if (this.closed) return POLLERR | POLLHUP;
    if (this.error) return POLLIN | POLLOUT | POLLERR | POLLHUP;
    return (this.rx.length > 0 || this.eof ? POLLIN : 0) | this.tx_poll();
  }

  // The send side's poll bits (POLLOUT, POLLHUP).
  protected abstract tx_poll(): number;
}

// What every HAL listening socket shares: accepted connections queue up until accept();
// POLLOUT once listening, POLLIN while one waits. close() stops the engine's server
// (shutdown) and drops the connections nobody accepted.
export abstract class Listener<S> {
  io_r: any = null;
  io_w: any = null;
  queue: S[] = [];
  listening = false;
  error: OSError | null = null;
  closed = false;

  accept(): S | null {
    if (this.closed) throw new OSError(EBADF);
    if (this.error) throw this.error;
    const s = this.queue.shift();
    return s === undefined ? null : s;
  }

  poll(): number {
    if (this.closed) return POLLERR | POLLHUP;
    if (this.error) return POLLIN | POLLOUT | POLLERR | POLLHUP;
    let ev = 0;
    if (this.queue.length > 0) ev |= POLLIN;
    if (this.listening) ev |= POLLOUT;
    return ev;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.shutdown();
    const q = this.queue;
    this.queue = [];
    for (let i = 0; i < q.length; i++) this.drop(q[i]);
  }

  protected abstract shutdown(): void;
  protected abstract drop(s: S): void;
}

// Sockets of engines that confirm writes only with 'drain' events (Espruino, Kaluma): write()
// takes up to tx_high bytes not yet confirmed, then returns null until the next 'drain'
// (which sets pending back to 0). send() hands the bytes to the engine.
export abstract class DrainSocket extends RxSocket {
  connected = false;
  hup = false; // the engine closed the socket
  pending = 0; // bytes written, not yet confirmed by 'drain'
  protected abstract readonly tx_high: number;
  protected abstract send(b: Uint8Array): void;

  // Our side can no longer send: a write raises EPIPE.
  protected ended(): boolean {
    return this.hup;
  }

  write(buf: any): number | null {
    if (this.closed) throw new OSError(EBADF);
    if (this.error) throw this.error;
    const b = to_u8(buf);
    if (!this.connected) return null;
    if (this.ended()) throw new OSError(EPIPE);
    if (b.length === 0) return 0;
    const room = this.tx_high - this.pending;
    if (room <= 0) return null;
    const n = b.length < room ? b.length : room;
    this.pending += n;
    this.send(n === b.length ? b : b.subarray(0, n));
    return n;
  }

  protected tx_poll(): number {
    if (this.hup) return POLLHUP | POLLOUT; // a write raises EPIPE
    return this.connected && this.pending < this.tx_high ? POLLOUT : 0;
  }

  // Received bytes. These engines cannot pause their sender, so past RX_MAX unread bytes
  // (or what a waiting readline needs, if more) the connection fails with ENOBUFS rather
  // than let a fast or hostile peer use up the heap: reads raise OSError(ENOBUFS).
  protected receive(b: Uint8Array): void {
    if (this.closed || this.error) return;
    this.rx.push(b);
    if (this.rx.length > (this.rx_want > RX_MAX ? this.rx_want : RX_MAX)) {
      this.error = new OSError(ENOBUFS);
      this.rx.clear();
      this.abort();
    }
    wake();
  }
}

// Unread bytes a socket of an engine without flow control keeps (DrainSocket.receive).
export const RX_MAX = 16 * 1024;
