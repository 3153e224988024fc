// Queue put/get cost (issue 12), its own bundle so that the other figures' bundles stay as
// they are. `var __bench = {mode: "queue", k, reps}` in front of the bundle (bench/run.js):
//   nowait   k put_nowait + get_nowait pairs on an empty Queue (nobody waits)
//   awaited  k `await q.put(x)` + `await q.get()` pairs in one task (nobody waits either)
// ms per run, and on Node (--expose-gc) the new-space bytes per pair after a warm-up.
import * as asyncio from "asyncio";

declare const __bench: any;
declare const performance: any;
declare const getTime: any;
declare const require: any;
declare const gc: any;

const P: any = typeof __bench !== "undefined" ? __bench : { k: 1000, reps: 3 };
const now: () => number =
  typeof performance !== "undefined" && performance && typeof performance.now === "function"
    ? function () {
        return performance.now();
      }
    : typeof getTime === "function"
      ? function () {
          return getTime() * 1000;
        }
      : function () {
          return Date.now();
        };

function newSpace(): number | null {
  if (typeof gc !== "function" || typeof require !== "function") return null;
  const v8 = require("v8");
  const s = v8.getHeapSpaceStatistics().filter(function (x: any) {
    return x.space_name === "new_space";
  })[0];
  return s ? s.space_used_size : null;
}

function nowait(q: asyncio.Queue, k: number): void {
  for (let i = 0; i < k; i++) {
    q.put_nowait(i);
    q.get_nowait();
  }
}

async function awaited(q: asyncio.Queue, k: number) {
  for (let i = 0; i < k; i++) {
    await q.put(i);
    await q.get();
  }
}

async function main() {
  const k: number = P.k;
  const q = new asyncio.Queue();
  const res: any = { k, nowait: [], awaited: [], nowait_bytes: null, awaited_bytes: null };
  for (let j = 0; j < (P.reps || 3); j++) {
    let t0 = now();
    nowait(q, k);
    res.nowait.push(now() - t0);
    t0 = now();
    await awaited(q, k);
    res.awaited.push(now() - t0);
  }
  if (newSpace() !== null) {
    // Warm, then one measured run each (k small enough for no scavenge in between).
    gc();
    let u0 = newSpace()!;
    nowait(q, k);
    res.nowait_bytes = (newSpace()! - u0) / k;
    gc();
    u0 = newSpace()!;
    await awaited(q, k);
    res.awaited_bytes = (newSpace()! - u0) / k;
  }
  res.mode = "queue";
  console.log("BENCH " + JSON.stringify(res));
}

asyncio.run(main());
