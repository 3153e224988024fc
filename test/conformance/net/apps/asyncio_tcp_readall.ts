// Port of micropython/tests/multi_net/asyncio_tcp_readall.py
// Test asyncio stream read(-1) method using TCP server/client
// Both instances run in this one program (see ../multitest.ts): print0 is instance0's
// output (the server), print1 instance1's (the client).
import * as asyncio from "asyncio";
import { bytes } from "../../py";
import { multitest, print0, print1, run } from "../multitest";

const PORT = 8000;
let ev: asyncio.Event;

async function handle_connection(reader: asyncio.Stream, writer: asyncio.Stream) {
  writer.write(bytes("a"));
  await writer.drain();

  // Split the first 2 bytes up so the client must wait for the second one
  await asyncio.sleep(1);

  writer.write(bytes("b"));
  await writer.drain();

  writer.write(bytes("c"));
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

async function tcp_client() {
  const [reader, writer] = await asyncio.open_connection(multitest.g.IP, PORT);
  print1(await reader.read());
  print1(await reader.read()); // should be empty
  print1(await reader.read(1)); // should be empty
}

async function instance0() {
  multitest.globals({ IP: multitest.get_network_ip() });
  await tcp_server();
}

async function instance1() {
  await multitest.next();
  await tcp_client();
}

run(instance0, instance1);
