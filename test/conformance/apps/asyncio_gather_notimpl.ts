// Port of micropython/tests/extmod/asyncio_gather_notimpl.py
// Test asyncio.gather() function, features that are not implemented.

import * as asyncio from "asyncio";
import { print, repr } from "../py";

function custom_handler(loop: any, context: any) {
  print(repr(context["exception"]));
}

async function task(id: number) {
  print("task start", id);
  await asyncio.sleep(0.01);
  print("task end", id);
  return id;
}

async function gather_task(t0: asyncio.Task, t1: asyncio.Task) {
  print("gather_task start");
  await asyncio.gather(t0, t1);
  print("gather_task end");
}

async function main() {
  const loop = asyncio.get_event_loop();
  loop.set_exception_handler(custom_handler);

  // Test case where can't wait on a task being gathered.
  let tasks = [asyncio.create_task(task(1)), asyncio.create_task(task(2))];
  const gt = asyncio.create_task(gather_task(tasks[0], tasks[1]));
  await asyncio.sleep(0); // let the gather start
  try {
    await tasks[0]; // can't await because this task is part of the gather
  } catch (er) {
    if (!(er instanceof asyncio.RuntimeError)) throw er;
    print(repr(er));
  }
  await gt;

  print("====");

  // Test case where can't gather on a task being waited.
  tasks = [asyncio.create_task(task(1)), asyncio.create_task(task(2))];
  asyncio.create_task(gather_task(tasks[0], tasks[1]));
  await tasks[0]; // wait on this task before the gather starts
  await tasks[1];
}

asyncio.run(main());
