// The example of MicroPython's asyncio documentation, unchanged but for syntax: two LEDs
// blinking from two tasks. pyb.LED(n) comes from the board's LED list, so this same file runs
// on every board (npm start runs it on the host board; ./flash.sh <board> examples/blink.ts).
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
  await asyncio.sleep_ms(10_000);
}

// Running on a pyboard
asyncio.run(main(LED(1), LED(2)));
