// Port of micropython/tests/multi_net/asyncio_tls_server_client_verify_error.py
// Test asyncio TCP server and client with TLS, and an incorrect server_hostname.
// Both instances run in this one program (see ../multitest.ts); the certificate files are
// made by the test (test/support/certs.ts).
import * as asyncio from "asyncio";
import * as ssl from "ssl";
import { bytes } from "../../py";
import { multitest, print0, print1, run } from "../multitest";

const PORT = 8000;

// These are test certificates. See tests/README.md for details.
const cert = "ec_cert.der";
const cafile = cert;
const key = "ec_key.der";

let ev: asyncio.Event;

async function handle_connection(reader: asyncio.Stream, _writer: asyncio.Stream) {
  print0("handle connection");
  try {
    await reader.read(100);
  } catch (e) {
    print0(e);
  }
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
  print0("server done");
  multitest.broadcast("finished");
}

async function tcp_client(message: Uint8Array) {
  const client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT);
  client_ctx.verify_mode = ssl.CERT_REQUIRED;
  client_ctx.load_verify_locations({ cafile: cafile });
  const [_reader, writer] = await asyncio.open_connection(
    multitest.g.IP,
    PORT,
    client_ctx,
    "foobar.local", // incorrect server_hostname
  );
  try {
    print1("write:", message);
    writer.write(message);
    print1("drain");
    await writer.drain();
  } catch (e) {
    print1(e);
  }
  await multitest.wait("finished");
  print1("client done");
}

async function instance0() {
  multitest.globals({ IP: multitest.get_network_ip() });
  await tcp_server();
}

async function instance1() {
  await multitest.next();
  await tcp_client(bytes("client data"));
}

run(instance0, instance1);
