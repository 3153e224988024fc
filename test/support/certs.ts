// Test certificates, made when a test runs (never committed) with the openssl CLI (Debian's
// `openssl`, which .ci/run installs). As MicroPython's tests/README.md makes its own:
// self-signed, CN=micropython.local, no subjectAltName (the name check falls back to the CN).
//
//   ec_cert.der, ec_key.der     EC P-256, DER (the key in SEC1), MicroPython's test names
//   ec_cert.pem, ec_key.pem     the same in PEM
//   rsa_cert.der, rsa_key.der   RSA 2048, DER (the key in PKCS#1), and .pem
//   other_cert.pem, other_key.pem   a second self-signed certificate with the same name: signed
//                               by nobody the others trust (the "wrong CA")
//   expired_cert.pem, expired_key.pem   self-signed, expired yesterday
//   client_cert.pem, client_key.pem     a client's certificate (CN=client), self-signed
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";

function openssl(dir: string, ...args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

function self_signed(dir: string, name: string, keyArgs: string[], cn: string, days: string): void {
  openssl(dir, ...keyArgs, "-out", `${name}_key.pem`);
  openssl(dir, "req", "-new", "-key", `${name}_key.pem`, "-subj", `/CN=${cn}`, "-out", `${name}.csr`);
  openssl(dir, "x509", "-req", "-in", `${name}.csr`, "-signkey", `${name}_key.pem`, "-days", days, "-out", `${name}_cert.pem`);
  fs.unlinkSync(path.join(dir, `${name}.csr`));
  openssl(dir, "x509", "-in", `${name}_cert.pem`, "-outform", "DER", "-out", `${name}_cert.der`);
}

const EC = ["ecparam", "-name", "prime256v1", "-genkey", "-noout"];
const RSA = ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"];

/** A new directory holding the certificates above. */
export function make_certs(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-certs-"));
  self_signed(dir, "ec", EC, "micropython.local", "365");
  openssl(dir, "ec", "-in", "ec_key.pem", "-outform", "DER", "-out", "ec_key.der");
  self_signed(dir, "rsa", RSA, "micropython.local", "365");
  openssl(dir, "rsa", "-in", "rsa_key.pem", "-outform", "DER", "-traditional", "-out", "rsa_key.der");
  self_signed(dir, "other", EC, "micropython.local", "365");
  self_signed(dir, "expired", EC, "micropython.local", "-1");
  self_signed(dir, "client", EC, "client", "365");
  return dir;
}

export function remove_certs(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
