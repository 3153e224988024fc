// Button gestures with the primitives module (Peter Hinch's Pushbutton and Delay_ms, from
// micropython-async; IRQ-driven here, so an idle button costs nothing): a click toggles
// LED(1), a double click flashes LED(2) three times, a long press (1 s) turns LED(1) off, and
// LED(1) goes off by itself after 10 s without a click (a retriggerable Delay_ms).
//   ./flash.sh sim examples/pushbutton.ts --input BTN@1000-1100 --input BTN@2000-3500 \
//     --input BTN@4000-4050 --input BTN@4200-4300 --vcd dist/pushbutton.vcd
import * as asyncio from "asyncio";
import { Pin } from "machine";
import { LED } from "pyb";
import { Pushbutton, Delay_ms } from "primitives";
import { ticks_ms, ticks_diff } from "time";

const t0 = ticks_ms();
function say(what: string): void {
  console.log(ticks_diff(ticks_ms(), t0) + " ms: " + what);
}

async function flash(led: LED, times: number) {
  for (let i = 0; i < times; i++) {
    led.on();
    await asyncio.sleep_ms(100);
    led.off();
    await asyncio.sleep_ms(100);
  }
}

async function main() {
  const led1 = LED(1);
  const led2 = LED(2);
  const idle = new Delay_ms(
    () => {
      led1.off();
      say("idle: LED(1) off");
    },
    [],
    10000,
  );
  const pb = new Pushbutton(Pin("BTN", Pin.IN, Pin.PULL_DOWN), true); // suppress: a long press or double click is no click
  pb.release_func(() => {
    led1.toggle();
    idle.trigger();
    say("click: LED(1) " + (led1.intensity() ? "on" : "off"));
  });
  pb.double_func(() => {
    say("double click");
    return flash(led2, 3); // an async callback runs as a task
  });
  pb.long_func(() => {
    led1.off();
    say("long press: LED(1) off");
  });
  await asyncio.sleep(20);
  pb.deinit();
}

asyncio.run(main());
