// Port of micropython/tests/multi_net/asyncio_tcp_server_client.py
// Test asyncio TCP server and client using start_server() and open_connection()
// Both instances run in this one program (see ../multitest.ts): print0 is instance0's
// output (the server), print1 instance1's (the client).
import * as asyncio from "asyncio";
import { bytes } from "../../py";
import { multitest, print0, print1, run } from "../multitest";

const PORT = 8000;
let ev: asyncio.Event;

async function handle_connection(reader: asyncio.Stream, writer: asyncio.Stream) {
  // Test that peername exists (but don't check its value, it changes)
  writer.get_extra_info("peername");

  const data = await reader.read(100);
  print0("echo:", data);
  writer.write(data);
  await writer.drain();

  print0("close");
  writer.close();
  await writer.wait_closed();

  print0("done");
  ev.set();
}

async function tcp_server() {
  ev = new asyncio.Event();
  const server = await asyncio.start_server(handle_connection, "0.0.0.0", PORT);
  print0("server running");
  await multitest.next();
  // async with server:
  await server.__aenter__();
  try {
    await asyncio.wait_for(ev.wait(), 10);
  } finally {
    await server.__aexit__();
  }
}

async function tcp_client(message: Uint8Array) {
  const [reader, writer] = await asyncio.open_connection(multitest.g.IP, PORT);
  print1("write:", message);
  writer.write(message);
  await writer.drain();
  const data = await reader.read(100);
  print1("read:", data);
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
