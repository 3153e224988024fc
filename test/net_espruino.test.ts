// hal/net/espruino.ts on a fake Espruino 2v29 and a fake require("net") (test/support/fake_net.ts):
// asyncio streams (an echo server and its client) over binary-string sockets whose write()
// needs a string and always returns false, a connect that throws when refused, backpressure
// counted from 'drain'. Test functions are synchronous (see jest.config.js); the fake event
// loop runs in engine.run().
import { FakeEspruino } from "./support/fake_engines";
import { FakeEspruinoNet, load_net_runtime, b, text, run_main, payload, flood_main } from "./support/fake_net";
import { make_certs, remove_certs } from "./support/certs";
import * as fs from "fs";
import * as path from "path";

let engine: FakeEspruino;
let fake: FakeEspruinoNet;
let rt: any;

beforeEach(() => {
  engine = new FakeEspruino({ esp32: true });
  fake = new FakeEspruinoNet(engine);
  rt = load_net_runtime("espruino", "esp32", engine, fake);
});

afterEach(() => {
  engine.uninstall();
  delete (globalThis as any).E;
});

const run = (main: () => any, ms?: number): any => run_main(rt, engine, main, ms);

describe("hal/net/espruino.ts", () => {
  test("echo server and client through asyncio streams, binary data, backpressure", () => {
    const { asyncio } = rt;
    const net = rt.net;
    const log: string[] = [];
    const data = payload(5000); // every byte value, several times TX_HIGH
    async function echo(r: any, w: any) {
      log.push("peername " + JSON.stringify(w.get_extra_info("peername")));
      for (;;) {
        const d = await r.read(700);
        if (!d.length) break;
        w.write(d);
        await w.drain();
      }
      log.push("server eof");
      await w.wait_closed();
    }
    const got = run(async function () {
      const srv = await asyncio.start_server(echo, "0.0.0.0", 8080);
      const [r, w] = await asyncio.open_connection("192.168.1.5", 8080);
      w.write(b("hello\n"));
      await w.drain();
      const line = text(await r.readline());
      w.write(data);
      await w.drain();
      const back = await r.readexactly(data.length);
      await w.awritestr("h\u00e9\u20ac\n"); // UTF-8
      const utf8 = await r.readline();
      await w.wait_closed();
      await asyncio.sleep_ms(20);
      srv.close();
      await srv.wait_closed();
      return { line, back, utf8 };
    });
    expect(got.line).toBe("hello\n");
    expect(got.back).toEqual(data);
    expect(Array.from(got.utf8)).toEqual([0x68, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 10]);
    expect(log).toEqual(["peername undefined", "server eof"]);
    // Only binary strings were written, never more than TX_HIGH before a 'drain'.
    let n = 0;
    for (const s of fake.sockets) {
      for (const x of s.writes) {
        expect(typeof x).toBe("string");
        n += x.length;
        expect(x.length).toBeLessThanOrEqual(net.TX_HIGH);
      }
    }
    expect(n).toBe(2 * (6 + 5000 + 7));
    expect(fake.wire.join("")).toContain("hello\n");
    expect(Object.keys(fake.listeners)).toEqual([]);
    expect(fake.sockets.every((s) => s.closed)).toBe(true);
  });

  test("write() takes up to TX_HIGH bytes until 'drain' confirms them", () => {
    const net = rt.net;
    run(async function () {
      const { asyncio } = rt;
      const srv = await asyncio.start_server(async function (_r: any, _w: any) {}, "", 81);
      const s = net.net.connect("10.0.0.1", 81);
      expect(s.poll() & 4).toBe(0); // connecting
      expect(s.write(b("x"))).toBe(null);
      await asyncio.sleep_ms(5);
      expect(s.poll() & 4).toBe(4);
      expect(s.write(payload(3000))).toBe(net.TX_HIGH);
      expect(s.write(b("y"))).toBe(null);
      expect(s.poll() & 4).toBe(0);
      await asyncio.sleep_ms(5); // 'drain'
      expect(s.poll() & 4).toBe(4);
      expect(s.write(b("yz"))).toBe(2);
      s.close();
      expect(() => s.write(b("a"))).toThrow(expect.objectContaining({ errno: 9 })); // EBADF
      expect(s.poll()).toBe(8 | 16);
      srv.close();
      await srv.wait_closed();
    });
  });

  test("a refused connect (Espruino throws) is OSError(ECONNREFUSED)", () => {
    const { asyncio } = rt;
    const got = run(async function () {
      try {
        await asyncio.open_connection("192.168.1.5", 9999);
        return "connected";
      } catch (e: any) {
        return [e instanceof asyncio.OSError, e.errno];
      }
    });
    expect(got).toEqual([true, 111]);
  });

  test("the peer closing: end of stream, then writes raise EPIPE", () => {
    const { asyncio } = rt;
    const got = run(async function () {
      const srv = await asyncio.start_server(
        async function (_r: any, w: any) {
          await w.wait_closed();
        },
        "",
        82,
      );
      const [r, w] = await asyncio.open_connection("h", 82);
      const eof = await r.read(10);
      let err: any = null;
      try {
        w.write(b("late"));
        await w.drain();
      } catch (e: any) {
        err = e.errno;
      }
      await w.wait_closed();
      srv.close();
      await srv.wait_closed();
      return [eof.length, err];
    });
    expect(got).toEqual([0, 32]);
  });

  test("errors from 'error' map to MicroPython errno numbers", () => {
    const net = rt.net;
    expect(net.oserror({ code: -9, message: "connection reset" }).errno).toBe(104);
    expect(net.oserror({ message: "timeout" }).errno).toBe(110);
    expect(net.oserror(new Error("Unable to create socket")).errno).toBe(111);
    expect(net.oserror({ message: "???" }).errno).toBe(5);
  });

  test("a peer sending faster than the app reads: at 16 KB unread the connection fails with ENOBUFS (105), not the heap", () => {
    expect(run(flood_main(rt, 83, 16 * 1024))).toEqual(["read 10", "eof"]); // at the bound: kept
    const [server, client] = run(flood_main(rt, 84, 20000));
    expect(server).toBe(105);
    expect(["eof", 32, 104]).toContain(client); // the connection ended under the client's feet
  });
});

// Espruino's require("tls") (2v29: a client only, no verification, DER binary strings, the
// handshake after the connect callback, its failure raised from the idle loop after 'close'):
// see hal/net/espruino_tls.ts and the fake in test/support/fake_net.ts.
describe('hal/net/espruino.ts TLS (require("tls"))', () => {
  let certs: string;
  beforeAll(() => {
    certs = make_certs();
  });
  afterAll(() => remove_certs(certs));
  const file = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(certs, name)));
  const unverified = (): any => {
    const ctx = rt.ssl.SSLContext(rt.ssl.PROTOCOL_TLS_CLIENT);
    ctx.verify_mode = rt.ssl.CERT_NONE;
    return ctx;
  };
  // What a call raised: [type, args...] (or "ok").
  const outcome = (e: any): any[] => [e.name, ...(e.args || [e.message])];

  test("a client over TLS: every byte back; options are DER binary strings, no unused CA", () => {
    const { asyncio } = rt;
    const seen: string[] = [];
    fake.tls_peer(443, "ok", (s: any) => {
      s.on("data", (d: string) => {
        seen.push(d);
        s.write(d);
      });
    });
    const data = payload(5000);
    const got = run(async function () {
      const ctx = unverified();
      ctx.load_cert_chain(file("rsa_cert.pem"), file("rsa_key.der")); // PEM and DER
      ctx.load_verify_locations(file("rsa_cert.der"));
      const [r, w] = await asyncio.open_connection("example.com", 443, ctx);
      w.write(b("hello\n"));
      await w.drain();
      const line = text(await r.readline());
      w.write(data);
      await w.drain();
      const back = await r.readexactly(data.length);
      w.close();
      await w.wait_closed();
      return { line, back };
    });
    expect(got.line).toBe("hello\n");
    expect(got.back).toEqual(data);
    expect(seen.join("").length).toBe(6 + 5000);
    expect(fake.tls_opts.length).toBe(1);
    const o = fake.tls_opts[0];
    expect(Object.keys(o).sort()).toEqual(["cert", "host", "key", "port"]);
    expect([o.host, o.port]).toEqual(["example.com", 443]);
    expect(o.cert).toBe(text(file("rsa_cert.der")));
    expect(o.key).toBe(text(file("rsa_key.der")));
    expect(fake.uncaught_listeners).toEqual([]); // the handshake's listener is gone
    expect(fake.sockets.every((s) => s.closed)).toBe(true);
  });

  test("verification asked for (ssl=True, CERT_REQUIRED, CERT_OPTIONAL): NotImplementedError, no socket opened", () => {
    const { asyncio, ssl } = rt;
    fake.tls_peer(443, "ok");
    const got = run(async function () {
      const out: any[] = [];
      for (const mode of [-1, ssl.CERT_REQUIRED, ssl.CERT_OPTIONAL]) {
        const ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT);
        if (mode >= 0) ctx.verify_mode = mode;
        try {
          await asyncio.open_connection("h", 443, mode < 0 ? true : ctx);
          out.push("connected");
        } catch (e: any) {
          out.push(outcome(e));
        }
      }
      return out;
    });
    const msg =
      rt.net.net.tls === true &&
      "Espruino's tls does not verify certificates (its mbedTLS runs with MBEDTLS_SSL_VERIFY_NONE): " +
        "to connect without verification, give an SSLContext whose verify_mode is ssl.CERT_NONE";
    expect(got).toEqual([
      ["NotImplementedError", msg],
      ["NotImplementedError", msg],
      ["NotImplementedError", msg],
    ]);
    expect(fake.tls_opts).toEqual([]);
    expect(fake.sockets).toEqual([]);
  });

  test("start_server with ssl: NotImplementedError naming why, nothing listens", () => {
    const { asyncio, ssl } = rt;
    const got = run(async function () {
      const ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER);
      try {
        await asyncio.start_server(async function () {}, "0.0.0.0", 8443, 5, ctx); // no certificate either
        return "listening";
      } catch (e: any) {
        return outcome(e);
      }
    });
    expect(got).toEqual(["NotImplementedError", 'Espruino\'s tls module has no server (only require("tls").connect)']);
    expect(Object.keys(fake.listeners)).toEqual([]);
  });

  test("a failed handshake is OSError(code, 'MBEDTLS_ERR_...') at the first read or write, Espruino's uncaught error claimed", () => {
    const { asyncio } = rt;
    fake.tls_peer(443, "alert");
    const got = run(async function () {
      const [r, w] = await asyncio.open_connection("h", 443, unverified());
      const out: any[] = [];
      try {
        w.write(b("GET / HTTP/1.0\r\n\r\n"));
        await w.drain();
        out.push(text(await r.read(100)));
      } catch (e: any) {
        out.push(outcome(e));
      }
      try {
        await r.read(100);
      } catch (e: any) {
        out.push(outcome(e));
      }
      w.close();
      await w.wait_closed();
      return out;
    });
    const alert = ["OSError", -30592, "MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE"];
    expect(got).toEqual([alert, alert]);
    expect(fake.uncaught).toEqual([]); // not printed as uncaught: it went to the socket
    expect(fake.uncaught_listeners).toEqual([]);
  });

  test("TLS to a plain TCP server (ours): OSError MBEDTLS_ERR_SSL_INVALID_RECORD; the server got a ClientHello", () => {
    const { asyncio } = rt;
    const got = run(async function () {
      let first = "";
      const srv = await asyncio.start_server(
        async function (r: any, w: any) {
          first = text(await r.read(100));
          w.write(b("HTTP/1.0 400 Bad Request\r\n\r\n"));
          await w.drain();
          await w.wait_closed();
        },
        "0.0.0.0",
        80,
      );
      const [r, w] = await asyncio.open_connection("h", 80, unverified());
      let out: any;
      try {
        out = text(await r.read(100));
      } catch (e: any) {
        out = outcome(e);
      }
      w.close();
      await w.wait_closed();
      srv.close();
      await srv.wait_closed();
      return [first.charCodeAt(0), out];
    });
    expect(got).toEqual([0x16, ["OSError", -29184, "MBEDTLS_ERR_SSL_INVALID_RECORD"]]);
  });

  test("a handshake that never finishes: wait_for_ms bounds it (TimeoutError), the socket and listener are let go", () => {
    const { asyncio } = rt;
    fake.tls_peer(443, "silent");
    const got = run(async function () {
      const t0 = rt.time.ticks_ms();
      const [r, w] = await asyncio.open_connection("h", 443, unverified());
      let out: any;
      try {
        out = await asyncio.wait_for_ms(r.read(10), 2000);
      } catch (e: any) {
        out = e.name;
      }
      w.close();
      await w.wait_closed();
      await asyncio.sleep_ms(10);
      return [out, rt.time.ticks_diff(rt.time.ticks_ms(), t0)];
    });
    expect(got).toEqual(["TimeoutError", 2000 + 10 + 2]); // 2 ms: connect, close
    expect(fake.sockets.every((s) => s.closed)).toBe(true);
    expect(fake.uncaught_listeners).toEqual([]);
  });

  test("an uncaught error of the app's own during a handshake is printed as Espruino prints it", () => {
    const { asyncio } = rt;
    fake.tls_peer(443, "silent");
    const printed: string[] = [];
    const spy = jest.spyOn(console, "log").mockImplementation((...a: any[]) => {
      printed.push(a.join(" "));
    });
    try {
      run(async function () {
        const [_r, w] = await asyncio.open_connection("h", 443, unverified());
        const e = new Error("boom");
        e.stack = "at app.js:1";
        fake.raise_uncaught(e);
        w.close();
        await w.wait_closed();
        await asyncio.sleep_ms(10);
      });
    } finally {
      spy.mockRestore();
    }
    expect(printed).toEqual(["Uncaught Error: boom", "at app.js:1"]);
  });

  test("a certificate or key mbedTLS cannot parse: ValueError as MicroPython's, no socket", () => {
    const { asyncio } = rt;
    fake.tls_peer(443, "ok");
    const got = run(async function () {
      const out: any[] = [];
      const good_cert = file("rsa_cert.der");
      const bad = new Uint8Array(200);
      bad[0] = 0x30; // looks like DER, is not
      for (const [cert, key] of [
        [bad, file("rsa_key.der")],
        [good_cert, bad],
      ]) {
        const ctx = unverified();
        ctx.load_cert_chain(cert, key);
        try {
          await asyncio.open_connection("h", 443, ctx);
          out.push("connected");
        } catch (e: any) {
          out.push(outcome(e));
        }
      }
      return out;
    });
    expect(got).toEqual([
      ["ValueError", "invalid cert"],
      ["ValueError", "invalid key"],
    ]);
    expect(fake.sockets).toEqual([]);
  });
});

describe("hal/net/espruino.ts on a firmware without TLS", () => {
  test("ssl= raises NotImplementedError saying the firmware has no tls module", () => {
    engine.uninstall();
    engine = new FakeEspruino({ esp32: true });
    fake = new FakeEspruinoNet(engine);
    fake.has_tls = false;
    rt = load_net_runtime("espruino", "espruino-pico", engine, fake);
    const { asyncio, ssl } = rt;
    const got = run(async function () {
      const ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT);
      ctx.verify_mode = ssl.CERT_NONE;
      try {
        await asyncio.open_connection("h", 443, ctx);
        return "connected";
      } catch (e: any) {
        return [e.name, e.message];
      }
    });
    expect(got).toEqual(["NotImplementedError", "this Espruino firmware has no tls module (it is built without TLS)"]);
  });
});
