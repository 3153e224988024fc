// Port of micropython/tests/extmod/asyncio_wait_for_fwd.py
// Test asyncio.wait_for, with forwarding cancellation

import * as asyncio from "asyncio";
import { print } from "../py";

async function awaiting(t: number, return_if_fail: boolean) {
  try {
    print("awaiting started");
    await asyncio.sleep(t);
  } catch (er) {
    if (er instanceof asyncio.CancelledError) {
      // CPython wait_for raises CancelledError inside task but TimeoutError in wait_for
      print("awaiting canceled");
      if (return_if_fail) {
        return false; // return has no effect if Cancelled
      } else {
        throw er;
      }
    } else if (er instanceof asyncio.Exception) {
      print("caught exception", er);
      throw er;
    } else {
      throw er;
    }
  }
}

async function test_cancellation_forwarded(catch_: boolean, catch_inside: boolean) {
  print("----------");

  async function wait() {
    try {
      await asyncio.wait_for(awaiting(2, catch_inside), 1);
    } catch (er) {
      if (er instanceof asyncio.TimeoutError) {
        print("Got timeout error");
        throw er;
      } else if (er instanceof asyncio.CancelledError) {
        print("Got canceled");
        if (!catch_) {
          throw er;
        }
      } else {
        throw er;
      }
    }
  }

  async function cancel(t: asyncio.Task) {
    print("cancel started");
    await asyncio.sleep(0.01);
    print("cancel wait()");
    t.cancel();
  }

  const t = asyncio.create_task(wait());
  const k = asyncio.create_task(cancel(t));
  try {
    await t;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    print("waiting got cancelled");
  }
}

asyncio.run(test_cancellation_forwarded(false, false));
asyncio.run(test_cancellation_forwarded(false, true));
asyncio.run(test_cancellation_forwarded(true, true));
asyncio.run(test_cancellation_forwarded(true, false));
