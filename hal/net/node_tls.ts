// TLS for the host board's network (hal/net/node.ts), over Node's `tls`: what an SSLContext
// (src/ssl) asks for, in Node's terms, and Node's TLS errors as MicroPython's mbedTLS raises
// them, so that code and tests written for MicroPython see the same exceptions.
//
// - Certificates and keys come as PEM or DER bytes (MicroPython's test certificates are DER);
//   Node takes PEM, so DER is converted (crypto.X509Certificate, crypto.createPrivateKey).
// - TLS 1.2, as MicroPython's mbedTLS speaks: with TLS 1.3 a client whose certificate a server
//   refuses finishes its handshake first and only learns it later, where MicroPython's client
//   fails in the handshake, at its first write.
// - No CA loaded: Node's own trusted CAs (MicroPython would have none, and fail to verify).
// - Errors:
//     Node                                         MicroPython (mbedTLS)
//     ERR_TLS_CERT_ALTNAME_INVALID                 ValueError("\nThe certificate Common Name (CN) does not match with the expected CN\n")
//     DEPTH_ZERO_SELF_SIGNED_CERT, ..._IN_CHAIN,   ValueError("\nThe certificate is not correctly signed by the trusted CA\n")
//       UNABLE_TO_VERIFY_LEAF_SIGNATURE, ...
//     CERT_HAS_EXPIRED / CERT_NOT_YET_VALID        ValueError("\nThe certificate validity has expired\n" / "...starts in the future\n")
//     ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE    OSError(-29824, "MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE")
//     ERR_SSL_..._ALERT_... (an alert came in)     OSError(-30592, "MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE")
//     ERR_SSL_WRONG_VERSION_NUMBER, _HTTP_REQUEST  OSError(-29184, "MBEDTLS_ERR_SSL_INVALID_RECORD") (not TLS at all)
//     any other ERR_SSL_...                        OSError(-28160, "MBEDTLS_ERR_SSL_HANDSHAKE_FAILURE")
import { OSError, ValueError, type BaseException } from "../../src/runtime/errors";
import type { TlsOptions } from "../../src/runtime/driver";

declare const require: (id: string) => any;

const CERT_REQUIRED = 2;

let tls_mod: any = null;
export function nodetls(): any {
  if (tls_mod === null) tls_mod = require("node:tls");
  return tls_mod;
}

function buffer(b: Uint8Array): any {
  return require("buffer").Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

// PEM for Node, from PEM or DER bytes; ValueError("invalid cert" / "invalid key") as
// MicroPython's load_cert_chain when they are neither.
function pem(b: Uint8Array, kind: "cert" | "key"): string {
  const crypto = require("crypto");
  if (b[0] !== 0x30) return buffer(b).toString("latin1");
  if (kind === "cert") {
    try {
      return new crypto.X509Certificate(buffer(b)).toString();
    } catch (_e) {
      throw new ValueError("invalid cert");
    }
  }
  const types = ["pkcs8", "sec1", "pkcs1"];
  for (let i = 0; i < types.length; i++) {
    try {
      return crypto.createPrivateKey({ key: buffer(b), format: "der", type: types[i] }).export({ format: "pem", type: "pkcs8" });
    } catch (_e) {
      // the next encoding
    }
  }
  throw new ValueError("invalid key");
}

/** Node's secure context for an SSLContext's configuration; ValueError("invalid cert" /
 *  "invalid key"), as MicroPython's load_cert_chain, when OpenSSL takes neither. */
export function secure_context(t: TlsOptions): any {
  const o: any = { minVersion: "TLSv1.2", maxVersion: "TLSv1.2" };
  if (t.cert !== null) o.cert = pem(t.cert, "cert");
  if (t.key !== null) o.key = pem(t.key, "key");
  if (t.ca.length > 0) o.ca = t.ca.map((c) => pem(c, "cert"));
  try {
    return nodetls().createSecureContext(o);
  } catch (e: any) {
    const m = String((e && e.message) || e);
    throw new ValueError(/key/i.test(m) ? "invalid key" : "invalid cert");
  }
}

/** tls.connect()'s options for a client connection to host:port. */
export function client_options(t: TlsOptions, host: string, port: number): any {
  const o: any = { secureContext: secure_context(t) };
  o.host = host;
  o.port = port;
  o.allowHalfOpen = true;
  // A name to check and to send (SNI); SNI takes no IP address.
  const name = t.server_hostname || host;
  if (!require("net").isIP(name)) o.servername = name;
  o.checkServerIdentity = function (_h: string, cert: any) {
    return nodetls().checkServerIdentity(name, cert);
  };
  // CERT_OPTIONAL, as mbedTLS: verify, but carry on whatever the result.
  o.rejectUnauthorized = t.verify_mode === CERT_REQUIRED;
  return o;
}

/** A server-side TLSSocket over an accepted TCP socket. */
export function server_socket(raw: any, ctx: any, t: TlsOptions): any {
  return new (nodetls().TLSSocket)(raw, {
    isServer: true,
    secureContext: ctx,
    requestCert: t.verify_mode !== 0,
    rejectUnauthorized: t.verify_mode === CERT_REQUIRED,
  });
}

const verify = (what: string) => new ValueError("\n" + what + "\n");
const mbedtls = (code: number, name: string) => new OSError(code, name);

const NOT_TRUSTED = [
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
];

/** MicroPython's exception for a TLS error of Node's; null when it is not about TLS. */
export function tls_error(e: any): BaseException | null {
  const code: string = e && typeof e.code === "string" ? e.code : "";
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") return verify("The certificate Common Name (CN) does not match with the expected CN");
  if (NOT_TRUSTED.indexOf(code) >= 0) return verify("The certificate is not correctly signed by the trusted CA");
  if (code === "CERT_HAS_EXPIRED") return verify("The certificate validity has expired");
  if (code === "CERT_NOT_YET_VALID") return verify("The certificate validity starts in the future");
  if (code === "ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE") return mbedtls(-29824, "MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE");
  if (/^ERR_SSL_.*ALERT/.test(code)) return mbedtls(-30592, "MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE");
  if (code === "ERR_SSL_WRONG_VERSION_NUMBER" || code === "ERR_SSL_HTTP_REQUEST" || code === "ERR_SSL_PACKET_LENGTH_TOO_LONG") {
    return mbedtls(-29184, "MBEDTLS_ERR_SSL_INVALID_RECORD");
  }
  if (/^ERR_SSL_/.test(code)) return mbedtls(-28160, "MBEDTLS_ERR_SSL_HANDSHAKE_FAILURE");
  return null;
}

/** A server's verification of its client's certificate, after the handshake (Node's
 *  tls.Server does the same; a TLSSocket of our own has to): null when it passed. */
export function peer_error(sock: any): BaseException | null {
  const h = sock.ssl; // the TLSSocket's OpenSSL handle, as tls.Server reads it
  const e = h && typeof h.verifyError === "function" ? h.verifyError() : null;
  return e ? tls_error(e) || verify("The certificate is not correctly signed by the trusted CA") : null;
}
