// The sim board's network: a deterministic in-memory loopback TCP, in virtual time.
// One machine: every address reaches it, and listeners are found by port alone.
//
//   import { net } from "./net/sim";     // attached to the sim board as `sim.net`
//   net.latency_ms = 1;                   // one-way delay of every segment (virtual ms)
//   net.window = 65536;                   // bytes a sender may have in flight + unread at the peer
//   net.reset_all();                      // the network resets every open connection
//   net.clear();                          // forget every listener and connection (tests)
//
// Sockets are the polled, non-blocking ones src/asyncio/stream.ts expects (see
// hal/net/node.ts for the rules, which are the same here), and every segment - connection
// set-up, data, FIN, RST - reaches the other end `latency_ms` later through the sim's event
// list (sim.at), so the clock only moves when the scheduler idles and every run of a program
// is exactly the same:
// - connect: after one latency, connected (the listener queues the server end) or
//   ECONNREFUSED (nothing listens on the port, it was closed, or `backlog` connections
//   already wait to be accepted).
// - write: takes what fits the window (in flight + unread at the peer), copied; the rest
//   waits (null). Data reaching an end that was closed answers with a reset (ECONNRESET).
// - close: FIN after the data already sent; the peer reads the end of stream.
// - reset(): RST; the peer's unread data is dropped and its reads and writes raise
//   OSError(ECONNRESET).
// - listen(host, port, backlog): binds at once (port 0: a free port from 49152, see
//   sockname()); EADDRINUSE as `error` (with POLLERR) when the port is taken.
// No Node API and ES5 only: the sim's bundles run on duktape and QuickJS too.
import { wake, POLLOUT } from "../../src/runtime/driver";
import { OSError } from "../../src/runtime/errors";
import { driver, type Net } from "../../src/runtime/driver";
import { to_u8, copy_bytes, RxSocket, Listener, EBADF, EPIPE, EADDRINUSE, ECONNRESET, ECONNREFUSED } from "./common";

const EPHEMERAL = 49152;

// Runs fn after the network's latency, in the sim's virtual time (the sim is the driver; it
// is looked up at call time so that hal/sim.ts can import this module).
function later(fn: () => void): void {
  const d: any = driver;
  if (typeof d.at !== "function") throw new OSError("the sim network needs the sim board");
  d.at(d.elapsed_ms() + net.latency_ms, function () {
    fn();
    wake();
  });
}

export class SimSocket extends RxSocket {
  peer: SimSocket | null = null;
  inflight = 0; // bytes sent and not yet in the peer's rx
  connected = false;
  local: [string, number];

  constructor(local: [string, number], peername: [string, number] | undefined) {
    super();
    this.local = local;
    this.peername = peername;
  }

  sockname(): [string, number] {
    return this.local;
  }

  // Room left in the window towards the peer (opened up to what a readline there waits for).
  private room(): number {
    const p = this.peer;
    if (p === null) return 0;
    return (p.rx_want > net.window ? p.rx_want : net.window) - this.inflight - p.rx.length;
  }

  write(buf: any): number | null {
    if (this.closed) throw new OSError(EBADF);
    if (this.error) throw this.error;
    const b = to_u8(buf);
    if (!this.connected) return null;
    if (this.peer === null) throw new OSError(EPIPE);
    if (b.length === 0) return 0;
    const room = this.room();
    if (room <= 0) return null;
    const n = b.length < room ? b.length : room;
    const data = copy_bytes(b, n);
    const self = this;
    const peer = this.peer;
    this.inflight += n;
    later(function () {
      self.inflight -= n;
      if (peer.closed) {
        // Data for a closed socket: its stack answers with a reset.
        later(function () {
          self.on_reset();
        });
      } else if (!peer.error) {
        peer.rx.push(data);
      }
    });
    return n;
  }

  protected tx_poll(): number {
    return this.connected && this.room() > 0 ? POLLOUT : 0;
  }

  // An RST arrived.
  on_reset(): void {
    if (this.closed || this.error) return;
    this.error = new OSError(ECONNRESET);
    this.rx.clear();
    net._forget(this);
  }

  // The peer sees end of stream (close) or an RST (reset), a moment later.
  protected shut(): void {
    net._forget(this);
    const peer = this.peer;
    if (peer === null || this.error) return;
    later(function () {
      peer.eof = true;
    });
  }

  protected abort(): void {
    net._forget(this);
    const peer = this.peer;
    if (peer === null || this.error) return;
    later(function () {
      peer.on_reset();
    });
  }
}

export class SimListener extends Listener<SimSocket> {
  host: string;
  port: number;
  backlog: number;

  constructor(host: string, port: number, backlog: number) {
    super();
    this.listening = true; // binds at once
    this.host = host;
    this.port = port;
    this.backlog = backlog > 0 ? backlog : 1;
  }

  sockname(): [string, number] {
    return [this.host, this.port];
  }

  protected shutdown(): void {
    if (!this.error && net.listeners[this.port] === this) delete net.listeners[this.port];
  }

  // Connections nobody accepted are reset.
  protected drop(s: SimSocket): void {
    s.reset();
  }
}

export interface SimNet extends Net {
  latency_ms: number;
  window: number;
  listeners: { [port: number]: SimListener };
  sockets: SimSocket[]; // open connection ends
  next_port: number;
  connect(host: string, port: number): SimSocket;
  listen(host: string, port: number, backlog: number): SimListener;
  reset_all(): void;
  clear(): void;
  _port(): number;
  _forget(s: SimSocket): void;
}

export const net: SimNet = {
  latency_ms: 1,
  window: 65536,
  listeners: {},
  sockets: [],
  next_port: EPHEMERAL,
  tls: "the sim board has no TLS: its network is in memory, in virtual time, and it will not fake encryption",

  connect(host: string, port: number): SimSocket {
    const s = new SimSocket(["127.0.0.1", net._port()], [host, port]);
    net.sockets.push(s);
    later(function () {
      if (s.closed) return;
      const l = net.listeners[port];
      if (!l || l.closed || l.queue.length >= l.backlog) {
        s.error = new OSError(ECONNREFUSED);
        net._forget(s);
        return;
      }
      const s2 = new SimSocket([l.host, port], s.local);
      s2.connected = true;
      s2.peer = s;
      s.peer = s2;
      s.connected = true;
      net.sockets.push(s2);
      l.queue.push(s2);
    });
    return s;
  },

  listen(host: string, port: number, backlog: number): SimListener {
    if (port === 0) port = net._port();
    const l = new SimListener(host, port, backlog);
    if (net.listeners[port]) l.error = new OSError(EADDRINUSE);
    else net.listeners[port] = l;
    return l;
  },

  // Every open connection is reset by the network: both ends get ECONNRESET at once.
  reset_all(): void {
    const ss = net.sockets;
    net.sockets = [];
    for (let i = 0; i < ss.length; i++) {
      if (ss[i].connected) ss[i].on_reset();
    }
    wake();
  },

  // Forgets every listener and connection, and restarts port numbering (the sim's events are
  // cleared by sim.reset()).
  clear(): void {
    net.listeners = {};
    net.sockets = [];
    net.next_port = EPHEMERAL;
  },

  _port(): number {
    for (;;) {
      const p = net.next_port++;
      if (net.next_port > 65535) net.next_port = EPHEMERAL;
      if (!net.listeners[p]) return p;
    }
  },

  _forget(s: SimSocket): void {
    const i = net.sockets.indexOf(s);
    if (i >= 0) net.sockets.splice(i, 1);
  },
};
