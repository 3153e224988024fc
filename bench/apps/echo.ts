// Figure 6: echo throughput over 127.0.0.1 through the runtime's streams (host board): a
// server task echoes what it reads; the client writes __bench.bytes in chunks while a reader
// counts what comes back.
import * as asyncio from "asyncio";

declare const __bench: { bytes: number; chunk: number; port: number };
declare const performance: { now(): number };

async function echo(r: asyncio.Stream, w: asyncio.Stream) {
  for (;;) {
    const d = await r.read(65536);
    if (!d.length) break;
    w.write(d);
    await w.drain();
  }
  await w.wait_closed();
}

async function writer(w: asyncio.Stream, total: number, chunk: number) {
  const buf = new Uint8Array(chunk);
  for (let sent = 0; sent < total; sent += chunk) {
    w.write(buf);
    await w.drain();
  }
}

async function main() {
  const srv = await asyncio.start_server(echo, "127.0.0.1", __bench.port);
  const [r, w] = await asyncio.open_connection("127.0.0.1", __bench.port);
  const t0 = performance.now();
  const wt = asyncio.create_task(writer(w, __bench.bytes, __bench.chunk));
  let got = 0;
  while (got < __bench.bytes) {
    const d = await r.read(65536);
    if (!d.length) break;
    got += d.length;
  }
  const ms = performance.now() - t0;
  await wt;
  await w.wait_closed();
  srv.close();
  await srv.wait_closed();
  console.log("BENCH " + JSON.stringify({ bytes: got, ms }));
}

asyncio.run(main());
