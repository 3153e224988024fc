// TLS for the Espruino boards' network (hal/net/espruino.ts), over Espruino's
// `require("tls").connect(options, cb)`. What Espruino 2v29's tls does (its
// libs/network/network.c, measured on its Linux build against Node's tls on 127.0.0.1):
// - Client only: there is no tls.createServer.
// - No certificate verification: its mbedTLS runs with MBEDTLS_SSL_VERIFY_NONE whatever `ca`
//   is given (a wrong CA connects). So only CERT_NONE is honest here; CERT_REQUIRED and
//   CERT_OPTIONAL raise NotImplementedError before any socket is opened.
// - No SNI: the name it sends is always "mbed TLS Server 1", whatever the host.
// - `ca`, `key`, `cert` are DER as binary strings (a string of up to 100 chars would be read
//   as a file name); PEM is decoded here (its base64 body, atob).
// - The connect callback fires once TCP connects, before the handshake; writes wait for it.
// - A failed handshake closes the socket ('end', 'close'; 'error' "unsent data" if writes
//   were waiting) and raises "InternalError: mbedtls_ssl_handshake returned -0x7780" from
//   the idle loop, after 'close', not from any call of ours ('drain' comes before the
//   handshake ends: only 'data' shows it succeeded). To give that code to the socket, as
//   MicroPython raises OSError(code, "MBEDTLS_ERR_...") (the same library), an
//   'uncaughtException' listener is on `process` only while some handshake may still fail
//   (until a socket's first 'data', or one event-loop turn after its close); other uncaught
//   errors meanwhile are printed as Espruino prints them without a listener.
// - Memory: one connection takes ~1,540 JsVars on the Linux build (27 bytes each: 41 KB) for
//   mbedTLS's two 16 KB record buffers and handshake state (its allocator is the JsVar pool).
import { OSError, NotImplementedError, ValueError } from "../../src/runtime/errors";
import type { TlsOptions } from "../../src/runtime/driver";
import * as common from "./common";

declare const require: (id: string) => any;
declare const process: any;
declare const atob: (s: string) => string;

let tls_mod: any = null;
export function esptls(): any {
  if (tls_mod === null) tls_mod = require("tls");
  return tls_mod;
}

// true, or why this firmware cannot (driver.net.tls).
export function support(): true | string {
  try {
    if (esptls() && typeof esptls().connect === "function") return true;
  } catch (_e) {
    // built without USE_TLS (Espruino Pico, ESP8266...)
  }
  return "this Espruino firmware has no tls module (it is built without TLS)";
}

export const NO_SERVER = 'Espruino\'s tls module has no server (only require("tls").connect)';
export const NO_VERIFY =
  "Espruino's tls does not verify certificates (its mbedTLS runs with MBEDTLS_SSL_VERIFY_NONE): " +
  "to connect without verification, give an SSLContext whose verify_mode is ssl.CERT_NONE";

// DER as a binary string, from PEM or DER bytes.
function der(b: Uint8Array, bytes_str: (b: Uint8Array) => string): string {
  const s = bytes_str(b);
  if (b[0] === 0x30) return s;
  const lines = s.split("\n");
  let body = "";
  let inside = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (l.indexOf("-----BEGIN") === 0) inside = true;
    else if (l.indexOf("-----END") === 0) break;
    else if (inside) body += l;
  }
  return atob(body);
}

// tls.connect's options for a client context (stream.ts checked it is one).
export function options(host: string, port: number, t: TlsOptions, bytes_str: (b: Uint8Array) => string): any {
  if (t.server) throw new NotImplementedError(NO_SERVER);
  if (t.verify_mode !== 0) throw new NotImplementedError(NO_VERIFY);
  const o: any = { host: host, port: port };
  // No `ca`: it would be parsed, kept in memory and never used (no verification).
  if (t.cert !== null && t.key !== null) {
    o.cert = der(t.cert, bytes_str);
    o.key = der(t.key, bytes_str);
  }
  return o;
}

// What tls.connect throws at once, as MicroPython's load_cert_chain and connect raise it.
export function connect_error(e: any): OSError | ValueError {
  const m = String(e && e.message !== undefined ? e.message : e);
  if (m.indexOf("pk_parse_key") >= 0) return new ValueError("invalid key");
  if (m.indexOf("x509_crt_parse") >= 0) return new ValueError("invalid cert");
  if (m.indexOf("memory") >= 0) return new OSError(common.ENOMEM);
  return new OSError(common.ECONNREFUSED); // "Unable to create socket"
}

// mbedTLS 2.1's SSL error names (Espruino's copy), -0x7080 to -0x7F80 by steps of 0x80.
const NAMES = (
  "FEATURE_UNAVAILABLE BAD_INPUT_DATA INVALID_MAC INVALID_RECORD CONN_EOF UNKNOWN_CIPHER " +
  "NO_CIPHER_CHOSEN NO_RNG NO_CLIENT_CERTIFICATE CERTIFICATE_TOO_LARGE CERTIFICATE_REQUIRED " +
  "PRIVATE_KEY_REQUIRED CA_CHAIN_REQUIRED UNEXPECTED_MESSAGE FATAL_ALERT_MESSAGE PEER_VERIFY_FAILED " +
  "PEER_CLOSE_NOTIFY BAD_HS_CLIENT_HELLO BAD_HS_SERVER_HELLO BAD_HS_CERTIFICATE BAD_HS_CERTIFICATE_REQUEST " +
  "BAD_HS_SERVER_KEY_EXCHANGE BAD_HS_SERVER_HELLO_DONE BAD_HS_CLIENT_KEY_EXCHANGE " +
  "BAD_HS_CLIENT_KEY_EXCHANGE_RP BAD_HS_CLIENT_KEY_EXCHANGE_CS BAD_HS_CERTIFICATE_VERIFY " +
  "BAD_HS_CHANGE_CIPHER_SPEC BAD_HS_FINISHED ALLOC_FAILED"
).split(" ");

export function mbedtls_error(code: number): OSError {
  const i = (-code - 0x7080) / 0x80;
  if (i >= 0 && i < NAMES.length && i === Math.floor(i)) return new OSError(code, "MBEDTLS_ERR_SSL_" + NAMES[i]);
  return new OSError(code, "MBEDTLS_ERR_SSL_HANDSHAKE_FAILURE");
}

// The code in "mbedtls_ssl_handshake returned -0x7780", or 0.
function handshake_code(e: any): number {
  const m = String(e && e.message !== undefined ? e.message : e);
  const i = m.indexOf("mbedtls_ssl_handshake returned -0x");
  return i < 0 ? 0 : -parseInt(m.substr(i + 34), 16);
}

// Sockets whose handshake may still fail. Espruino raises a handshake's failure after the
// socket's 'close' (measured): it goes to the oldest closing one, else the oldest waiting.
export interface Handshaking {
  tls_closing: boolean;
  tls_code: number;
}
const waiting: Handshaking[] = [];

function on_uncaught(e: any): void {
  const code = handshake_code(e);
  if (code !== 0 && waiting.length > 0) {
    let s = waiting[0];
    for (let i = 0; i < waiting.length; i++) {
      if (waiting[i].tls_closing) {
        s = waiting[i];
        break;
      }
    }
    s.tls_code = code;
    return;
  }
  console.log("Uncaught " + String(e)); // (Espruino's console.log is its print)
  if (e && e.stack) console.log(e.stack);
}

export function handshake_start(s: Handshaking): void {
  if (waiting.length === 0) process.on("uncaughtException", on_uncaught);
  waiting.push(s);
}

// Its first byte came, or its close had its turn of the event loop to hear a failure.
export function handshake_end(s: Handshaking): void {
  const i = waiting.indexOf(s);
  if (i < 0) return;
  waiting.splice(i, 1);
  if (waiting.length === 0) process.removeListener("uncaughtException", on_uncaught);
}
