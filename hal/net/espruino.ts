// The Espruino boards' network: driver.net over Espruino's `require("net")` (ESP32 Wi-Fi,
// Espruino Pico + WIZnet/ESP8266...), as the polled, non-blocking sockets src/asyncio/stream.ts
// expects (see the top of stream.ts, `Net` in src/runtime/driver.ts and hal/net/node.ts, whose
// rules are the same here). What differs on Espruino 2v29 (see /work/shared/TARGETS.md):
// - 'data' delivers a binary string (one char per byte): turned into bytes with E.toUint8Array.
// - write() needs a string (a Uint8Array would be sent as its text "65,66,67"): bytes are sent
//   as E.toString(bytes). write() always returns false, so the send buffer is counted here:
//   write(buf) takes up to TX_HIGH bytes not yet confirmed by 'drain' (emitted when what was
//   written has been flushed), null when full.
// - A refused connect THROWS synchronously ("Unable to create socket"): connect() then returns
//   a socket already failed with OSError(ECONNREFUSED) (open_connection raises it).
// - No remoteAddress/remotePort: peername is [host, port] for connect(), undefined for accepted
//   sockets. No destroy(): close() and reset() are end(). listen() binds all interfaces; the
//   server listens at once.
// - The peer's 'end' is followed by 'close' (no half-open connections): our writes then raise
//   OSError(EPIPE). No receive flow control (Espruino has no pause()).
// Every state change calls the scheduler's wake(). ES5 only, no Map, no TextEncoder.
import { wake } from "../../src/runtime/driver";
import { NotImplementedError, OSError } from "../../src/runtime/errors";
import type { Net, TlsOptions } from "../../src/runtime/driver";
import { DrainSocket, Listener, to_u8 } from "./common";
import * as common from "./common";
import * as tls from "./espruino_tls";

declare const require: (id: string) => any;
declare const E: any;
declare const setTimeout: (fn: () => void, ms: number) => any;

let esp_net: any = null;
function espnet(): any {
  if (esp_net === null) esp_net = require("net");
  return esp_net;
}

// Bytes written and not yet confirmed by 'drain' (Espruino's memory is small: JsVars).
export const TX_HIGH = 1024;

// Espruino's socket errors ({code: negative SOCKET_ERR_*, message}) by their message.
export function oserror(e: any): OSError {
  if (e instanceof OSError) return e;
  const m = String(e && e.message !== undefined ? e.message : e).toLowerCase();
  let n = common.EIO;
  if (m.indexOf("unable to create socket") >= 0 || m.indexOf("refused") >= 0) n = common.ECONNREFUSED;
  else if (m.indexOf("reset") >= 0) n = common.ECONNRESET;
  else if (m.indexOf("timeout") >= 0 || m.indexOf("timed out") >= 0) n = common.ETIMEDOUT;
  else if (m.indexOf("no route") >= 0) n = common.EHOSTUNREACH;
  else if (m.indexOf("not found") >= 0)
    n = -2; // EAI_NONAME, as MicroPython reports DNS failures
  else if (m.indexOf("memory") >= 0) n = common.ENOMEM;
  else if (m.indexOf("no connection") >= 0 || m.indexOf("closed") >= 0) n = common.ENOTCONN;
  return new OSError(n);
}

// A binary string as bytes.
function str_bytes(s: string): Uint8Array {
  if (typeof E !== "undefined" && E.toUint8Array) return E.toUint8Array(s);
  const r = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) r[i] = s.charCodeAt(i) & 255;
  return r;
}

// Bytes as a binary string (E.toString returns undefined when memory is short).
function bytes_str(b: Uint8Array): string {
  if (typeof E !== "undefined" && E.toString) {
    const s = E.toString(b);
    if (typeof s === "string" && s.length === b.length) return s;
  }
  let s = "";
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}

export class EspSocket extends DrainSocket {
  sock: any;
  protected readonly tx_high = TX_HIGH;
  // TLS (espruino_tls.ts): the handshake may still fail (no byte came yet); closing meanwhile,
  // the first error event and the mbedTLS code Espruino raises after 'close'.
  tls_wait = false;
  tls_closing = false;
  tls_err: any = null;
  tls_code = 0;

  constructor(sock: any, connected: boolean, peername: [string, number] | undefined) {
    super();
    this.sock = sock;
    this.connected = connected;
    this.peername = peername;
    if (sock !== null) this.attach(sock);
  }

  attach(sock: any): void {
    const self = this;
    this.sock = sock;
    sock.on("data", function (d: any) {
      if (self.tls_wait) {
        self.tls_wait = false;
        tls.handshake_end(self);
      }
      if (!self.closed && !self.error) self.receive(typeof d === "string" ? str_bytes(d) : to_u8(d));
    });
    sock.on("end", function () {
      if (self.tls_wait) return self.tls_close(null);
      self.eof = true;
      wake();
    });
    sock.on("close", function () {
      if (self.tls_wait) return self.tls_close(null);
      self.eof = true; // Espruino sends no 'end' before every 'close'
      self.hup = true;
      wake();
    });
    sock.on("error", function (e: any) {
      if (self.tls_wait) return self.tls_close(e);
      self.fail(oserror(e));
    });
    sock.on("drain", function () {
      self.pending = 0;
      wake();
    });
  }

  private fail(e: OSError): void {
    if (!this.error && !this.closed) {
      this.error = e;
      this.rx.clear();
    }
    wake();
  }

  // Closed during a TLS handshake: whether it failed is known one event-loop turn later
  // (Espruino raises the failure after 'close').
  private tls_close(e: any): void {
    if (e !== null && this.tls_err === null) this.tls_err = e;
    if (this.tls_closing) return;
    this.tls_closing = true;
    const self = this;
    setTimeout(function () {
      self.tls_wait = false;
      tls.handshake_end(self);
      if (self.tls_code !== 0) self.fail(tls.mbedtls_error(self.tls_code));
      else if (self.tls_err !== null) self.fail(oserror(self.tls_err));
      self.eof = true;
      self.hup = true;
      wake();
    }, 0);
  }

  on_connect(): void {
    this.connected = true;
    wake();
  }

  protected send(b: Uint8Array): void {
    this.sock.write(bytes_str(b)); // Espruino's write() needs a string (a copy, too)
  }

  // end() sends what was written, then closes: Espruino has no destroy(), so reset() and an
  // abort are that too.
  protected shut(): void {
    if (this.sock !== null && !this.hup) this.sock.end();
  }

  protected abort(): void {
    this.shut();
  }
}

export class EspListener extends Listener<EspSocket> {
  server: any = null;
  port: number;

  constructor(port: number) {
    super();
    const self = this;
    this.port = port;
    try {
      this.server = espnet().createServer(function (sock: any) {
        if (self.closed) {
          sock.end();
          return;
        }
        self.queue.push(new EspSocket(sock, true, undefined));
        wake();
      });
      this.server.listen(port);
      this.listening = true;
    } catch (e) {
      this.error = e instanceof OSError ? e : new OSError(common.EADDRINUSE);
    }
  }

  sockname(): [string, number] | undefined {
    return this.listening && !this.closed ? ["0.0.0.0", this.port] : undefined;
  }

  protected shutdown(): void {
    if (this.server !== null) this.server.close();
  }

  protected drop(s: EspSocket): void {
    s.close();
  }
}

export const net: Net = {
  connect(host: string, port: number, t?: TlsOptions): EspSocket {
    // TLS: what Espruino cannot do raises here, before any socket is opened.
    const opts = t ? tls.options(host, port, t, bytes_str) : { host: host, port: port };
    const s = new EspSocket(null, false, [host, port]);
    let sock: any;
    try {
      sock = (t ? tls.esptls() : espnet()).connect(opts, function () {
        s.on_connect();
      });
    } catch (e) {
      // "Unable to create socket": refused (or no network), reported through poll(); with
      // TLS, also a certificate or key mbedTLS could not parse.
      s.error = t ? (tls.connect_error(e) as OSError) : new OSError(common.ECONNREFUSED); // (a ValueError: raised the same way)
      s.hup = true;
      return s;
    }
    if (t) {
      s.tls_wait = true;
      tls.handshake_start(s);
    }
    s.attach(sock);
    return s;
  },
  listen(_host: string, port: number, _backlog: number, t?: TlsOptions): EspListener {
    if (t) throw new NotImplementedError(tls.NO_SERVER); // (stream.ts says it first: tls_server)
    return new EspListener(port);
  },
  // A getter, not a call here: a call at load made the Espruino Pico (no network) keep this
  // module and try require("tls") at every start (3 KB of its bundle).
  get tls(): true | string {
    return tls.support();
  },
  tls_server: tls.NO_SERVER,
};
