// Pushbutton with Events instead of callbacks, no suppress, then deinit() (test/primitives.test.ts).
import * as asyncio from "asyncio";
import { Pin } from "machine";
import { Pushbutton } from "primitives";
import { ticks_ms, ticks_diff } from "time";

const t0 = ticks_ms();
function say(what: string): void {
  console.log(ticks_diff(ticks_ms(), t0) + ": " + what);
}

async function watch(name: string, ev: asyncio.Event) {
  for (;;) {
    await ev.wait();
    ev.clear();
    say(name);
  }
}

async function main() {
  const pb = new Pushbutton(Pin("BTN", Pin.IN, Pin.PULL_DOWN));
  pb.press_func(null);
  pb.release_func(null);
  pb.long_func(null);
  pb.double_func(null);
  const ws = [
    asyncio.create_task(watch("press", pb.press!)),
    asyncio.create_task(watch("release", pb.release!)),
    asyncio.create_task(watch("long", pb.long!)),
    asyncio.create_task(watch("double", pb.double!)),
  ];
  await asyncio.sleep_ms(1050);
  say("state while held: " + pb.__call__() + ", raw " + pb.rawstate());
  await asyncio.sleep_ms(2950);
  pb.deinit();
  say("deinit");
  await asyncio.sleep_ms(2000);
  for (const w of ws) w.cancel();
}

asyncio.run(main());
