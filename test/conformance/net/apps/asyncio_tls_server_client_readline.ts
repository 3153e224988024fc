// Port of micropython/tests/multi_net/asyncio_tls_server_client_readline.py
// Test asyncio TCP server and client with TLS, using readline() to read data.
// Both instances run in this one program (see ../multitest.ts); the certificate files are
// made by the test (test/support/certs.ts).
import * as asyncio from "asyncio";
import * as ssl from "tls"; // the ssl module's other name (bundles map both)
import { bytes } from "../../py";
import { multitest, print0, print1, run } from "../multitest";

const PORT = 8000;

// These are test certificates. See tests/README.md for details.
const cert = "ec_cert.der";
const cafile = cert;
const key = "ec_key.der";

let ev: asyncio.Event;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const r = new Uint8Array(a.length + b.length);
  r.set(a);
  r.set(b, a.length);
  return r;
}

async function handle_connection(reader: asyncio.Stream, writer: asyncio.Stream) {
  const data = await reader.readline();
  print0("echo:", data);
  const data2 = await reader.readline();
  print0("echo:", data2);
  writer.write(concat(data, data2));
  await writer.drain();

  print0("close");
  writer.close();
  await writer.wait_closed();

  print0("done");
  ev.set();
}

async function tcp_server() {
  const server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER);
  server_ctx.load_cert_chain(cert, key);
  ev = new asyncio.Event();
  const server = await asyncio.start_server(handle_connection, "0.0.0.0", PORT, 5, server_ctx);
  print0("server running");
  await multitest.next();
  await server.__aenter__();
  try {
    await asyncio.wait_for(ev.wait(), 10);
  } finally {
    await server.__aexit__();
  }
}

async function tcp_client(message: Uint8Array) {
  const client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT);
  client_ctx.verify_mode = ssl.CERT_REQUIRED;
  client_ctx.load_verify_locations({ cafile: cafile });
  const [reader, writer] = await asyncio.open_connection(multitest.g.IP, PORT, client_ctx, "micropython.local");
  print1("write:", message);
  writer.write(message);
  await writer.drain();
  const data = await reader.readline();
  print1("read:", data);
  const data2 = await reader.readline();
  print1("read:", data2);
}

async function instance0() {
  multitest.globals({ IP: multitest.get_network_ip() });
  await tcp_server();
}

async function instance1() {
  await multitest.next();
  await tcp_client(bytes("client data\nclient data2\n"));
}

run(instance0, instance1);
