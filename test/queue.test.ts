// asyncio.Queue under random interleavings (fast-check) against a reference model: puts,
// gets, put_nowait/get_nowait, cancellations of waiting or just-woken tasks, scheduler steps.
// What must hold (CPython 3.11's guarantees): no item lost or duplicated, FIFO order of items,
// getters that wait served in their arrival order, and no task left
// waiting while it could proceed. On the sim board (virtual time), in-process.
import * as fc from "fast-check";
import { sim } from "../hal/sim";
import * as asyncio from "../src/asyncio/index";

beforeEach(() => {
  sim.reset(0);
  asyncio.new_event_loop();
  asyncio.Loop.set_exception_handler(null);
});

type Op = { k: "get" } | { k: "put" } | { k: "get_nowait" } | { k: "put_nowait" } | { k: "cancel"; i: number } | { k: "step" };

const op = (nowait: boolean): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.constant<Op>({ k: "get" }),
    fc.constant<Op>({ k: "put" }),
    fc.constant<Op>({ k: "step" }),
    fc.nat(3).map<Op>((i) => ({ k: "cancel", i })),
    ...(nowait ? [fc.constant<Op>({ k: "get_nowait" }), fc.constant<Op>({ k: "put_nowait" })] : []),
  );

function play(maxsize: number, ops: Op[]) {
  const q = new asyncio.Queue(maxsize);
  let next = 0; // the next item's value: items are 0, 1, 2... in the order they go in
  const putOrder: number[] = []; // values in the order they entered the queue
  const gotOrder: number[] = []; // values in the order they left it
  const getters: { task: any; arrived: number; got: number | null }[] = [];
  const tasks: any[] = [];
  let arrivals = 0;
  async function main() {
    for (const o of ops) {
      if (o.k === "get") {
        const g = { task: null as any, arrived: arrivals++, got: null as number | null };
        g.task = asyncio.create_task(
          (async () => {
            const v = await q.get();
            g.got = v;
            gotOrder.push(v);
          })(),
        );
        getters.push(g);
        tasks.push(g.task);
      } else if (o.k === "put") {
        const v = next++;
        tasks.push(
          asyncio.create_task(
            (async () => {
              await q.put(v);
              putOrder.push(v);
            })(),
          ),
        );
      } else if (o.k === "put_nowait") {
        if (!q.full()) {
          const v = next++;
          q.put_nowait(v);
          putOrder.push(v);
        }
      } else if (o.k === "get_nowait") {
        if (!q.empty()) gotOrder.push(q.get_nowait());
      } else if (o.k === "cancel") {
        const pending = tasks.filter((t) => !t.done()); // (waiting, or woken and not yet run)
        if (pending.length) pending[o.i % pending.length].cancel();
      } else await asyncio.sleep(0);
    }
    for (let i = 0; i < 10; i++) await asyncio.sleep(0); // let everything that can, proceed
  }
  asyncio.run(main());
  const remaining: number[] = [];
  while (!q.empty()) remaining.push(q.get_nowait());
  const waitingGetters = getters.filter((g) => !g.task.done()).length;
  const waitingPutters = tasks.filter((t) => !t.done()).length - waitingGetters;
  for (const t of tasks) if (!t.done()) t.cancel();
  return { putOrder, gotOrder, remaining, getters, waitingGetters, waitingPutters };
}

test("no item lost or duplicated, FIFO, nobody left waiting who could proceed (with barging nowait calls)", () => {
  fc.assert(
    fc.property(fc.nat(3), fc.array(op(true), { maxLength: 40 }), (maxsize, ops) => {
      const r = play(maxsize, ops);
      // Items leave in the order they entered, and none is lost or made up.
      expect(r.gotOrder.concat(r.remaining)).toEqual(r.putOrder);
      // At the end: items left means no getter waits; room left means no putter waits.
      if (r.remaining.length > 0) expect(r.waitingGetters).toBe(0);
      if (maxsize === 0 || r.remaining.length < maxsize) expect(r.waitingPutters).toBe(0);
    }),
    { numRuns: 1000 },
  );
});

// A getter that finds an item takes it at once, even if others wait and one of them was woken
// for it (CPython does the same: [(1, 0), (0, 1)] for get, put, get, put). So the order is
// checked among getters that were all waiting before any item came.
test("getters waiting before the items come are served in arrival order, cancelled ones (woken or not) skipped", () => {
  const later = fc.oneof(
    fc.constant<Op>({ k: "put" }),
    fc.constant<Op>({ k: "put_nowait" }),
    fc.constant<Op>({ k: "step" }),
    fc.nat(3).map<Op>((i) => ({ k: "cancel", i })),
  );
  fc.assert(
    fc.property(fc.nat(3), fc.integer({ min: 1, max: 6 }), fc.array(later, { maxLength: 30 }), (maxsize, n, ops) => {
      const first: Op[] = [];
      for (let i = 0; i < n; i++) first.push({ k: "get" });
      first.push({ k: "step" });
      const r = play(maxsize, first.concat(ops));
      const served = r.getters.filter((g) => g.got !== null);
      const byItem = served.slice().sort((a, b) => r.gotOrder.indexOf(a.got!) - r.gotOrder.indexOf(b.got!));
      expect(byItem.map((g) => g.arrived)).toEqual(served.map((g) => g.arrived).sort((a, b) => a - b));
      expect(r.gotOrder.concat(r.remaining)).toEqual(r.putOrder);
    }),
    { numRuns: 1000 },
  );
});

test("put and get with nobody waiting allocate nothing per call beyond the item's slot", () => {
  // (the queue's own arrays aside) a put/get pair parks no task and touches no waiter list
  const q = new asyncio.Queue();
  async function main() {
    for (let i = 0; i < 100; i++) {
      await q.put(i);
      expect(await q.get()).toBe(i);
    }
    return [q._gwoke.length, q._pwoke.length, q._getters.peek(), q._putters.peek()];
  }
  expect(asyncio.run(main())).toEqual([0, 0, null, null]);
});
