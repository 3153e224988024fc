// TLS on the host board (hal/net/node.ts, hal/net/node_tls.ts, src/ssl): interop with Node's
// own `tls` and with `openssl s_client`, every certificate format (EC and RSA, PEM and DER),
// and bad input (wrong CA, expired certificate, wrong name, missing or untrusted client
// certificate, plain TCP against TLS, handshakes that never end), over real TLS on 127.0.0.1.
// Certificates are made for this run (test/support/certs.ts). Every run is bounded by
// wait_for, and every socket must be closed when a test ends. MicroPython's four TLS tests
// run in test/net_conformance.test.ts.
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import * as tls from "node:tls";
import { spawn } from "child_process";
import { host } from "../hal/host";
import { net as nodeNet } from "../hal/net/node";
import * as asyncio from "../src/asyncio/index";
import * as ssl from "../src/ssl/index";
import { make_certs, remove_certs } from "./support/certs";
import { with_server, echo, tracked } from "./support/streams";

let dir = "";
const file = (name: string) => new Uint8Array(fs.readFileSync(path.join(dir, name)));
const pem = (name: string) => fs.readFileSync(path.join(dir, name), "latin1");

beforeAll(() => {
  dir = make_certs();
});
afterAll(() => {
  if (dir) remove_certs(dir);
});

// Every socket made, so that each test can check it closed them all.
const track = tracked(nodeNet);
(host as any).net = track.net;

// Node's own sockets and servers made by a test, closed when it ends.
let others: any[] = [];

beforeEach(() => {
  track.reset();
  others = [];
  asyncio.new_event_loop();
  asyncio.Loop.set_exception_handler(null);
});

afterEach(() => {
  const open = track.made.filter((s) => !s.closed);
  for (const s of track.made) s.close();
  for (const o of others) (o.destroy || o.close).call(o);
  expect(open.map((s) => s.constructor.name)).toEqual([]);
  // Closed means closed in Node too: each TLS socket is destroyed, or has ended (close_notify
  // and FIN on their way; it is destroyed once they are sent).
  expect(track.made.filter((s) => s.sock && !s.sock.destroyed && !s.sock.writableEnded).length).toBe(0);
});

const b = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const text = (a: Uint8Array) => Buffer.from(a).toString("latin1");

// Runs main on the host's event loop, bounded; resolves with its value.
function run(main: () => any, seconds = 10): Promise<any> {
  return asyncio.run(asyncio.wait_for(main(), seconds)) as any;
}

// An SSLContext as MicroPython's tests make them.
function server_ctx(cert = "ec_cert.der", key = "ec_key.der"): ssl.SSLContext {
  const c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER);
  c.load_cert_chain(file(cert), file(key));
  return c;
}
function client_ctx(ca = "ec_cert.der"): ssl.SSLContext {
  const c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT);
  c.verify_mode = ssl.CERT_REQUIRED;
  c.load_verify_locations({ cadata: file(ca) });
  return c;
}

// start_server on 127.0.0.1, a free port: [server, port].
async function serve(cb: (r: asyncio.Stream, w: asyncio.Stream) => any, ctx: any) {
  const srv = await asyncio.start_server(cb, "127.0.0.1", 0, 5, ctx);
  await asyncio.sleep_ms(0);
  return [srv, track.last_listener!.sockname()![1]] as [asyncio.Server, number];
}

// What an exception says, as MicroPython's print(e) would.
function said(e: any): string {
  if (e instanceof asyncio.OSError && e.args.length === 2) return e.name + " " + e.message;
  return String(e);
}

// 256 KB of every byte value, in an order that shows any loss or reordering.
function payload(n = 256 * 1024): Uint8Array {
  const a = new Uint8Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    a[i] = x >>> 16;
  }
  return a;
}

// A Node tls echo server (it ends its side when the client ends): resolves its port.
function node_echo_server(opts: tls.TlsOptions): Promise<number> {
  return new Promise((resolve) => {
    const srv = tls.createServer({ ...opts, allowHalfOpen: true }, (s) => {
      others.push(s);
      s.pipe(s);
    });
    others.push(srv);
    srv.listen(0, "127.0.0.1", () => resolve((srv.address() as net.AddressInfo).port));
  });
}

// Writes `data` while reading as many bytes back: all that came back.
async function exchange(r: asyncio.Stream, w: asyncio.Stream, data: Uint8Array): Promise<Uint8Array> {
  const reading = asyncio.create_task(r.readexactly(data.length));
  for (let off = 0; off < data.length; off += 10000) {
    w.write(data.subarray(off, off + 10000));
    await w.drain();
  }
  return await reading;
}

describe("interop with Node's tls and openssl", () => {
  test("our client (RSA, DER CA) against a Node tls server: every byte back", () => {
    const data = payload();
    async function main() {
      const port = await node_echo_server({ cert: pem("rsa_cert.pem"), key: pem("rsa_key.pem") });
      const [r, w] = await asyncio.open_connection("127.0.0.1", port, client_ctx("rsa_cert.der"), "micropython.local");
      try {
        return [w.s.peername![0], await exchange(r, w, data)];
      } finally {
        await w.wait_closed();
      }
    }
    return run(main).then(([peer, got]) => {
      expect(peer).toBe("127.0.0.1");
      expect(got.length).toBe(data.length);
      expect(Buffer.from(got).equals(Buffer.from(data))).toBe(true);
    });
  });

  test("our server (EC, PEM) against Node's tls client: every byte back", () => {
    const data = payload();
    async function main() {
      const [srv, port] = await serve(echo, server_ctx("ec_cert.pem", "ec_key.pem"));
      return await with_server(srv, async () => {
        const got = await new Promise<Buffer>((resolve, reject) => {
          const parts: Buffer[] = [];
          const c = tls.connect({ host: "127.0.0.1", port, ca: pem("ec_cert.pem"), servername: "micropython.local" }, () => {
            c.end(Buffer.from(data));
          });
          others.push(c);
          c.on("data", (d: Buffer) => parts.push(d));
          c.on("end", () => resolve(Buffer.concat(parts)));
          c.on("error", reject);
        });
        return got;
      });
    }
    return run(main).then((got: Buffer) => {
      expect(got.length).toBe(data.length);
      expect(got.equals(Buffer.from(data))).toBe(true);
    });
  });

  test("our server (RSA, DER) against openssl s_client", () => {
    async function handler(r: asyncio.Stream, w: asyncio.Stream) {
      try {
        const line = await r.readline();
        w.write(b("echo: "));
        w.write(line);
        await w.drain();
      } finally {
        await w.wait_closed();
      }
    }
    async function main() {
      const [srv, port] = await serve(handler, server_ctx("rsa_cert.der", "rsa_key.der"));
      return await with_server(srv, async () => {
        // -quiet: only the received data on stdout, and it waits for the server's close.
        const args = [
          "s_client",
          "-connect",
          "127.0.0.1:" + port,
          "-servername",
          "micropython.local",
          "-CAfile",
          path.join(dir, "rsa_cert.pem"),
          "-verify_return_error",
          "-quiet",
        ];
        const child = spawn("openssl", args, { stdio: ["pipe", "pipe", "pipe"] });
        others.push({ destroy: () => child.kill() });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        child.stdin.end("hello over TLS\n");
        const ev = new asyncio.ThreadSafeFlag();
        let status: number | null = null;
        child.on("close", (code) => {
          status = code;
          ev.set();
        });
        await ev.wait();
        return [status, out, err];
      });
    }
    return run(main).then(([status, out, err]) => {
      expect([status, out]).toEqual([0, "echo: hello over TLS\n"]);
      expect(err).toMatch(/verify return:1/);
    });
  });
});

describe("certificates and verification", () => {
  // A client of ours against a server of ours: what each side sees.
  function pair(sctx: any, cctx: any, hostname: string | null = "micropython.local") {
    const seen: string[] = [];
    async function handler(r: asyncio.Stream, w: asyncio.Stream) {
      try {
        if (w.get_extra_info("peername")[0] !== "127.0.0.1") throw new Error("peername");
        const d = await r.read(100);
        seen.push("server read " + JSON.stringify(text(d)));
        w.write(d);
        await w.drain();
      } catch (e) {
        seen.push("server " + said(e));
      } finally {
        await w.wait_closed();
      }
    }
    async function main() {
      const [srv, port] = await serve(handler, sctx);
      await with_server(srv, async () => {
        const [r, w] = await asyncio.open_connection("127.0.0.1", port, cctx, hostname);
        try {
          w.write(b("client data"));
          await w.drain();
          seen.push("client read " + JSON.stringify(text(await r.read(100))));
        } catch (e) {
          seen.push("client " + said(e));
        } finally {
          await w.wait_closed();
        }
        // The server's handler ends too (it has read, or failed).
        while (seen.length < 2) await asyncio.sleep_ms(5);
      });
      return seen.sort();
    }
    return run(main);
  }

  test("EC and RSA, PEM and DER, each way", () => {
    const kinds = [
      ["ec_cert.der", "ec_key.der"],
      ["ec_cert.pem", "ec_key.pem"],
      ["rsa_cert.der", "rsa_key.der"],
      ["rsa_cert.pem", "rsa_key.pem"],
    ];
    let chain: Promise<any> = Promise.resolve();
    const results: any[] = [];
    for (const [cert, key] of kinds) {
      chain = chain.then(() => {
        asyncio.new_event_loop();
        return pair(server_ctx(cert, key), client_ctx(cert)).then((r) => results.push(r));
      });
    }
    return chain.then(() => {
      const ok = ['client read "client data"', 'server read "client data"'];
      expect(results).toEqual([ok, ok, ok, ok]);
    });
  });

  test("a CA that did not sign the server's certificate", () => {
    return pair(server_ctx(), client_ctx("other_cert.pem")).then((seen) => {
      expect(seen).toEqual(["client ValueError: \nThe certificate is not correctly signed by the trusted CA\n", 'server read ""']);
    });
  });

  test("an expired certificate", () => {
    return pair(server_ctx("expired_cert.pem", "expired_key.pem"), client_ctx("expired_cert.pem")).then((seen) => {
      expect(seen).toEqual(["client ValueError: \nThe certificate validity has expired\n", 'server read ""']);
    });
  });

  test("a name the certificate does not bear (server_hostname defaults to the host)", () => {
    return pair(server_ctx(), client_ctx(), null).then((seen) => {
      expect(seen).toEqual([
        "client ValueError: \nThe certificate Common Name (CN) does not match with the expected CN\n",
        'server read ""',
      ]);
    });
  });

  test("CERT_NONE: a client that verifies nothing gets through", () => {
    const c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT);
    c.verify_mode = ssl.CERT_NONE;
    return pair(server_ctx("expired_cert.pem", "expired_key.pem"), c, "foobar.local").then((seen) => {
      expect(seen).toEqual(['client read "client data"', 'server read "client data"']);
    });
  });

  test("client certificates: required and given, required and missing, required and untrusted, optional", () => {
    const required = () => {
      const s = server_ctx();
      s.verify_mode = ssl.CERT_REQUIRED;
      s.load_verify_locations(file("client_cert.der"));
      return s;
    };
    const with_cert = (cert: string, key: string) => {
      const c = client_ctx();
      c.load_cert_chain(file(cert), file(key));
      return c;
    };
    const optional = required();
    optional.verify_mode = ssl.CERT_OPTIONAL;
    const cases: [any, any][] = [
      [required(), with_cert("client_cert.pem", "client_key.pem")],
      [required(), client_ctx()],
      [required(), with_cert("other_cert.pem", "other_key.pem")],
      [optional, client_ctx()],
    ];
    let chain: Promise<any> = Promise.resolve();
    const results: any[] = [];
    for (const [s, c] of cases) {
      chain = chain.then(() => {
        asyncio.new_event_loop();
        return pair(s, c).then((r) => results.push(r));
      });
    }
    return chain.then(() => {
      const ok = ['client read "client data"', 'server read "client data"'];
      expect(results[0]).toEqual(ok);
      expect(results[1]).toEqual([
        "client OSError (-30592, 'MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE')",
        "server OSError (-29824, 'MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE')",
      ]);
      // Node's server checks the client's certificate after its handshake, as its client
      // does the server's (see README): the client learns it from the closed connection
      // (the end of the stream, or a reset if its data was there first).
      expect(results[2][1]).toBe("server ValueError: \nThe certificate is not correctly signed by the trusted CA\n");
      expect(results[2][0]).toMatch(/^client (read ""|OSError: 104|OSError: 32)$/);
      expect(results[3]).toEqual(ok);
    });
  });
});

describe("bad peers", () => {
  // A TLS server of ours; the handler's first read is bounded by `ms`.
  function server_sees(client: (port: number) => void, ms = 2000): Promise<string> {
    let seen = "";
    async function handler(r: asyncio.Stream, w: asyncio.Stream) {
      try {
        seen = "read " + JSON.stringify(text(await asyncio.wait_for_ms(r.read(100), ms)));
      } catch (e) {
        seen = said(e);
      } finally {
        await w.wait_closed();
      }
    }
    async function main() {
      const [srv, port] = await serve(handler, server_ctx());
      await with_server(srv, async () => {
        client(port);
        while (!seen) await asyncio.sleep_ms(5);
      });
      return seen;
    }
    return run(main);
  }

  function plain_client(send: string | null) {
    return (port: number) => {
      const s = net.connect(port, "127.0.0.1", () => {
        if (send !== null) s.write(send);
      });
      s.on("error", () => undefined);
      others.push(s);
    };
  }

  test("plain TCP to a TLS server: an HTTP request, then other bytes", () => {
    return server_sees(plain_client("GET / HTTP/1.0\r\n\r\n"))
      .then((seen) => {
        expect(seen).toBe("OSError (-29184, 'MBEDTLS_ERR_SSL_INVALID_RECORD')");
        asyncio.new_event_loop();
        return server_sees(plain_client("hello\n"));
      })
      .then((seen) => {
        expect(seen).toBe("OSError (-29184, 'MBEDTLS_ERR_SSL_INVALID_RECORD')");
      });
  });

  test("a handshake that never finishes: the server's read times out, and nothing is left open", () => {
    return server_sees(plain_client(null), 300).then((seen) => {
      expect(seen).toBe("TimeoutError");
    });
  });

  test("our TLS client against a plain TCP server: silent, then one that answers in plain text", () => {
    function plain_server(answer: string | null): Promise<number> {
      return new Promise((resolve) => {
        const srv = net.createServer((s) => {
          others.push(s);
          s.on("error", () => undefined);
          if (answer !== null) s.write(answer);
        });
        others.push(srv);
        srv.listen(0, "127.0.0.1", () => resolve((srv.address() as net.AddressInfo).port));
      });
    }
    async function client(port: number) {
      const [r, w] = await asyncio.open_connection("127.0.0.1", port, client_ctx(), "micropython.local");
      try {
        w.write(b("client data"));
        await asyncio.wait_for_ms(w.drain(), 300);
        return "drained";
      } catch (e) {
        return said(e);
      } finally {
        await w.wait_closed();
        void r;
      }
    }
    async function main() {
      const silent = await client(await plain_server(null));
      const talker = await client(await plain_server("HTTP/1.0 200 OK\r\n\r\nhello"));
      return [silent, talker];
    }
    return run(main).then((seen) => {
      expect(seen).toEqual(["TimeoutError", "OSError (-29184, 'MBEDTLS_ERR_SSL_INVALID_RECORD')"]);
    });
  });
});

describe("the ssl module", () => {
  function raised(f: () => any): string {
    try {
      f();
    } catch (e) {
      return String(e);
    }
    return "nothing";
  }

  test("SSLContext: with or without new, MicroPython's constants and defaults", () => {
    expect([ssl.PROTOCOL_TLS_CLIENT, ssl.PROTOCOL_TLS_SERVER, ssl.CERT_NONE, ssl.CERT_OPTIONAL, ssl.CERT_REQUIRED]).toEqual([
      0, 1, 0, 1, 2,
    ]);
    expect(ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).verify_mode).toBe(ssl.CERT_REQUIRED);
    expect(new ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).verify_mode).toBe(ssl.CERT_NONE);
    expect(raised(() => ssl.SSLContext(7))).toBe("ValueError: invalid protocol: 7");
  });

  test("load_cert_chain and load_verify_locations: paths, bytes, bad input", () => {
    const c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER);
    c.load_cert_chain(path.join(dir, "ec_cert.der"), path.join(dir, "ec_key.der"));
    expect(c._cert).toEqual(file("ec_cert.der"));
    expect(raised(() => c.load_cert_chain(path.join(dir, "missing.der"), file("ec_key.der")))).toBe("OSError: 2");
    expect(raised(() => c.load_cert_chain(file("ec_cert.der"), b("not a key")))).toBe("ValueError: invalid key");
    expect(raised(() => c.load_cert_chain(b("not a cert"), file("ec_key.der")))).toBe("ValueError: invalid cert");
    expect(raised(() => c.load_verify_locations(b("junk")))).toBe("ValueError: invalid cert");
    expect(raised(() => c.load_verify_locations())).toBe("TypeError: cafile or cadata must be given");
    expect(raised(() => c.load_cert_chain(42 as any, file("ec_key.der")))).toBe("TypeError: certificate must be a path or bytes");
  });

  test("open_connection and start_server check ssl= before making a socket", () => {
    async function main() {
      const seen: string[] = [];
      const bare = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER);
      const broken = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER);
      broken.load_cert_chain(b("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), file("ec_key.der"));
      const attempts = [
        () => asyncio.open_connection("127.0.0.1", 1, "yes"),
        () => asyncio.open_connection("127.0.0.1", 1, ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)),
        () => asyncio.start_server(echo, "127.0.0.1", 0, 5, true),
        () => asyncio.start_server(echo, "127.0.0.1", 0, 5, bare),
        () => asyncio.start_server(echo, "127.0.0.1", 0, 5, client_ctx()),
        () => asyncio.start_server(echo, "127.0.0.1", 0, 5, broken),
      ];
      for (const f of attempts) {
        try {
          await f();
          seen.push("nothing");
        } catch (e) {
          seen.push(String(e));
        }
      }
      return seen;
    }
    return run(main).then((seen) => {
      expect(seen).toEqual([
        "TypeError: ssl must be True or an SSLContext",
        "ValueError: open_connection needs an SSLContext(PROTOCOL_TLS_CLIENT)",
        "TypeError: ssl must be an SSLContext",
        "ValueError: a TLS server needs a certificate: ssl.load_cert_chain(cert, key)",
        "ValueError: start_server needs an SSLContext(PROTOCOL_TLS_SERVER)",
        "ValueError: invalid cert",
      ]);
      expect(track.made.length).toBe(0);
    });
  });
});
