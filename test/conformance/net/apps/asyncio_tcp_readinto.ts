// Port of micropython/tests/multi_net/asyncio_tcp_readinto.py
// Test asyncio stream readinto() method using TCP server/client
// Both instances run in this one program (see ../multitest.ts): print0 is instance0's
// output (the server), print1 instance1's (the client).
// bytearray(2) is a Uint8Array marked as a bytearray (py.ts), array.array("b", [0, 0]) an
// Int8Array; their slices are printed as Python prints them.
import * as asyncio from "asyncio";
import { bytes, bytearray } from "../../py";
import { multitest, print0, print1, run, array_repr } from "../multitest";

const PORT = 8000;
let ev: asyncio.Event;

async function handle_connection(reader: asyncio.Stream, writer: asyncio.Stream) {
  writer.write(bytes("ab"));
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

// ba[:n] for a bytearray: a bytearray.
function bytearray_slice(ba: Uint8Array, n: number): Uint8Array {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(ba[i]);
  return bytearray(s);
}

async function tcp_client() {
  const [reader, writer] = await asyncio.open_connection(multitest.g.IP, PORT);

  const ba = bytearray("\x00\x00");
  let n = await reader.readinto(ba);
  print1(n);
  print1(bytearray_slice(ba, n));

  const a = new Int8Array([0, 0]);
  n = await reader.readinto(a as any);
  print1(n);
  print1(array_repr("b", a.subarray(0, n)));

  try {
    n = await (reader as any).readinto(5);
  } catch (er) {
    if (!(er instanceof TypeError)) throw er;
    print1("TypeError");
  }

  try {
    n = await (reader as any).readinto();
  } catch (er) {
    if (!(er instanceof TypeError)) throw er;
    print1("TypeError");
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
