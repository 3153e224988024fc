// Port of micropython/tests/extmod/asyncio_cancel_self.py
// Test a task cancelling itself (currently unsupported)

import * as asyncio from "asyncio";
import { print, str } from "../py";

let global_task: asyncio.Task;

async function task() {
  print("task start");
  global_task.cancel();
}

async function main() {
  global_task = asyncio.create_task(task());
  try {
    await global_task;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    print("main cancel");
  }
  print("main done");
}

try {
  asyncio.run(main());
} catch (er) {
  if (!(er instanceof asyncio.RuntimeError)) throw er;
  print(str(er) || "can't cancel self");
}
