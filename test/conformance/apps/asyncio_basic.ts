// Port of micropython/tests/extmod/asyncio_basic.py

import * as asyncio from "asyncio";
import * as time from "time";
import { print, format, round } from "../py";

// `time` is MicroPython's utime: it has ticks_ms, so the test's fallback is not needed.
const ticks = time.ticks_ms;
const ticks_diff = time.ticks_diff;

async function delay_print(t: number, s: string) {
  await asyncio.sleep(t);
  print(s);
}

async function main() {
  print("start");

  await asyncio.sleep(0.001);
  print("after sleep");

  const t0 = ticks();
  await delay_print(0.2, "short");
  const t1 = ticks();
  await delay_print(0.4, "long");
  const t2 = ticks();
  await delay_print(-1, "negative");
  const t3 = ticks();

  print(format("took {} {} {}", round(ticks_diff(t1, t0), -2), round(ticks_diff(t2, t1), -2), round(ticks_diff(t3, t2), -2)));
}

asyncio.run(main());
