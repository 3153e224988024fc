// Port of micropython/tests/extmod/asyncio_cancel_fair.py
// Test fairness of cancelling a task
// That tasks which continuously cancel each other don't take over the scheduler

import * as asyncio from "asyncio";
import { print, range } from "../py";

let tasks: asyncio.Task[];

async function task(id: number, other: number | null) {
  for (const i of range(3)) {
    try {
      print("start", id);
      await asyncio.sleep(0);
      print("done", id);
    } catch (er) {
      if (!(er instanceof asyncio.CancelledError)) throw er;
      print("cancelled", id);
    }
    if (other !== null) {
      print(id, "cancels", other);
      tasks[other].cancel();
    }
  }
}

async function main() {
  tasks = [asyncio.create_task(task(0, 1)), asyncio.create_task(task(1, 0)), asyncio.create_task(task(2, null))];
  await tasks[2];
}

asyncio.run(main());
