// Port of micropython/tests/extmod/asyncio_event_queue.py
// Ensure that an asyncio task can wait on an Event when the
// _task_queue is empty
// https://github.com/micropython/micropython/issues/16569
//
// micropython.schedule() comes from ../micropython.ts: on the sim board the callback runs as
// an outside event one virtual millisecond later, so the watchdog below polls the (virtual)
// clock once per millisecond until its deadline.

import * as asyncio from "asyncio";
import * as time from "time";
import * as micropython from "../micropython";
import { print } from "../py";

// This test requires checking that the asyncio scheduler
// remains active "indefinitely" when the task queue is empty.
//
// To check this, we need another independent scheduler that
// can wait for a certain amount of time. So we have to
// create one using micropython.schedule() and time.ticks_ms()

const evt = new asyncio.Event();

function schedule_watchdog(end_ticks: number): void {
  if (time.ticks_diff(end_ticks, time.ticks_ms()) <= 0) {
    print("asyncio still pending, unlocking event");
    // Caution: about to call Event.set() from a schedule
    //          (see the note in the comment above)
    evt.set();
    return;
  }
  micropython.schedule(schedule_watchdog, end_ticks);
}

async function foo() {
  print("foo waiting");
  schedule_watchdog(time.ticks_add(time.ticks_ms(), 100));
  await evt.wait();
  print("foo done");
}

async function main() {
  print("main started");
  await foo();
  print("main done");
}

asyncio.run(main());
