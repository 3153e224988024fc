// Port of micropython/tests/extmod/asyncio_new_event_loop.py
// Test Loop.new_event_loop()

import * as asyncio from "asyncio";
import { print, range } from "../py";

// (The test's CPython-only set_event_loop() preamble is not needed: MicroPython has no
// set_event_loop.)

function exception_handler(loop: any, context: any) {
  // This is a workaround for a difference between CPython and MicroPython: if
  // a CPython event loop is closed while there are tasks pending (i.e. not finished)
  // on it, then the task will log an error. MicroPython does not log this error.
  // (Python's context.get("message", ""))
  const message = context["message"] !== undefined ? context["message"] : "";
  if (message === "Task was destroyed but it is pending!") {
    // pass
  } else {
    loop.default_exception_handler(context);
  }
}

async function task() {
  for (const i of range(4)) {
    print("task", i);
    await asyncio.sleep(0);
    await asyncio.sleep(0);
  }
}

async function main() {
  print("start");
  loop.create_task(task());
  await asyncio.sleep(0); // yields, meaning new task will run once
  print("stop");
  loop.stop();
}

// Use default event loop to run some tasks
let loop = asyncio.get_event_loop();
loop.set_exception_handler(exception_handler);
loop.create_task(main());
loop.run_forever();
loop.close();

// Create new event loop, old one should not keep running
loop = asyncio.new_event_loop();
loop.set_exception_handler(exception_handler);
loop.create_task(main());
loop.run_forever();
loop.close();
