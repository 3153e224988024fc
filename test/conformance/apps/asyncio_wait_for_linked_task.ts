// Port of micropython/tests/extmod/asyncio_wait_for_linked_task.py
// Test asyncio.wait_for, with dependent tasks
// https://github.com/micropython/micropython/issues/16759

import * as asyncio from "asyncio";
import { print } from "../py";

// (The test's CPython-only set_event_loop() preamble is not needed: MicroPython has no
// set_event_loop.)

class Worker {
  _eventLoop: any = null;
  _tasks: asyncio.Task[] = [];

  launchTask(asyncJob: any): asyncio.Task {
    if (this._eventLoop === null) {
      this._eventLoop = asyncio.get_event_loop();
    }
    return this._eventLoop.create_task(asyncJob);
  }

  async job(prerequisite: asyncio.Task | null, taskName: string) {
    if (prerequisite) {
      await prerequisite;
    }
    await asyncio.sleep(0.1);
    print(taskName, "work completed");
  }

  planTasks() {
    this._tasks.push(this.launchTask(this.job(null, "task0")));
    this._tasks.push(this.launchTask(this.job(this._tasks[0], "task1")));
    this._tasks.push(this.launchTask(this.job(this._tasks[1], "task2")));
  }

  async waitForTask(taskIdx: number) {
    return await this._tasks[taskIdx];
  }

  syncWaitForTask(taskIdx: number) {
    return this._eventLoop.run_until_complete(this._tasks[taskIdx]);
  }
}

async function async_test() {
  print("--- async test");
  const worker = new Worker();
  worker.planTasks();
  await worker.waitForTask(0);
  print("-> task0 done");
  await worker.waitForTask(2);
  print("-> task2 done");
}

function sync_test() {
  print("--- sync test");
  const worker = new Worker();
  worker.planTasks();
  worker.syncWaitForTask(0);
  print("-> task0 done");
  worker.syncWaitForTask(2);
  print("-> task2 done");
}

asyncio.get_event_loop().run_until_complete(async_test());
sync_test();
