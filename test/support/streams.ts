// Stream helpers the network tests share (asyncio streams of any board's runtime).

// A server's `async with`: close() and wait_closed() whatever the body did.
export async function with_server(srv: { __aenter__(): any; __aexit__(): any }, body: () => any) {
  await srv.__aenter__();
  try {
    return await body();
  } finally {
    await srv.__aexit__();
  }
}

// An echo handler for start_server: reads until the end of stream, sending every chunk back.
export async function echo(r: { read(n: number): any }, w: { write(d: Uint8Array): void; drain(): any; wait_closed(): any }) {
  try {
    for (;;) {
      const d = await r.read(4096);
      if (!d.length) break;
      w.write(d);
      await w.drain();
    }
  } finally {
    await w.wait_closed();
  }
}

// A board's Net whose every socket and listener is kept, so that each test can check it closed
// them all: `net` to install as the driver's, `made` and the last listener to look at, reset()
// before each test.
export interface Tracked {
  net: any;
  made: any[];
  last_listener: any;
  reset(): void;
}

export function tracked(real: any): Tracked {
  const t: Tracked = {
    made: [],
    last_listener: null,
    reset() {
      t.made = [];
      t.last_listener = null;
    },
    net: {
      connect(...args: any[]) {
        const s = real.connect(...args);
        t.made.push(s);
        return s;
      },
      listen(...args: any[]) {
        const l = (t.last_listener = real.listen(...args));
        t.made.push(l);
        const accept = l.accept;
        l.accept = function () {
          const s = accept.call(l);
          if (s) t.made.push(s);
          return s;
        };
        return l;
      },
      tls: real.tls,
    },
  };
  return t;
}
