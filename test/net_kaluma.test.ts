// hal/net/kaluma.ts on a fake Kaluma 1.2 (Pico W) and a fake require("net")
// (test/support/fake_net.ts): asyncio streams (an echo server and its client) over Uint8Array
// 'data', writes buffered and flushed by setTimeout(0), a refused connect as an 'error',
// createServer(cb) only, backpressure counted from 'drain'. Test functions are synchronous (see jest.config.js); the fake event
// loop runs in engine.run().
import { FakeKaluma } from "./support/fake_engines";
import { FakeKalumaNet, load_net_runtime, b, text, run_main, payload, flood_main } from "./support/fake_net";

let engine: FakeKaluma;
let fake: FakeKalumaNet;
let rt: any;

beforeEach(() => {
  engine = new FakeKaluma();
  fake = new FakeKalumaNet(engine);
  rt = load_net_runtime("kaluma", "pico-w", engine, fake);
});

afterEach(() => {
  engine.uninstall();
});

const run = (main: () => any, ms?: number): any => run_main(rt, engine, main, ms);

describe("hal/net/kaluma.ts", () => {
  test("echo server and client through asyncio streams, binary data, backpressure", () => {
    const { asyncio } = rt;
    const log: string[] = [];
    const data = payload(7000); // every byte value, several times TX_HIGH
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
      await w.awritestr("h\u00e9\u20ac\n"); // UTF-8, not latin-1 with 0 for the euro
      const utf8 = await r.readline();
      const peer = w.s.peername;
      await w.wait_closed();
      await asyncio.sleep_ms(20);
      srv.close();
      await srv.wait_closed();
      await asyncio.sleep_ms(20);
      return { line, back, utf8, peer };
    });
    expect(got.line).toBe("hello\n");
    expect(got.back).toEqual(data);
    expect(Array.from(got.utf8)).toEqual([0x68, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 10]);
    expect(got.peer).toEqual(["192.168.1.5", 8080]);
    expect(log[0]).toMatch(/^peername \["192\.168\.1\.20",\d+\]$/);
    expect(log[1]).toBe("server eof");
    // Flushes never carried more than TX_HIGH bytes.
    for (const s of fake.wire) expect(s.length).toBeLessThanOrEqual(rt.net.TX_HIGH);
    expect(fake.wire.join("").length).toBe(2 * (6 + 7000 + 7));
    expect(Object.keys(fake.listeners)).toEqual([]);
    expect(fake.sockets.every((s: any) => s.destroyed)).toBe(true);
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
      await asyncio.sleep_ms(5); // setTimeout(0) flush, then 'drain'
      expect(s.poll() & 4).toBe(4);
      expect(s.write(b("yz"))).toBe(2);
      s.close();
      expect(() => s.write(b("a"))).toThrow(expect.objectContaining({ errno: 9 })); // EBADF
      expect(s.poll()).toBe(8 | 16);
      srv.close();
      await srv.wait_closed();
      await asyncio.sleep_ms(5);
    });
  });

  test("a refused connect ('error', SystemError) is OSError(ECONNREFUSED)", () => {
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

  test("a port in use: start_server raises OSError(EADDRINUSE)", () => {
    const { asyncio } = rt;
    const got = run(async function () {
      const srv = await asyncio.start_server(async function () {}, "", 80);
      let r: any = null;
      try {
        await asyncio.start_server(async function () {}, "", 80);
      } catch (e: any) {
        r = e.errno;
      }
      srv.close();
      await srv.wait_closed();
      return r;
    });
    expect(got).toBe(98);
  });

  test("no __netdev (a Pico, or Wi-Fi not up)", () => {
    const { asyncio } = rt;
    fake.netdev = false;
    const got = run(async function () {
      const r: any[] = [];
      try {
        await asyncio.open_connection("h", 1);
      } catch (e: any) {
        r.push(e.errno);
      }
      try {
        await asyncio.start_server(async function () {}, "", 1);
      } catch (e: any) {
        r.push(e.errno);
      }
      return r;
    });
    expect(got).toEqual([100, 100]); // ENETDOWN
  });

  test("the peer closing: end of stream", () => {
    const { asyncio } = rt;
    const got = run(async function () {
      const srv = await asyncio.start_server(
        async function (_r: any, w: any) {
          w.write(b("bye"));
          await w.drain();
          await w.wait_closed();
        },
        "",
        82,
      );
      const [r, w] = await asyncio.open_connection("h", 82);
      const all = text(await r.read());
      await w.wait_closed();
      srv.close();
      await srv.wait_closed();
      return all;
    });
    expect(got).toBe("bye");
  });

  test("SystemError errno (newlib numbers) map to MicroPython errno numbers", () => {
    const net = rt.net;
    expect(net.oserror({ errno: 104 }).errno).toBe(104);
    expect(net.oserror({ errno: 112 }).errno).toBe(98);
    expect(net.oserror({ errno: 116 }).errno).toBe(110);
    expect(net.oserror({ errno: 999, code: "ECONNRESET" }).errno).toBe(104);
    expect(net.oserror({}).errno).toBe(5);
  });

  test("a peer sending faster than the app reads: at 16 KB unread the connection fails with ENOBUFS (105), not the heap", () => {
    expect(run(flood_main(rt, 83, 16 * 1024))).toEqual(["read 10", "eof"]); // at the bound: kept
    const [server, client] = run(flood_main(rt, 84, 20000));
    expect(server).toBe(105);
    expect(["eof", 32, 104]).toContain(client); // the connection ended under the client's feet
  });
});
