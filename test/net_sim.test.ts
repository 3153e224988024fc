// The sim board's network (hal/net/sim.ts) under asyncio streams: virtual time, so every
// timing is exact and every run identical. Test functions are synchronous (see
// jest.config.js): on the sim board asyncio.run() blocks until main returns.
import { sim } from "../hal/sim";
import { net, type SimSocket, type SimListener } from "../hal/net/sim";
import * as asyncio from "../src/asyncio/index";
import * as fc from "fast-check";
import { POLLIN, POLLOUT, POLLERR, POLLHUP } from "../src/runtime/driver";
import { with_server } from "./support/streams";

(sim as any).net = net; // what hal/sim.ts will do itself

let out: string[] = [];
const log = (...a: any[]) => out.push(a.map((x) => (x instanceof Uint8Array ? text(x) : String(x))).join(" "));
const now = () => sim.elapsed_ms();
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

beforeEach(() => {
  out = [];
  sim.reset(0);
  net.clear();
  net.latency_ms = 1;
  net.window = 65536;
  asyncio.new_event_loop();
  asyncio.Loop.set_exception_handler(null);
});

// Every test ends with no connection left open.
afterEach(() => {
  expect(net.sockets.filter((s) => !s.closed && !s.error)).toEqual([]);
  expect(Object.keys(net.listeners)).toEqual([]);
});

describe("streams over the sim network", () => {
  test("echo: connect after one latency, data and EOF in virtual time, peername", () => {
    async function handler(r: asyncio.Stream, w: asyncio.Stream) {
      log("peer", w.get_extra_info("peername").join(":"), now());
      const data = await r.read(100);
      log("server got", data, now());
      w.write(data);
      await w.drain();
      await w.wait_closed();
    }
    async function main() {
      const srv = await asyncio.start_server(handler, "0.0.0.0", 8000);
      await with_server(srv, async () => {
        const [r, w] = await asyncio.open_connection("127.0.0.1", 8000);
        log("connected", now());
        w.write(b("hello"));
        await w.drain();
        log("client got", await r.read(100), now());
        log("eof", (await r.read(100)).length, now());
        await w.wait_closed();
      });
    }
    asyncio.run(main());
    expect(out).toEqual(["connected 1", "peer 127.0.0.1:49152 1", "server got hello 2", "client got hello 3", "eof 0 3"]);
  });

  test("the REPL's ps() shows a task waiting on a stream as waiting for I/O, and stats() counts it", () => {
    const { task_state } = require("../src/asyncio/inspect")._inspector();
    async function handler(r: asyncio.Stream, w: asyncio.Stream) {
      log("server got", await r.read(100), now());
      await w.wait_closed();
    }
    async function main() {
      const srv = await asyncio.start_server(handler, "0.0.0.0", 8000);
      await with_server(srv, async () => {
        const [r, w] = await asyncio.open_connection("127.0.0.1", 8000);
        await asyncio.sleep_ms(5); // the server's handler now waits to read
        const ts = asyncio.tasks();
        log(ts.map((t: any) => task_state(t)).join(" | "), asyncio.stats().io_waits);
        w.write(b("hi"));
        await w.drain();
        log("eof", (await r.read(100)).length, now());
        await w.wait_closed();
      });
    }
    asyncio.run(main());
    expect(out).toEqual(["running | waiting for I/O | waiting for I/O 2", "server got hi 7", "eof 0 8"]);
  });

  test("read(-1), readline, readexactly, EOFError, readinto and a zero latency", () => {
    net.latency_ms = 0;
    async function handler(_r: asyncio.Stream, w: asyncio.Stream) {
      try {
        for (const part of ["li", "ne1\nline2\n", "tail-no-newline"]) {
          w.write(b(part));
          await w.drain();
          await asyncio.sleep_ms(5);
        }
      } finally {
        await w.wait_closed();
      }
    }
    async function main() {
      const srv = await asyncio.start_server(handler, "0.0.0.0", 8001);
      await with_server(srv, async () => {
        let [r, w] = await asyncio.open_connection("localhost", 8001);
        log(await r.readline(), now());
        log(await r.readexactly(3), now());
        log(await r.readline(), now());
        const buf = new Uint8Array(4);
        log("into", await r.readinto(buf), text(buf), now());
        try {
          await r.readexactly(100);
        } catch (e) {
          log(e instanceof asyncio.EOFError ? "EOFError" : String(e), now());
        }
        log("[" + text(await r.readline()) + "]", "[" + text(await r.read()) + "]", await r.readinto(buf));
        await w.wait_closed();
        // read(-1) gathers everything to the end of stream
        [r, w] = await asyncio.open_connection("localhost", 8001);
        log(await r.read(), now());
        await w.wait_closed();
      });
    }
    asyncio.run(main());
    expect(out).toEqual(["line1\n 5", "lin 5", "e2\n 5", "into 4 tail 10", "EOFError 15", "[] [] 0", "line1\nline2\ntail-no-newline 30"]);
  });

  test("ECONNREFUSED when nothing listens, and after the server's `async with` ends", () => {
    async function handler(_r: asyncio.Stream, w: asyncio.Stream) {
      await w.wait_closed();
    }
    async function main() {
      try {
        await asyncio.open_connection("127.0.0.1", 9);
      } catch (e) {
        log("refused", e instanceof asyncio.OSError ? e.errno : String(e), now());
      }
      const srv = await asyncio.start_server(handler, "0.0.0.0", 8002);
      await with_server(srv, async () => {
        const [r, w] = await asyncio.open_connection("127.0.0.1", 8002);
        log("eof", (await r.read()).length);
        await w.wait_closed();
      });
      try {
        await asyncio.open_connection("127.0.0.1", 8002);
      } catch (e) {
        log("after close", e instanceof asyncio.OSError ? e.errno : String(e));
      }
    }
    asyncio.run(main());
    expect(out).toEqual(["refused 111 1", "eof 0", "after close 111"]);
  });

  test("EADDRINUSE, and port 0 picks a free port", () => {
    async function main() {
      const srv = await asyncio.start_server(
        function (_r: any, w: any) {
          return w.wait_closed();
        },
        "0.0.0.0",
        8003,
      );
      try {
        await asyncio.start_server(
          function (_r: any, w: any) {
            return w.wait_closed();
          },
          "0.0.0.0",
          8003,
        );
      } catch (e) {
        log("in use", e instanceof asyncio.OSError ? e.errno : String(e));
      }
      await asyncio.sleep_ms(0); // see "Server.close() right after start_server()" below
      srv.close();
      await srv.wait_closed();
      const l = net.listen("0.0.0.0", 0, 1);
      log("port", l.sockname()[1], l.poll() === POLLOUT);
      l.close();
    }
    asyncio.run(main());
    expect(out).toEqual(["in use 98", "port 49152 true"]);
  });

  test("a reset: the peer's unread data is dropped and its reads and writes raise ECONNRESET", () => {
    async function handler(r: asyncio.Stream, w: asyncio.Stream) {
      try {
        log("server", await r.read(4), now());
        await asyncio.sleep_ms(50);
        try {
          await r.read(100);
        } catch (e) {
          log("read", e instanceof asyncio.OSError ? e.errno : String(e), now());
        }
        try {
          w.write(b("x"));
        } catch (e) {
          log("write", e instanceof asyncio.OSError ? e.errno : String(e));
        }
      } finally {
        await w.wait_closed();
      }
    }
    async function main() {
      const srv = await asyncio.start_server(handler, "0.0.0.0", 8004);
      await with_server(srv, async () => {
        const [_r, w] = await asyncio.open_connection("127.0.0.1", 8004);
        w.write(b("GET / HTTP/1.0\r\n\r\n"));
        await w.drain();
        await asyncio.sleep_ms(10);
        (w.s as SimSocket).reset();
        await asyncio.sleep_ms(100);
      });
    }
    asyncio.run(main());
    expect(out).toEqual(["server GET  2", "read 104 52", "write 104"]);
  });

  test("reset_all: the network drops every connection, both ends see ECONNRESET", () => {
    async function handler(r: asyncio.Stream, w: asyncio.Stream) {
      try {
        await r.read(10);
      } catch (e) {
        log("server", e instanceof asyncio.OSError ? e.errno : String(e), now());
      } finally {
        await w.wait_closed();
      }
    }
    async function main() {
      const srv = await asyncio.start_server(handler, "0.0.0.0", 8005);
      await with_server(srv, async () => {
        const [r, w] = await asyncio.open_connection("127.0.0.1", 8005);
        sim.at(20, () => net.reset_all());
        try {
          await r.read(10);
        } catch (e) {
          log("client", e instanceof asyncio.OSError ? e.errno : String(e), now());
        }
        await w.wait_closed();
        await asyncio.sleep_ms(1);
      });
    }
    asyncio.run(main());
    expect(out.sort()).toEqual(["client 104 20", "server 104 20"]);
  });

  test("data sent to a closed socket is answered with a reset", () => {
    async function handler(_r: asyncio.Stream, w: asyncio.Stream) {
      await w.wait_closed(); // closes at once
    }
    async function main() {
      const srv = await asyncio.start_server(handler, "0.0.0.0", 8006);
      await with_server(srv, async () => {
        const [r, w] = await asyncio.open_connection("127.0.0.1", 8006);
        log("eof", (await r.read()).length, now());
        w.write(b("late")); // half-open: our side may still send
        await w.drain();
        await asyncio.sleep_ms(5);
        try {
          w.write(b("more"));
        } catch (e) {
          log("write", e instanceof asyncio.OSError ? e.errno : String(e), now());
        }
        await w.wait_closed();
      });
    }
    asyncio.run(main());
    expect(out).toEqual(["eof 0 2", "write 104 7"]);
  });

  test("backpressure: the window bounds what write() takes; drain() waits for the reader", () => {
    net.window = 1000;
    const N = 10000;
    const taken: number[] = [];
    async function handler(r: asyncio.Stream, w: asyncio.Stream) {
      let got = 0;
      let ok = true;
      try {
        while (got < N) {
          await asyncio.sleep_ms(10); // a slow reader
          const d = await r.read(300);
          for (let i = 0; i < d.length; i++) if (d[i] !== (got + i) % 251) ok = false;
          got += d.length;
        }
        log("server got", got, ok, now());
      } finally {
        await w.wait_closed();
      }
    }
    async function main() {
      const srv = await asyncio.start_server(handler, "0.0.0.0", 8007);
      await with_server(srv, async () => {
        const [r, w] = await asyncio.open_connection("127.0.0.1", 8007);
        const s = w.s as SimSocket;
        const real = s.write;
        s.write = function (buf: any) {
          const n = real.call(s, buf);
          taken.push(n === null ? -1 : n);
          return n;
        };
        const data = new Uint8Array(N);
        for (let i = 0; i < N; i++) data[i] = i % 251;
        w.write(data);
        log("buffered", w.out_len);
        await w.drain();
        log("drained", now());
        await r.read(); // until the server closes
        await w.wait_closed();
      });
    }
    asyncio.run(main());
    expect(taken[0]).toBe(1000);
    expect(Math.max(...taken)).toBeLessThanOrEqual(1000);
    expect(taken.reduce((a, x) => a + (x > 0 ? x : 0), 0)).toBe(N);
    expect(out[0]).toBe("buffered 9000");
    // the writer finishes only once the reader has taken all but a window's worth
    const drained = Number(out[1].split(" ")[1]);
    const done = Number(out[2].split(" ")[4]);
    expect(out[2]).toMatch(/^server got 10000 true /);
    expect(drained).toBeGreaterThan(250);
    expect(done - drained).toBeLessThanOrEqual(50);
  });

  test("the listener keeps accepted connections when it closes, and resets the unaccepted ones", () => {
    async function main() {
      const l: SimListener = net.listen("0.0.0.0", 8008, 2);
      const a = net.connect("127.0.0.1", 8008);
      const c = net.connect("127.0.0.1", 8008);
      const d = net.connect("127.0.0.1", 8008); // over the backlog
      await asyncio.sleep_ms(2);
      log("poll", l.poll() === (POLLIN | POLLOUT), d.error ? d.error.errno : "-");
      const sa = l.accept()!;
      l.close();
      await asyncio.sleep_ms(1);
      log("c", c.error ? c.error.errno : "-", "a", a.error ? a.error.errno : "ok");
      a.write(b("hi"));
      await asyncio.sleep_ms(1);
      log("sa", text(sa.read(-1)!));
      for (const s of [a, c, d, sa]) s.close();
    }
    asyncio.run(main());
    expect(out).toEqual(["poll true 111", "c 104 a ok", "sa hi"]);
  });

  test("poll() bits through a connection's life; EBADF after close", () => {
    const l = net.listen("0.0.0.0", 8009, 1);
    const c = net.connect("127.0.0.1", 8009);
    const seen: number[] = [];
    seen.push(c.poll()); // connecting
    sim.idle(-1); // the connection is set up
    const s = l.accept()!;
    seen.push(c.poll()); // writable
    s.write(b("x\n"));
    sim.idle(-1);
    seen.push(c.poll()); // readable and writable
    expect(text(c.readline(100)!)).toBe("x\n");
    expect(c.readline(100)).toBe(null);
    s.close();
    sim.idle(-1);
    seen.push(c.poll()); // end of stream
    expect(c.read(10)!.length).toBe(0);
    c.close();
    seen.push(c.poll());
    expect(seen).toEqual([0, POLLOUT, POLLIN | POLLOUT, POLLIN | POLLOUT, POLLERR | POLLHUP]);
    expect(() => c.read(1)).toThrow(asyncio.OSError);
    try {
      c.write(b("x"));
    } catch (e: any) {
      expect(e.errno).toBe(9);
    }
    expect(() => s.readinto(5)).toThrow(TypeError);
    l.close();
  });

  test("deterministic: the same program gives the same trace", () => {
    function scenario(): string[] {
      sim.reset(0);
      net.clear();
      asyncio.new_event_loop();
      out = [];
      async function handler(r: asyncio.Stream, w: asyncio.Stream) {
        try {
          for (;;) {
            const line = await r.readline();
            if (!line.length) break;
            log("srv", line, now());
            w.write(line);
            await w.drain();
          }
        } finally {
          await w.wait_closed();
        }
      }
      async function client(id: number) {
        const [r, w] = await asyncio.open_connection("127.0.0.1", 8010);
        for (let i = 0; i < 3; i++) {
          w.write(b(`c${id} ${i}\n`));
          await w.drain();
          log("cli", await r.readline(), now());
          await asyncio.sleep_ms(id + 1);
        }
        await w.wait_closed();
      }
      async function main() {
        const srv = await asyncio.start_server(handler, "0.0.0.0", 8010);
        await with_server(srv, async () => {
          await asyncio.gather(client(0), client(1), client(2));
          await asyncio.sleep_ms(5);
        });
      }
      asyncio.run(main());
      return out;
    }
    const first = scenario().slice();
    expect(first.length).toBe(18);
    expect(scenario()).toEqual(first);
  });

  // MicroPython's start_server() ends with `await core.sleep_ms(0)` so that the server task has
  // started (and entered its try) before anyone can close it; Server.close() sets a state so
  // the task returns quietly, while a cancellation from elsewhere propagates. Without that
  // sleep (src/asyncio/stream.ts), close() before the first yield cancels a task that never
  // ran: wait_closed() raises CancelledError and the listening socket is never closed.
  // Expected to fail until stream.ts does what MicroPython does.
  test("Server.close() right after start_server() closes the listener quietly", () => {
    async function main() {
      const srv = await asyncio.start_server(
        function (_r: any, w: any) {
          return w.wait_closed();
        },
        "0.0.0.0",
        8011,
      );
      srv.close();
      await srv.wait_closed();
      log("closed");
    }
    try {
      asyncio.run(main());
    } finally {
      for (const k of Object.keys(net.listeners)) net.listeners[k as any].close();
    }
    expect(out).toEqual(["closed"]);
  });
});

// readline() is bounded: a peer sending an endless line costs `limit` bytes, not the heap.
describe("readline's limit", () => {
  // The server sends `parts` (with a pause between them), then closes; the client runs body.
  function with_peer(port: number, parts: string[], body: (r: asyncio.Stream) => any) {
    async function handler(_r: asyncio.Stream, w: asyncio.Stream) {
      try {
        for (const p of parts) {
          w.write(b(p));
          await w.drain();
          await asyncio.sleep_ms(5);
        }
      } finally {
        await w.wait_closed();
      }
    }
    async function main() {
      const srv = await asyncio.start_server(handler, "0.0.0.0", port);
      await with_server(srv, async () => {
        const [r, w] = await asyncio.open_connection("127.0.0.1", port);
        try {
          await body(r);
          await r.read(); // to the server's end of stream
        } finally {
          await w.wait_closed();
        }
      });
    }
    asyncio.run(main());
  }

  test("a line longer than the limit raises ValueError at once; its bytes stay for read()", () => {
    with_peer(8020, ["ab", "cdefgh", "ij\nnext\n"], async (r) => {
      log("limit", r.limit); // the default
      try {
        await r.readline(5);
      } catch (e) {
        log(String(e), now());
      }
      log(await r.read(3), now()); // the bytes are still there
      try {
        await r.readline(5);
      } catch (e) {
        log("again:", String(e));
      }
      log(await r.readline(), now()); // the default limit: 4096
      log(await r.readline(), now());
      log("[" + text(await r.readline()) + "]", now());
    });
    expect(out).toEqual([
      "limit 4096",
      "ValueError: line longer than 5 bytes (Stream.limit) 7",
      "abc 7",
      "again: ValueError: line longer than 5 bytes (Stream.limit)",
      "defghij\n 12",
      "next\n 12",
      "[] 17",
    ]);
  });

  test("a line of exactly `limit` bytes with its \\n is taken; stream.limit sets the stream's default; the last line without \\n", () => {
    with_peer(8021, ["1234\n", "12345\n", "tail"], async (r) => {
      r.limit = 5;
      log(await r.readline());
      try {
        await r.readline();
      } catch (e) {
        log(String(e));
      }
      log(await r.readline(6));
      log(await r.readline());
      for (const bad of [0, -1, 1.5, "5"]) {
        try {
          await r.readline(bad as any);
        } catch (e) {
          log(String(e));
        }
      }
    });
    expect(out).toEqual([
      "1234\n",
      "ValueError: line longer than 5 bytes (Stream.limit)",
      "12345\n",
      "tail",
      "ValueError: readline limit must be a positive integer, not 0",
      "ValueError: readline limit must be a positive integer, not -1",
      "ValueError: readline limit must be a positive integer, not 1.5",
      "ValueError: readline limit must be a positive integer, not 5",
    ]);
  });

  test("a limit larger than the receive window opens the window for that line", () => {
    net.window = 1000;
    const line = "x".repeat(5000) + "\n";
    with_peer(8022, [line], async (r) => {
      const l = await r.readline(6000);
      log(l.length, l[4999], l[5000]);
    });
    expect(out).toEqual(["5001 120 10"]);
  });

  test("ByteQueue.find_nl agrees with a plain search, whatever the chunks and removals (property)", () => {
    const { ByteQueue } = require("../hal/net/common");
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 6 }).map((a) => ({ push: a })),
            fc.nat(8).map((n) => ({ take: n })),
            fc.nat(12).map((n) => ({ find: n })),
          ),
        ),
        (ops: any[]) => {
          const q = new ByteQueue();
          let model: number[] = [];
          for (const op of ops) {
            if (op.push) {
              // newlines often enough to matter
              const a = op.push.map((x: number) => (x % 4 === 0 ? 10 : x));
              q.push(a);
              model = model.concat(Array.from(a));
            } else if (op.take !== undefined) {
              const got = Array.from(q.take(op.take) as Uint8Array);
              expect(got).toEqual(model.slice(0, op.take));
              model = model.slice(op.take);
            } else {
              const i = model.indexOf(10);
              expect(q.find_nl(op.find)).toBe(i >= 0 && i < op.find ? i : -1);
            }
          }
        },
      ),
    );
  });
});

describe("write and drain", () => {
  test("write() keeps a copy of what it buffers; drain() also sends what other tasks write meanwhile, in order", () => {
    net.window = 4;
    const done = new asyncio.Event();
    async function handler(r: asyncio.Stream, w: asyncio.Stream) {
      log("server got", await r.read());
      await w.wait_closed();
      done.set();
    }
    async function main() {
      const srv = await asyncio.start_server(handler, "0.0.0.0", 8023);
      await with_server(srv, async () => {
        const [, w] = await asyncio.open_connection("127.0.0.1", 8023);
        const buf = b("abcdefgh");
        w.write(buf); // 4 go out at once, 4 are buffered
        buf.set(b("XXXXXXXX")); // the caller reuses its buffer
        const other = asyncio.create_task(
          (async () => {
            await asyncio.sleep_ms(1);
            w.write(b("ijkl")); // while drain() waits
          })(),
        );
        await w.drain();
        await other;
        await w.drain();
        await w.wait_closed();
        await done.wait();
      });
    }
    asyncio.run(main());
    expect(out).toEqual(["server got abcdefghijkl"]);
  });
});
