// Port of micropython/tests/extmod/asyncio_get_event_loop.py
// Test get_event_loop()

import * as asyncio from "asyncio";
import { print } from "../py";

// (The test's CPython-only set_event_loop() preamble is not needed: MicroPython has no
// set_event_loop.)

async function main() {
  print("start");
  await asyncio.sleep(0.01);
  print("end");
}

const loop = asyncio.get_event_loop();
loop.run_until_complete(main());
