// hal/net/espruino.ts on a fake Espruino 2v29 and a fake require("net") (test/support/fake_net.ts):
// asyncio streams (an echo server and its client) over binary-string sockets whose write()
// needs a string and always returns false, a connect that throws when refused, backpressure
// counted from 'drain'. Test functions are synchronous (see jest.config.js); the fake event
// loop runs in engine.run().
import { FakeEspruino } from "./support/fake_engines";
import { FakeEspruinoNet, load_net_runtime, b, text, run_main, payload, flood_main } from "./support/fake_net";

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
      const srv = await asyncio.start_server(async function (_r: any, w: any) {
        await w.wait_closed();
      }, "", 82);
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
