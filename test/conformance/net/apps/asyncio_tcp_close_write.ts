// Port of micropython/tests/multi_net/asyncio_tcp_close_write.py
// Test asyncio TCP stream closing then writing
// Both instances run in this one program (see ../multitest.ts): print0 is instance0's
// output (the server), print1 instance1's (the client).
import * as asyncio from "asyncio";
import { bytes } from "../../py";
import { multitest, print0, print1, run } from "../multitest";

const PORT = 8000;
let ev: asyncio.Event;

async function handle_connection(reader: asyncio.Stream, writer: asyncio.Stream) {
  // Write data to ensure connection
  writer.write(bytes("x"));
  await writer.drain();

  // Read, should return nothing
  print0("read:", await reader.read(100));

  // Close connection
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

  // Read data to ensure connection
  print1("read:", await reader.read(1));

  // Close connection
  print1("close");
  writer.close();
  await writer.wait_closed();

  // Try writing data to the closed connection
  print1("write");
  try {
    writer.write(bytes("x"));
    await writer.drain();
  } catch (er) {
    if (!(er instanceof asyncio.OSError)) throw er;
    print1("OSError");
  }
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
