// Port of micropython/tests/extmod/asyncio_event_fair.py
// Test fairness of Event.set()
// That tasks which continuously wait on events don't take over the scheduler

import * as asyncio from "asyncio";
import { print, range } from "../py";

async function task1(id: number) {
  for (const i of range(4)) {
    print("sleep", id);
    await asyncio.sleep(0);
  }
}

async function task2(id: number, ev: asyncio.Event) {
  for (const i of range(4)) {
    ev.set();
    ev.clear();
    print("wait", id);
    await ev.wait();
  }
}

async function main() {
  const ev = new asyncio.Event();
  const tasks = [
    asyncio.create_task(task1(0)),
    asyncio.create_task(task2(2, ev)),
    asyncio.create_task(task1(1)),
    asyncio.create_task(task2(3, ev)),
  ];
  await tasks[1];
  ev.set();
}

asyncio.run(main());
