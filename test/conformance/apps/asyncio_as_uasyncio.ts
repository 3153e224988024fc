// Port of micropython/tests/extmod/asyncio_as_uasyncio.py
// The build maps the module name "uasyncio" to the same runtime as "asyncio".

import * as uasyncio from "uasyncio";
import { print } from "../py";

// Sample of public symbols we expect to see from `asyncio`. Verify they're all
// available on `uasyncio`.
const expected = [
  "CancelledError",
  "create_task",
  "current_task",
  "Event",
  "gather",
  "get_event_loop",
  "Lock",
  "Loop",
  "open_connection",
  "run",
  "run_until_complete",
  "sleep",
  "sleep_ms",
  "start_server",
  "StreamReader",
  "StreamWriter",
  "Task",
  "ThreadSafeFlag",
  "wait_for",
];

// Python's getattr(uasyncio, e) raises AttributeError for a missing name; the test prints
// nothing when all are present, so a missing one is reported (and fails the comparison).
const mod: any = uasyncio;
for (const e of expected) {
  if (mod[e] === undefined) {
    print("AttributeError: 'module' object has no attribute '" + e + "'");
  }
}
