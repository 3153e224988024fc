// A hostile client against a host-board server over real TCP on 127.0.0.1: 32 MB without a
// newline. The server's readline() must fail with ValueError after its limit (4096 bytes),
// its memory must stay near its idle size (the socket is paused; nothing accumulates), and the
// next client must be served. The server is a host bundle in a process of its own, so its
// peak memory is its own. Linux only (/proc/self/status), as the CI machine. Test functions return Promises (see jest.config.js).
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { spawn } from "child_process";

const { build } = require("../tools/build.js");

const ROOT = path.resolve(__dirname, "..");
const HOSTILE_BYTES = 32 * 1024 * 1024;

const SERVER = `import * as asyncio from "asyncio";
import { driver } from ${JSON.stringify(path.join(ROOT, "src", "runtime", "driver"))};
declare const process: any;
declare const require: any;

// The process's peak resident size (VmHWM). Not process.resourceUsage().maxRSS: Linux carries
// that over from the parent at fork, so under jest it starts at the worker's size.
function peak(): number {
  const m = /VmHWM:\\s*(\\d+) kB/.exec(require("fs").readFileSync("/proc/self/status", "utf8"));
  return Number(m![1]) * 1024;
}

// The port the server got (listen on port 0), for the test to connect to.
const net: any = driver.net;
const listen = net.listen;
net.listen = function (host: string, port: number, backlog: number) {
  const l = listen(host, port, backlog);
  setTimeout(() => console.log("port " + l.sockname()[1] + " idle " + peak()), 50);
  return l;
};

let served = 0;
const done = new asyncio.Event();

async function handler(r: asyncio.Stream, w: asyncio.Stream) {
  try {
    const line = await r.readline();
    w.write(line);
    await w.drain();
    console.log("served " + line.length + " bytes");
  } catch (e) {
    console.log("handler: " + String(e));
  }
  await w.wait_closed();
  if (++served === 2) done.set();
}

async function main() {
  const srv = await asyncio.start_server(handler, "127.0.0.1", 0);
  await done.wait();
  srv.close();
  await srv.wait_closed();
  console.log("peak " + peak());
}

asyncio.run(main());
`;

// Sends `total` bytes of "a" (no newline) as fast as the server takes them; resolves with how
// many were handed to the socket when it ended (the server closed it) or all were sent.
function hostile(port: number, total: number): Promise<number> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    let ended = false;
    const s = net.connect(port, "127.0.0.1");
    const finish = () => {
      if (!ended) {
        ended = true;
        resolve(sent);
      }
    };
    const pump = () => {
      while (!ended && sent < total) {
        sent += chunk.length;
        if (!s.write(chunk)) return; // 'drain' resumes
      }
      if (sent >= total) s.end();
    };
    s.on("connect", pump);
    s.on("drain", pump);
    s.on("error", () => undefined); // ECONNRESET when the server drops it
    s.on("close", finish);
  });
}

function polite(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = "";
    const s = net.connect(port, "127.0.0.1", () => s.write(text));
    s.on("data", (d) => (got += d.toString("latin1")));
    s.on("error", reject);
    s.on("close", () => resolve(got));
  });
}

test("32 MB without a newline: ValueError in the handler, memory near idle, the next client served", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mpa-hostile-"));
  const app = path.join(dir, "server.ts");
  fs.writeFileSync(app, SERVER);
  const out = path.join(dir, "server.js");
  return build({ board: "host", input: app, out }).then(
    () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [out], { stdio: ["ignore", "pipe", "pipe"] });
        // A hang is a failure; this only bounds it (the exchange takes well under a second).
        const guard = setTimeout(() => child.kill("SIGKILL"), 60000);
        let stdout = "";
        let stderr = "";
        let started = false;
        let sent = -1;
        let echoed = "";
        child.stderr.on("data", (d) => (stderr += d));
        child.stdout.on("data", (d) => {
          stdout += d;
          const m = /^port (\d+) /m.exec(stdout);
          if (m && !started) {
            started = true;
            const port = Number(m[1]);
            hostile(port, HOSTILE_BYTES)
              .then((n) => {
                sent = n;
                return polite(port, "hello\n");
              })
              .then((e) => (echoed = e), reject);
          }
        });
        child.on("close", (code) => {
          clearTimeout(guard);
          try {
            expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
            const lines = stdout.trim().split("\n");
            expect(lines[1]).toBe("handler: ValueError: line longer than 4096 bytes (Stream.limit)");
            expect(lines[2]).toBe("served 6 bytes");
            expect(echoed).toBe("hello\n");
            // The server dropped the hostile connection long before 32 MB went out.
            expect(sent).toBeGreaterThan(0);
            expect(sent).toBeLessThan(HOSTILE_BYTES);
            const idle = Number(/ idle (\d+)/.exec(lines[0])![1]); // the peak so far: start-up
            const peak = Number(/^peak (\d+)/.exec(lines[3])![1]);
            expect(peak - idle).toBeLessThan(16 * 1024 * 1024); // half of what was sent
            resolve();
          } catch (e) {
            reject(e);
          }
        });
      }),
  );
});
