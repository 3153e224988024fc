// Port of micropython/tests/multi_net/asyncio_tcp_client_rst.py
// Test TCP server with client issuing TCP RST part way through read
// Both instances run in this one program (see ../multitest.ts): print0 is instance0's
// output (the server), print1 instance1's (the client, which prints nothing).
// instance1 used a blocking socket with SO_LINGER {1, 0}, time.sleep(0.1) and close(); here it
// is a task of the same program, so it connects with open_connection, sleeps with
// asyncio.sleep, and closes abortively with the HAL socket's reset() (close with linger 0).
import * as asyncio from "asyncio";
import { bytes } from "../../py";
import { multitest, print0, run } from "../multitest";

const PORT = 8000;
let ev: asyncio.Event;

async function handle_connection(reader: asyncio.Stream, writer: asyncio.Stream) {
  let data = await reader.read(10); // should succeed
  print0(data);
  await asyncio.sleep(0.2); // wait for client to drop connection
  try {
    data = await reader.read(100);
    print0(data);
    writer.close();
    await writer.wait_closed();
  } catch (er) {
    if (!(er instanceof asyncio.OSError)) throw er;
    print0("OSError", er.errno);
  }
  ev.set();
}

async function main() {
  ev = new asyncio.Event();
  const server = await asyncio.start_server(handle_connection, "0.0.0.0", PORT);
  await multitest.next();
  // async with server:
  await server.__aenter__();
  try {
    await asyncio.wait_for(ev.wait(), 10);
  } finally {
    await server.__aexit__();
  }
}

async function instance0() {
  multitest.globals({ IP: multitest.get_network_ip() });
  await main();
}

async function instance1() {
  await multitest.next();
  const [reader, writer] = await asyncio.open_connection(multitest.g.IP, PORT);
  writer.write(bytes("GET / HTTP/1.0\r\n\r\n"));
  await writer.drain();
  await asyncio.sleep(0.1);
  writer.s.reset(); // This issues a TCP RST (SO_LINGER {1, 0} then close)
}

run(instance0, instance1);
