// Port of micropython/tests/extmod/asyncio_gather_finished_early.py
// Test asyncio.gather() when a task is already finished before the gather starts.

import * as asyncio from "asyncio";
import { print, range, tuple } from "../py";

// CPython and MicroPython differ in when they signal (and print) that a task raised an
// uncaught exception.  So define an empty custom_handler() to suppress this output.
function custom_handler(loop: any, context: any) {}

async function task_that_finishes_early(id: string, event: asyncio.Event, fail: boolean) {
  print("task_that_finishes_early", id);
  event.set();
  if (fail) {
    throw new asyncio.ValueError("intentional exception", id);
  }
}

async function task_that_runs() {
  for (const i of range(5)) {
    print("task_that_runs", i);
    await asyncio.sleep(0);
  }
}

async function main(start_task_that_runs: boolean, task_fail: boolean, return_exceptions: boolean) {
  print("== start", start_task_that_runs, task_fail, return_exceptions);

  // Set exception handler to suppress exception output.
  const loop = asyncio.get_event_loop();
  loop.set_exception_handler(custom_handler);

  // Create tasks.
  const event_a = new asyncio.Event();
  const event_b = new asyncio.Event();
  const tasks: asyncio.Task[] = [];
  if (start_task_that_runs) {
    tasks.push(asyncio.create_task(task_that_runs()));
  }
  tasks.push(asyncio.create_task(task_that_finishes_early("a", event_a, task_fail)));
  tasks.push(asyncio.create_task(task_that_finishes_early("b", event_b, task_fail)));

  // Make sure task_that_finishes_early() are both done, before calling gather().
  await event_a.wait();
  await event_b.wait();

  // Gather the tasks.
  let result;
  try {
    result = tuple("complete", await asyncio.gather(...tasks, { return_exceptions: return_exceptions }));
  } catch (er) {
    if (!(er instanceof asyncio.Exception)) throw er;
    // Python's `start_task_that_runs and tasks[0].done()`
    result = tuple("exception", er, start_task_that_runs ? tasks[0].done() : start_task_that_runs);
  }

  // Wait for the final task to finish (if it was started).
  if (start_task_that_runs) {
    await tasks[0];
  }

  // Print results.
  print(result);
}

// Run the test in the 8 different combinations of its arguments.
for (const i of range(8)) {
  asyncio.run(main(!!(i & 4), !!(i & 2), !!(i & 1)));
}
