// Port of test/cpython/timeout.py (CPython 3.11's asyncio.timeout(); here the body is a
// callback); its output must equal what CPython prints (test/cpython/timeout.exp).
import * as asyncio from "asyncio";
import { ticks_ms, ticks_diff } from "time";
import { print } from "../../conformance/py";

let t0 = 0;
function section(title: string) {
  print(title);
  t0 = ticks_ms();
}
// ms since the section began, to 10 ms below (as the CPython side prints it)
const now = () => Math.floor(ticks_diff(ticks_ms(), t0) / 10) * 10;

async function main() {
  section("-- in time: the body's value");
  const r = await asyncio.timeout(0.1, async () => {
    await asyncio.sleep(0.02);
    return "done";
  });
  print(r, now());

  section("-- too slow: TimeoutError at the deadline, the body's finally runs");
  try {
    await asyncio.timeout(0.05, async () => {
      try {
        await asyncio.sleep(1);
      } finally {
        print("body finally", now());
      }
    });
  } catch (e) {
    if (!(e instanceof asyncio.TimeoutError)) throw e;
    print("TimeoutError", now());
  }

  section("-- nested, the inner expires first: only the inner raises");
  await asyncio.timeout(0.2, async () => {
    try {
      await asyncio.timeout(0.05, async () => {
        await asyncio.sleep(1);
      });
    } catch (e) {
      if (!(e instanceof asyncio.TimeoutError)) throw e;
      print("inner TimeoutError", now());
    }
    await asyncio.sleep(0.01);
    print("outer goes on", now());
  });

  section("-- nested, the outer expires first: the inner sees CancelledError");
  try {
    await asyncio.timeout(0.05, async () => {
      try {
        await asyncio.timeout(0.2, async () => {
          await asyncio.sleep(1);
        });
      } catch (e) {
        if (e instanceof asyncio.CancelledError) print("inner CancelledError", now());
        throw e;
      }
    });
  } catch (e) {
    if (!(e instanceof asyncio.TimeoutError)) throw e;
    print("outer TimeoutError", now());
  }

  section("-- the body swallows the cancellation: no TimeoutError");
  await asyncio.timeout(0.05, async () => {
    try {
      await asyncio.sleep(1);
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      print("swallowed", now());
    }
  });
  print("after", now());

  section("-- cancelled from outside as the deadline comes: CancelledError wins");
  const body = async () => {
    await asyncio.timeout(0.05, async () => {
      await asyncio.sleep(1);
    });
  };
  const t = asyncio.create_task(body());
  await asyncio.sleep(0.05);
  t.cancel();
  try {
    await t;
  } catch (e) {
    if (e instanceof asyncio.TimeoutError) print("TimeoutError", now());
    else if (e instanceof asyncio.CancelledError) print("CancelledError", now());
    else throw e;
  }

  section("-- timeout(None): no deadline");
  await asyncio.timeout(null, async () => {
    await asyncio.sleep(0.3);
  });
  print("no deadline", now());
}

asyncio.run(main());
