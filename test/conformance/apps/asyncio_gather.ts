// Port of micropython/tests/extmod/asyncio_gather.py
// test asyncio.gather() function

import * as asyncio from "asyncio";
import { print, repr, format, range } from "../py";

async function factorial(name: string, number: number) {
  let f = 1;
  for (const i of range(2, number + 1)) {
    print(format("Task {}: Compute factorial({})...", name, i));
    await asyncio.sleep(0.01);
    f *= i;
  }
  print(format("Task {}: factorial({}) = {}", name, number, f));
  return f;
}

async function task(id: number, t: number = 0.1) {
  print("start", id);
  await asyncio.sleep(t);
  print("end", id);
  return id;
}

async function task_loop(id: number) {
  print("task_loop start", id);
  while (true) {
    await asyncio.sleep(0.1);
    print("task_loop loop", id);
  }
}

async function task_raise(id: number, t: number = 0.1) {
  print("task_raise start", id);
  await asyncio.sleep(t);
  print("task_raise raise", id);
  throw new asyncio.ValueError(id);
}

async function gather_task(t0: any, t1: any) {
  print("gather_task");
  await asyncio.gather(t0, t1);
  print("gather_task2");
}

async function main() {
  // Simple gather with return values
  print(await asyncio.gather(factorial("A", 2), factorial("B", 3), factorial("C", 4)));

  print("====");

  // Gather with no awaitables
  print(await asyncio.gather());

  print("====");

  // Test return_exceptions, where one task is cancelled and the other finishes normally
  let tasks = [asyncio.create_task(task(1)), asyncio.create_task(task(2))];
  tasks[0].cancel();
  print(await asyncio.gather(...tasks, { return_exceptions: true }));

  print("====");

  // Test return_exceptions, where one task raises an exception and the other finishes normally.
  tasks = [asyncio.create_task(task(1)), asyncio.create_task(task_raise(2))];
  print(await asyncio.gather(...tasks, { return_exceptions: true }));

  print("====");

  // Test case where one task raises an exception and other task keeps running.
  tasks = [asyncio.create_task(task_loop(1)), asyncio.create_task(task_raise(2))];
  try {
    await asyncio.gather(...tasks);
  } catch (er) {
    if (!(er instanceof asyncio.ValueError)) throw er;
    print(repr(er));
  }
  print(tasks[0].done(), tasks[1].done());
  for (const t of tasks) {
    t.cancel();
  }
  await asyncio.sleep(0.2);

  print("====");

  // Test case where both tasks raise an exception.
  // Use t=0 so they raise one after the other, between the gather starting and finishing.
  tasks = [asyncio.create_task(task_raise(1, 0)), asyncio.create_task(task_raise(2, 0))];
  try {
    await asyncio.gather(...tasks);
  } catch (er) {
    if (!(er instanceof asyncio.ValueError)) throw er;
    print(repr(er));
  }
  print(tasks[0].done(), tasks[1].done());

  print("====");

  // Cancel a multi gather.
  let t = asyncio.create_task(gather_task(task(1), task(2)));
  await asyncio.sleep(0.05);
  t.cancel();
  await asyncio.sleep(0.2);

  // Test edge cases where the gather is cancelled just as tasks are created and ending.
  for (const i of range(1, 4)) {
    print("====");
    t = asyncio.create_task(gather_task(task(1, 0), task(2, 0)));
    for (const _ of range(i)) {
      await asyncio.sleep(0);
    }
    t.cancel();
    await asyncio.sleep(0.2);
  }
}

asyncio.run(main());
