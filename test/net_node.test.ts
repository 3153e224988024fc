// The host board's network (hal/net/node.ts): asyncio streams over real TCP on 127.0.0.1,
// with the host driver's event loop (asyncio.run returns a Task; each test returns a Promise
// for it, see jest.config.js). Every server listens on 127.0.0.1 port 0 (a free port), every
// run is bounded by wait_for, and every socket must be closed when a test ends.
import { host } from "../hal/host";
import { net as nodeNet, type NodeSocket, type NodeListener, TX_HIGH, RX_HIGH } from "../hal/net/node";
import * as asyncio from "../src/asyncio/index";
import { POLLIN, POLLOUT, POLLERR, POLLHUP } from "../src/runtime/driver";
import { with_server, tracked } from "./support/streams";

// Every socket made, so that each test can check it closed them all.
const track = tracked(nodeNet);
(host as any).net = track.net;

const b = (s: string) => {
  const a = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
  return a;
};
const text = (a: Uint8Array) => {
  let s = "";
  for (let i = 0; i < a.length; i++) s += String.fromCharCode(a[i]);
  return s;
};
const errno = (e: any) => (e instanceof asyncio.OSError ? e.errno : String(e));

beforeEach(() => {
  track.reset();
  asyncio.new_event_loop();
  asyncio.Loop.set_exception_handler(null);
});

afterEach(() => {
  const open = track.made.filter((s) => !s.closed);
  for (const s of track.made) s.close();
  expect(open.map((s) => s.constructor.name)).toEqual([]);
});

// Runs main on the host's event loop, bounded; resolves with its value.
function run(main: () => any, seconds = 10): Promise<any> {
  return asyncio.run(asyncio.wait_for(main(), seconds)) as any;
}

// start_server on 127.0.0.1, a free port: [server, port].
async function serve(cb: (r: asyncio.Stream, w: asyncio.Stream) => any) {
  const srv = await asyncio.start_server(cb, "127.0.0.1", 0);
  await asyncio.sleep_ms(0); // the server task starts (see test/net_sim.test.ts)
  return [srv, track.last_listener!.sockname()![1]] as [asyncio.Server, number];
}

describe("streams over Node's TCP on 127.0.0.1", () => {
  test("echo, peername, end of stream", () => {
    const out: string[] = [];
    async function handler(r: asyncio.Stream, w: asyncio.Stream) {
      try {
        const peer = w.get_extra_info("peername");
        out.push("peer " + peer[0] + " " + typeof peer[1]);
        const data = await r.read(100);
        out.push("server " + text(data));
        w.write(data);
        await w.drain();
      } finally {
        await w.wait_closed();
      }
    }
    async function main() {
      const [srv, port] = await serve(handler);
      await with_server(srv, async () => {
        const [r, w] = await asyncio.open_connection("127.0.0.1", port);
        try {
          w.write(b("client data"));
          await w.drain();
          out.push("client " + text(await r.read(100)));
          out.push("eof " + (await r.read(100)).length);
        } finally {
          await w.wait_closed();
        }
      });
      return out;
    }
    return run(main).then((o) => {
      expect(o).toEqual(["peer 127.0.0.1 number", "server client data", "client client data", "eof 0"]);
    });
  });

  test("readline, readexactly, readinto, EOFError, read(-1)", () => {
    const out: any[] = [];
    async function handler(_r: asyncio.Stream, w: asyncio.Stream) {
      try {
        for (const part of ["li", "ne1\nline2\n", "tail-no-newline"]) {
          w.write(b(part));
          await w.drain();
          await asyncio.sleep_ms(20);
        }
      } finally {
        await w.wait_closed();
      }
    }
    async function main() {
      const [srv, port] = await serve(handler);
      await with_server(srv, async () => {
        let [r, w] = await asyncio.open_connection("127.0.0.1", port);
        try {
          out.push(text(await r.readline()));
          out.push(text(await r.readexactly(3)));
          out.push(text(await r.readline()));
          const buf = new Uint8Array(4);
          out.push((await r.readinto(buf)) + " " + text(buf));
          try {
            await r.readexactly(100);
          } catch (e) {
            out.push(e instanceof asyncio.EOFError ? "EOFError" : String(e));
          }
          out.push("[" + text(await r.readline()) + "]");
        } finally {
          await w.wait_closed();
        }
        [r, w] = await asyncio.open_connection("127.0.0.1", port);
        try {
          out.push(text(await r.read()));
        } finally {
          await w.wait_closed();
        }
      });
      return out;
    }
    return run(main).then((o) => {
      expect(o).toEqual(["line1\n", "lin", "e2\n", "4 tail", "EOFError", "[]", "line1\nline2\ntail-no-newline"]);
    });
  });

  test("ECONNREFUSED, also once the server's `async with` has ended; EADDRINUSE", () => {
    const out: any[] = [];
    async function main() {
      const [srv, port] = await serve(async (_r: asyncio.Stream, w: asyncio.Stream) => {
        await w.wait_closed();
      });
      try {
        await asyncio.start_server(async (_r: asyncio.Stream, _w: asyncio.Stream) => undefined, "127.0.0.1", port);
      } catch (e) {
        out.push("in use " + errno(e));
      }
      await with_server(srv, async () => {
        const [r, w] = await asyncio.open_connection("127.0.0.1", port);
        out.push("eof " + (await r.read()).length);
        await w.wait_closed();
      });
      try {
        const [_r, w] = await asyncio.open_connection("127.0.0.1", port);
        await w.wait_closed();
        out.push("connected?");
      } catch (e) {
        out.push("refused " + errno(e));
      }
      return out;
    }
    return run(main).then((o) => {
      expect(o).toEqual(["in use 98", "eof 0", "refused 111"]);
    });
  });

  test("a reset (RST) from the client: the server's read raises OSError 104", () => {
    const out: any[] = [];
    const served = new asyncio.Event();
    async function handler(r: asyncio.Stream, w: asyncio.Stream) {
      try {
        out.push(text(await r.read(10)));
        await asyncio.sleep(0.2);
        await r.read(100);
        out.push("no error");
      } catch (e) {
        out.push("OSError " + errno(e));
      } finally {
        await w.wait_closed();
        served.set();
      }
    }
    async function main() {
      const [srv, port] = await serve(handler);
      await with_server(srv, async () => {
        const [_r, w] = await asyncio.open_connection("127.0.0.1", port);
        w.write(b("GET / HTTP/1.0\r\n\r\n"));
        await w.drain();
        await asyncio.sleep(0.1);
        (w.s as NodeSocket).reset();
        await served.wait();
      });
      return out;
    }
    return run(main).then((o) => {
      expect(o).toEqual(["GET / HTTP", "OSError 104"]);
    });
  });

  test("write() after close raises OSError(EBADF); the closed socket polls POLLERR|POLLHUP", () => {
    async function main() {
      const served = new asyncio.Event();
      const [srv, port] = await serve(async (r: asyncio.Stream, w: asyncio.Stream) => {
        await r.read();
        await w.wait_closed();
        served.set();
      });
      const result: any[] = [];
      await with_server(srv, async () => {
        const [_r, w] = await asyncio.open_connection("127.0.0.1", port);
        await w.wait_closed();
        const s = w.s as NodeSocket;
        result.push(s.poll() === (POLLERR | POLLHUP));
        try {
          w.write(b("x"));
          await w.drain();
        } catch (e) {
          result.push(errno(e));
        }
        await served.wait();
      });
      return result;
    }
    return run(main).then((o) => {
      expect(o).toEqual([true, 9]);
    });
  });

  test("writing to a peer that has closed ends in an OSError (the peer's stack resets)", () => {
    async function main() {
      const [srv, port] = await serve(async (_r: asyncio.Stream, w: asyncio.Stream) => {
        await w.wait_closed();
      });
      let got: any = "no error";
      await with_server(srv, async () => {
        const [r, w] = await asyncio.open_connection("127.0.0.1", port);
        try {
          await r.read(); // the server closed
          for (let i = 0; i < 100; i++) {
            w.write(b("data after the peer closed\n"));
            await w.drain();
            await asyncio.sleep_ms(10);
          }
        } catch (e) {
          got = errno(e);
        } finally {
          await w.wait_closed();
        }
      });
      return got;
    }
    return run(main).then((e) => {
      expect([104, 32]).toContain(e);
    });
  });

  test("backpressure: write() stops taking bytes while the peer does not read; reading pauses and resumes", () => {
    const CHUNK = 64 * 1024;
    const LIMIT = 64 * 1024 * 1024;
    async function main() {
      let server_sock: NodeSocket | null = null;
      const reading = new asyncio.Event();
      let received = 0;
      let ok = true;
      let was_paused = false;
      const [srv, port] = await serve(async (r: asyncio.Stream, w: asyncio.Stream) => {
        server_sock = r.s as NodeSocket;
        try {
          await reading.wait();
          was_paused = server_sock.paused;
          for (;;) {
            const d = await r.read(CHUNK);
            if (!d.length) break;
            for (let i = 0; i < d.length; i += 997) if (d[i] !== (received + i) % 256) ok = false;
            received += d.length;
          }
        } finally {
          await w.wait_closed();
        }
      });
      let taken = 0;
      let refused_at = -1;
      await with_server(srv, async () => {
        const [_r, w] = await asyncio.open_connection("127.0.0.1", port);
        const s = w.s as NodeSocket;
        try {
          const chunk = new Uint8Array(CHUNK);
          // Write straight to the socket until it takes nothing more (bounded).
          while (taken < LIMIT) {
            for (let i = 0; i < CHUNK; i++) chunk[i] = (taken + i) % 256;
            const n = s.write(chunk);
            if (n === null) {
              // full: give Node a moment to flush to the kernel, then try once more
              await asyncio.sleep_ms(50);
              if (s.poll() & POLLOUT) continue;
              refused_at = taken;
              break;
            }
            expect(n).toBeLessThanOrEqual(TX_HIGH);
            taken += n;
            if (n < CHUNK) {
              // the rest of this chunk goes through the stream, which waits for room
              w.write(chunk.subarray(n));
              await w.drain();
              taken += CHUNK - n;
            }
            await asyncio.sleep_ms(0);
          }
          reading.set();
          // the writer gets room again once the reader reads
          const tail = new Uint8Array(CHUNK);
          for (let i = 0; i < CHUNK; i++) tail[i] = (taken + i) % 256;
          w.write(tail);
          await w.drain();
          taken += CHUNK;
        } finally {
          await w.wait_closed();
        }
        while (received < taken) await asyncio.sleep_ms(10);
      });
      return { taken, refused_at, received, ok, was_paused };
    }
    return run(main, 30).then((o) => {
      expect(o.refused_at).toBeGreaterThan(0); // the sender was held back before LIMIT
      expect(o.was_paused).toBe(true); // the receiver stopped reading past RX_HIGH
      expect(o.received).toBe(o.taken);
      expect(o.ok).toBe(true);
      expect(RX_HIGH).toBeGreaterThan(0);
    });
  }, 60000);

  test("echo of 1 MB, written and read concurrently, intact and bounded in time", () => {
    const SIZE = 1024 * 1024;
    const served = new asyncio.Event();
    async function handler(r: asyncio.Stream, w: asyncio.Stream) {
      try {
        for (;;) {
          const d = await r.read(16384);
          if (!d.length) break;
          w.write(d);
          await w.drain();
        }
      } finally {
        await w.wait_closed();
        served.set();
      }
    }
    async function main() {
      const [srv, port] = await serve(handler);
      let got = 0;
      let ok = true;
      await with_server(srv, async () => {
        const [r, w] = await asyncio.open_connection("127.0.0.1", port);
        async function writer() {
          const chunk = new Uint8Array(8192);
          for (let off = 0; off < SIZE; off += chunk.length) {
            for (let i = 0; i < chunk.length; i++) chunk[i] = ((off + i) * 7 + ((off + i) >> 8)) & 255;
            w.write(chunk);
            await w.drain();
          }
        }
        async function reader() {
          while (got < SIZE) {
            const d = await r.read(65536);
            if (!d.length) break;
            for (let i = 0; i < d.length; i++) if (d[i] !== (((got + i) * 7 + ((got + i) >> 8)) & 255)) ok = false;
            got += d.length;
          }
        }
        try {
          await asyncio.gather(writer(), reader());
        } finally {
          await w.wait_closed();
        }
        await served.wait(); // the server saw the end of stream and closed its end
      });
      return { got, ok };
    }
    return run(main, 20).then((o) => {
      expect(o.got).toBe(SIZE);
      expect(o.ok).toBe(true); // speed is a benchmark figure (npm run bench), not a test
    });
  }, 30000);

  test("close() with bytes still unsent delivers every one of them, then the end of stream", () => {
    // The client reads only after a pause, so the kernel's buffers fill, and the server's
    // drain() completes with bytes still in Node's buffer when it closes.
    const CHUNK = 64 * 1024;
    let SIZE = 0;
    let pending = -1;
    async function main() {
      const [srv, port] = await serve(async (_r: asyncio.Stream, w: asyncio.Stream) => {
        const s = w.s as NodeSocket;
        try {
          // Straight to the socket (no yield) until Node holds bytes the kernel did not take.
          while (s.sock.writableLength === 0 && SIZE < 64 * 1024 * 1024) {
            const data = new Uint8Array(CHUNK);
            for (let i = 0; i < CHUNK; i++) data[i] = (SIZE + i) % 253;
            const n = s.write(data);
            if (n === null) break;
            expect(n).toBe(CHUNK);
            SIZE += n;
          }
          pending = s.sock.writableLength;
        } finally {
          await w.wait_closed();
        }
      });
      let all: Uint8Array = new Uint8Array(0);
      await with_server(srv, async () => {
        const [r, w] = await asyncio.open_connection("127.0.0.1", port);
        try {
          await asyncio.sleep_ms(300);
          all = await r.read();
        } finally {
          await w.wait_closed();
        }
      });
      let ok = all.length === SIZE;
      for (let i = 0; ok && i < SIZE; i++) if (all[i] !== i % 253) ok = false;
      return [all.length, ok];
    }
    return run(main, 20).then((o) => {
      expect(o).toEqual([SIZE, true]);
      expect(pending).toBeGreaterThan(0);
    });
  }, 30000);

  test("poll() of a listener and of a connection through its life", () => {
    async function main() {
      const l = nodeNet.listen("127.0.0.1", 0, 2) as NodeListener;
      track.made.push(l);
      const seen: any[] = [l.poll()];
      while (!(l.poll() & POLLOUT)) await asyncio.sleep_ms(5);
      const c = nodeNet.connect("127.0.0.1", l.sockname()![1]) as NodeSocket;
      track.made.push(c);
      seen.push(c.poll(), c.write(b("x")));
      while (!(l.poll() & POLLIN)) await asyncio.sleep_ms(5);
      const s = l.accept()!;
      track.made.push(s);
      while (!(c.poll() & POLLOUT)) await asyncio.sleep_ms(5);
      seen.push(c.poll());
      s.write(b("line\nrest"));
      while (!(c.poll() & POLLIN)) await asyncio.sleep_ms(5);
      await asyncio.sleep_ms(20);
      // "rest" has no \n and the stream goes on: no line yet; read() takes it.
      seen.push(c.poll(), text(c.readline(100)!), c.readline(100), text(c.read(5)!), c.read(5));
      s.close();
      while (!c.eof) await asyncio.sleep_ms(5);
      seen.push(c.poll(), c.read(5)!.length, c.readinto(new Uint8Array(2)));
      try {
        c.readinto(5 as any);
      } catch (e) {
        seen.push(e instanceof TypeError);
      }
      c.close();
      l.close();
      seen.push(c.poll(), l.poll());
      return seen;
    }
    return run(main).then((o) => {
      expect(o).toEqual([
        0, // binding
        0, // connecting
        null, // write while connecting: would block
        POLLOUT,
        POLLIN | POLLOUT,
        "line\n",
        null,
        "rest",
        null,
        POLLIN | POLLOUT, // end of stream; still writable (half-open)
        0,
        0,
        true,
        POLLERR | POLLHUP,
        POLLERR | POLLHUP,
      ]);
    });
  });
});
