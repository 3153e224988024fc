// The `ssl` module (also `tls`): MicroPython's SSLContext, for asyncio's open_connection(...,
// ssl=ctx) and start_server(..., ssl=ctx). The context only holds the configuration; the
// board's network driver (driver.net.tls) does the TLS, and says plainly when it cannot.
import { driver } from "../runtime/driver";
import { OSError, ValueError } from "../runtime/errors";

// MicroPython's numbers (extmod/modtls_mbedtls.c).
export const PROTOCOL_TLS_CLIENT = 0;
export const PROTOCOL_TLS_SERVER = 1;
export const CERT_NONE = 0;
export const CERT_OPTIONAL = 1;
export const CERT_REQUIRED = 2;

export interface SSLContext {
  protocol: number;
  verify_mode: number;
  // What the driver gets: certificates and keys as bytes, PEM or DER.
  _cert: Uint8Array | null;
  _key: Uint8Array | null;
  _ca: Uint8Array[];
  load_cert_chain(certfile: string | Uint8Array, keyfile: string | Uint8Array): void;
  load_verify_locations(cafile?: string | Uint8Array | null | { cafile?: any; cadata?: any }, cadata?: Uint8Array | string | null): void;
}

export interface SSLContextClass {
  (protocol: number): SSLContext;
  new (protocol: number): SSLContext;
}

// A path (read through the board's file system) or the bytes themselves.
function content(v: any, what: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === "string") {
    const read = driver.read_file;
    if (!read) throw new OSError(2, "the " + driver.name + " board has no file system: pass the " + what + " as bytes");
    return read(v);
  }
  throw new TypeError(what + " must be a path or bytes");
}

// PEM text, or DER: an ASN.1 SEQUENCE. Anything else is not a certificate or key at all.
function looks_like(b: Uint8Array): boolean {
  if (b.length > 0 && b[0] === 0x30) return true;
  for (let i = 0; i + 10 <= b.length && i < 64; i++) {
    if (b[i] === 45 && b[i + 1] === 45 && b[i + 5] === 66) return true; // "-----B(EGIN"
  }
  return false;
}

function SSLContextImpl(this: any, protocol: number): any {
  if (!(this instanceof (SSLContextImpl as any))) return new (SSLContextImpl as any)(protocol);
  if (protocol !== PROTOCOL_TLS_CLIENT && protocol !== PROTOCOL_TLS_SERVER) throw new ValueError("invalid protocol: " + String(protocol));
  this.protocol = protocol;
  // As MicroPython: a client verifies the server, a server asks nothing of clients.
  this.verify_mode = protocol === PROTOCOL_TLS_CLIENT ? CERT_REQUIRED : CERT_NONE;
  this._cert = null;
  this._key = null;
  this._ca = [];
}

SSLContextImpl.prototype.load_cert_chain = function (this: any, certfile: any, keyfile: any): void {
  const cert = content(certfile, "certificate");
  const key = content(keyfile, "key");
  // MicroPython's messages (mbedTLS parses them at once; the driver parses them for real).
  if (!looks_like(key)) throw new ValueError("invalid key");
  if (!looks_like(cert)) throw new ValueError("invalid cert");
  this._cert = cert;
  this._key = key;
};

// load_verify_locations(cafile, cadata), or with a keyword object: ({cafile: "ca.der"}).
SSLContextImpl.prototype.load_verify_locations = function (this: any, cafile?: any, cadata?: any): void {
  if (cafile !== null && typeof cafile === "object" && !(cafile instanceof Uint8Array)) {
    cadata = cafile.cadata;
    cafile = cafile.cafile;
  }
  const found: Uint8Array[] = [];
  if (cafile !== undefined && cafile !== null) found.push(content(cafile, "CA certificate"));
  if (cadata !== undefined && cadata !== null) found.push(content(cadata, "CA certificate"));
  if (found.length === 0) throw new TypeError("cafile or cadata must be given");
  for (let i = 0; i < found.length; i++) {
    if (!looks_like(found[i])) throw new ValueError("invalid cert");
    this._ca.push(found[i]);
  }
};

export const SSLContext: SSLContextClass = SSLContextImpl as any;

// The context open_connection(..., ssl=True) makes.
export function default_client_context(): SSLContext {
  return new SSLContext(PROTOCOL_TLS_CLIENT);
}

export function is_context(v: any): boolean {
  return v instanceof (SSLContextImpl as any);
}
