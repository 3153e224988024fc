// Test support for the two-instance network tests (MicroPython's tests/multi_net/): both
// instances run in ONE program, as two tasks of one asyncio.run, and each keeps its own
// output. When both are done the program prints them in the form of the tests' .exp files:
//   --- instance0 ---
//   <what instance0 printed>
//   --- instance1 ---
//   <what instance1 printed>
//
// MicroPython's `multitest` module becomes `multitest` here:
//   multitest.next()          a barrier between the instances: `await multitest.next()`
//   multitest.globals({...})  values for the other instance: multitest.g.IP
//   multitest.get_network_ip() "127.0.0.1" (loopback only)
// and each instance prints with its own function: print0 (instance0, the server), print1.
//
// The network is driver.net, seen through a thin layer that
// - on a real network (the host board) turns the tests' fixed `listen("0.0.0.0", 8000)` into
//   listen("127.0.0.1", 0) - loopback only, on a free port, so runs never collide - and a
//   connect to port 8000 into a connect to the port actually bound;
// - records which instance made each socket (the current task; accepted sockets belong to
//   their listener's instance) and closes what is still open when the instance ends, as the
//   end of a MicroPython instance's process closes its sockets.
// An instance that raises prints the exception into its own output (which then differs from
// the .exp), and on stderr.
import * as asyncio from "asyncio";
import { driver } from "../../../src/runtime/driver";
import { str, repr } from "../py";

export class Instance {
  id: number;
  lines: string[] = [];
  task: any = null;
  sockets: any[] = [];
  round = 0;
  print: (...args: any[]) => void;

  constructor(id: number) {
    const self = this;
    this.id = id;
    // Python's print(*args), into this instance's output.
    this.print = function (...args: any[]) {
      const parts: string[] = [];
      for (let i = 0; i < args.length; i++) parts.push(str(args[i]));
      self.lines.push(parts.join(" "));
    };
  }

  // The instance ended: its "process" exits and its sockets close.
  exit(): void {
    const ss = this.sockets;
    this.sockets = [];
    for (let i = 0; i < ss.length; i++) if (!ss[i].closed) ss[i].close();
  }
}

const instances = [new Instance(0), new Instance(1)];
const orphans: any[] = []; // sockets made outside an instance's own task
const rounds: { n: number; ev: asyncio.Event }[] = [];

function current_instance(): Instance | null {
  let t: any = null;
  try {
    t = asyncio.current_task();
  } catch (e) {
    return null;
  }
  for (let i = 0; i < instances.length; i++) if (instances[i].task === t) return instances[i];
  return null;
}

function own(inst: Instance | null, s: any): void {
  (inst ? inst.sockets : orphans).push(s);
}

const messages: { [msg: string]: asyncio.Event } = {};
function message(msg: string): asyncio.Event {
  return messages[msg] || (messages[msg] = new asyncio.Event());
}

export const multitest = {
  g: {} as { [name: string]: any },
  instance0: instances[0],
  instance1: instances[1],

  // Returns once every instance has called next() as many times.
  async next() {
    const inst = current_instance();
    if (inst === null) throw new asyncio.RuntimeError("multitest.next() outside an instance's task");
    const k = inst.round++;
    let r = rounds[k];
    if (!r) r = rounds[k] = { n: 0, ev: new asyncio.Event() };
    if (++r.n === instances.length) r.ev.set();
    await r.ev.wait();
  },

  // broadcast(msg) / wait(msg): a message from one instance, waited for by the other (in
  // MicroPython, wait() blocks the instance's process; here it is awaited).
  broadcast(msg: string): void {
    message(msg).set();
  },

  async wait(msg: string) {
    await message(msg).wait();
  },

  globals(vars: { [name: string]: any }): void {
    for (const k in vars) multitest.g[k] = vars[k];
  },

  get_network_ip(): string {
    return "127.0.0.1";
  },
};

export const print0 = instances[0].print;
export const print1 = instances[1].print;

// Python's array.array(typecode, items) repr, for a typed array: array('b', [99]).
export function array_repr(typecode: string, a: ArrayLike<number>): string {
  const items: number[] = [];
  for (let i = 0; i < a.length; i++) items.push(a[i]);
  return "array(" + repr(typecode) + ", " + repr(items) + ")";
}

function install_net(): void {
  const real: any = driver.net;
  if (!real) throw new asyncio.OSError("no network on the " + driver.name + " board");
  const loopback = driver.name !== "sim"; // a real network: stay on 127.0.0.1, free ports
  const bound: { [port: number]: any } = {};
  driver.net = {
    connect(host: string, port: number, tls?: any): any {
      const l = bound[port];
      const addr = l && l.sockname ? l.sockname() : undefined;
      const s = real.connect(loopback ? "127.0.0.1" : host, addr ? addr[1] : port, tls);
      own(current_instance(), s);
      return s;
    },
    listen(host: string, port: number, backlog: number, tls?: any): any {
      const l = real.listen(loopback ? "127.0.0.1" : host, loopback ? 0 : port, backlog, tls);
      if (loopback) bound[port] = l;
      const inst = current_instance();
      own(inst, l);
      const accept = l.accept;
      l.accept = function () {
        const s = accept.call(l);
        if (s) own(inst, s);
        return s;
      };
      return l;
    },
    tls: real.tls,
  };
}

function exc_line(e: any): string {
  const name = e && typeof e.name === "string" ? e.name : "Exception";
  const msg = str(e);
  return msg ? name + ": " + msg : name;
}

async function guard(inst: Instance, body: () => any) {
  try {
    await body();
  } catch (e) {
    inst.print("Traceback (most recent call last):");
    inst.print(exc_line(e));
    const c: any = console;
    (c.error || c.log).call(c, "instance" + inst.id + ": " + (e && (e as any).stack ? (e as any).stack : exc_line(e)));
  } finally {
    inst.exit();
  }
}

// Runs instance0 and instance1 (async functions) together, then prints both outputs.
export function run(instance0: () => any, instance1: () => any): void {
  install_net();
  async function main() {
    instances[0].task = asyncio.create_task(guard(instances[0], instance0));
    instances[1].task = asyncio.create_task(guard(instances[1], instance1));
    await instances[0].task;
    await instances[1].task;
    for (let i = 0; i < orphans.length; i++) if (!orphans[i].closed) orphans[i].close();
    for (let i = 0; i < instances.length; i++) {
      console.log("--- instance" + i + " ---");
      const lines = instances[i].lines;
      for (let j = 0; j < lines.length; j++) console.log(lines[j]);
    }
  }
  asyncio.run(main());
}
