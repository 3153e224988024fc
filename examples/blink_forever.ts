// The seed's blink (examples/blink.ts) without its 10 s limit: the main task waits forever, so
// its tasks keep running while you look at them from the REPL (npm run repl -- examples/blink_forever.ts).
import * as asyncio from "asyncio";
import { LED } from "pyb";

async function blink(led: LED, period_ms: number) {
  while (true) {
    led.on();
    await asyncio.sleep_ms(5);
    led.off();
    await asyncio.sleep_ms(period_ms);
  }
}

async function main(led1: LED, led2: LED) {
  asyncio.create_task(blink(led1, 700));
  asyncio.create_task(blink(led2, 400));
  await new asyncio.Event().wait(); // never set
}

asyncio.run(main(LED(1), LED(2)));
