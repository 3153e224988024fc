// A button that toggles LED(1): the pin's IRQ handler only sets a ThreadSafeFlag (it runs
// outside any task, from the engine's event loop), and a task does the work. Presses closer
// than 50 ms are contact bounce and ignored. LED(2) keeps blinking to show the loop is free.
//   ./flash.sh sim examples/button.ts --input BTN@1200-1300 --input BTN@2500-2600 --vcd dist/button.vcd
import * as asyncio from "asyncio";
import { Pin } from "machine";
import { LED } from "pyb";

const DEBOUNCE_MS = 50;

async function on_press(flag: asyncio.ThreadSafeFlag, led: LED) {
  while (true) {
    await flag.wait();
    led.toggle();
    console.log("button pressed, LED(1) is", led.intensity() ? "on" : "off");
  }
}

async function heartbeat(led: LED) {
  while (true) {
    led.on();
    await asyncio.sleep_ms(5);
    led.off();
    await asyncio.sleep_ms(995);
  }
}

async function main() {
  const flag = new asyncio.ThreadSafeFlag();
  const button = Pin("BTN", Pin.IN, Pin.PULL_DOWN);
  button.irq(() => flag.set(), Pin.IRQ_RISING, { debounce: DEBOUNCE_MS });
  asyncio.create_task(on_press(flag, LED(1)));
  asyncio.create_task(heartbeat(LED(2)));
  await asyncio.sleep(5);
}

asyncio.run(main());
