// The pairing heap against a simple reference model: a list sorted by (ticks_diff order,
// insertion), with random pushes, pops and removals, including keys across the 2^30 wrap.
import fc from "fast-check";
import { sim } from "../hal/sim";
import { TaskQueue, type HeapNode } from "../src/asyncio/taskqueue";
import { ticks_diff, ticks_add, TICKS_MAX } from "../src/time/ticks";

function node(id: number): HeapNode & { id: number } {
  return { id, data: null, ph_key: 0, ph_child: null, ph_child_last: null, ph_next: null, ph_rightmost_parent: null };
}

type Op = { kind: "push"; off: number } | { kind: "pop" } | { kind: "remove"; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("push" as const), off: fc.integer({ min: -50, max: 50 }) }),
  fc.record({ kind: fc.constant("pop" as const) }),
  fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }),
);

test("TaskQueue pops in key order, first-in first-out for equal keys, and removes any node", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: TICKS_MAX }), fc.array(op, { maxLength: 200 }), (base, ops) => {
      const q = new TaskQueue();
      let model: { n: ReturnType<typeof node>; seq: number }[] = [];
      let seq = 0;
      const sorted = () => model.slice().sort((a, b) => ticks_diff(a.n.ph_key, b.n.ph_key) || a.seq - b.seq);
      for (const o of ops) {
        if (o.kind === "push") {
          const n = node(seq);
          q.push(n, ticks_add(base, o.off));
          model.push({ n, seq: seq++ });
        } else if (o.kind === "pop") {
          if (model.length === 0) {
            expect(q.peek()).toBeNull();
            continue;
          }
          const want = sorted()[0];
          expect(q.peek()).toBe(want.n);
          expect(q.pop()).toBe(want.n);
          model = model.filter((m) => m !== want);
        } else if (model.length > 0) {
          const victim = model[o.pick % model.length];
          q.remove(victim.n);
          model = model.filter((m) => m !== victim);
        }
      }
      for (const want of sorted()) expect(q.pop()).toBe(want.n);
      expect(q.peek()).toBeNull();
    }),
    { numRuns: 300 },
  );
});

test("push defaults the key to now and clears data", () => {
  const q = new TaskQueue();
  const n = node(1);
  n.data = "waiting";
  q.push(n);
  expect(n.data).toBeNull();
  expect(n.ph_key).toBe(require("../src/runtime/driver").driver.ticks_ms());
});

// As the scheduler uses it: time only moves forward, and tasks are queued at now (wake-ups),
// at a deadline computed a little earlier (sleep_ms called, awaited later), or in the future.
// Due ones take the FIFO list, future ones the heap; the order must be the heap's alone.
type TimedOp = { kind: "push"; off: number } | { kind: "pop" } | { kind: "tick"; ms: number } | { kind: "remove"; pick: number };
const timedOp: fc.Arbitrary<TimedOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("push" as const), off: fc.integer({ min: -3, max: 6 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("pop" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("tick" as const), ms: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }) },
);

test("with a moving clock, the FIFO list of due tasks and the heap of timers keep the heap's exact order", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: TICKS_MAX }), fc.array(timedOp, { maxLength: 300 }), (start, ops) => {
      sim.reset(start);
      const q = new TaskQueue();
      let model: { n: ReturnType<typeof node>; seq: number }[] = [];
      let seq = 0;
      const sorted = () => model.slice().sort((a, b) => ticks_diff(a.n.ph_key, b.n.ph_key) || a.seq - b.seq);
      const now = () => sim.ticks_ms();
      for (const o of ops) {
        if (o.kind === "push") {
          const n = node(seq);
          q.push(n, ticks_add(now(), o.off));
          model.push({ n, seq: seq++ });
        } else if (o.kind === "tick") {
          sim.sleep_ms(o.ms);
        } else if (o.kind === "pop") {
          if (model.length === 0) {
            expect(q.peek()).toBeNull();
            continue;
          }
          const want = sorted()[0];
          expect(q.peek()).toBe(want.n);
          expect(q.pop()).toBe(want.n);
          model = model.filter((m) => m !== want);
        } else if (model.length > 0) {
          // Task.cancel() removes only tasks whose deadline is still in the future.
          const future = model.filter((m) => ticks_diff(m.n.ph_key, now()) > 0);
          if (future.length === 0) continue;
          const victim = future[o.pick % future.length];
          q.remove(victim.n);
          model = model.filter((m) => m !== victim);
        }
      }
      for (const want of sorted()) expect(q.pop()).toBe(want.n);
      expect(q.peek()).toBeNull();
    }),
    { numRuns: 500 },
  );
});
