// MicroPython's asyncio module (its __init__.py), but for the streams: the names the REPL's
// `asyncio` global has on every board (src/globals.ts).
export {
  create_task,
  current_task,
  run,
  run_until_complete,
  sleep,
  sleep_ms,
} from "./core";
export { get_event_loop, new_event_loop, Loop } from "./loop";
export { Task } from "./task";
export { tasks, ps, stats, halt, resume } from "./inspect";
export { TaskQueue } from "./taskqueue";
export { Event, ThreadSafeFlag } from "./event";
export { Lock } from "./lock";
export { wait_for, wait_for_ms, gather } from "./funcs";
export {
  BaseException,
  Exception,
  CancelledError,
  TimeoutError,
  RuntimeError,
  ValueError,
  OSError,
  EOFError,
  OverflowError,
  NotImplementedError,
  KeyError,
  IndexError,
} from "../runtime/errors";
