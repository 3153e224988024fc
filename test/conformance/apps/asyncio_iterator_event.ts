// Port of micropython/tests/extmod/asyncio_iterator_event.py
// Ensure that an asyncio task can wait on an Event when the
// _task_queue is empty, in the context of an async iterator
// https://github.com/micropython/micropython/issues/16318
//
// Differences from the Python test, both forced by the targets:
// - `async for message in ai:` is written as the loop it stands for (call __anext__() until
//   it raises StopAsyncIteration): `for await` needs Symbol.asyncIterator, which Espruino and
//   duktape lack, and the runtime's tslib does not support it.
// - StopAsyncIteration is not a JS builtin; it is defined here as an Exception subclass.
// - micropython.schedule() comes from ../micropython.ts: on the sim board the callback runs as
//   an outside event one virtual millisecond later.

import * as asyncio from "asyncio";
import * as time from "time";
import * as micropython from "../micropython";
import { print, format, range } from "../py";

class StopAsyncIteration extends asyncio.Exception {
  get name(): string {
    return "StopAsyncIteration";
  }
}

// This test requires checking that the asyncio scheduler
// remains active "indefinitely" when the task queue is empty.
//
// To check this, we need another independent scheduler that
// can wait for a certain amount of time. So we have to
// create one using micropython.schedule() and time.ticks_ms()

let ai: AsyncIterable | null = null;

function schedule_watchdog(end_ticks: number): void {
  if (time.ticks_diff(end_ticks, time.ticks_ms()) <= 0) {
    print("good: asyncio iterator is still pending, exiting");
    // Caution: ai.fetch_data() will invoke Event.set()
    //          (see the note in the comment above)
    ai!.fetch_data(null);
    return;
  }
  micropython.schedule(schedule_watchdog, end_ticks);
}

async function test(ai: AsyncIterable) {
  for (const x of range(3)) {
    await asyncio.sleep(0.1);
    ai.fetch_data(format("bar {}", x));
  }
}

class AsyncIterable {
  message: string | null = null;
  evt = new asyncio.Event();

  __aiter__() {
    return this;
  }

  async __anext__() {
    await this.evt.wait();
    this.evt.clear();
    if (this.message === null) {
      throw new StopAsyncIteration();
    }
    return this.message;
  }

  fetch_data(message: string | null) {
    this.message = message;
    this.evt.set();
  }
}

async function main() {
  ai = new AsyncIterable();
  asyncio.create_task(test(ai));
  schedule_watchdog(time.ticks_add(time.ticks_ms(), 500));
  // async for message in ai:
  const it = ai.__aiter__();
  while (true) {
    let message;
    try {
      message = await it.__anext__();
    } catch (e) {
      if (e instanceof StopAsyncIteration) break;
      throw e;
    }
    print(message);
  }
  print("end main");
}

asyncio.run(main());
