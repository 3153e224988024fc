// The `asyncio` module: MicroPython's public names, exactly.
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
// Beyond MicroPython (CPython 3.11's semantics): queues, semaphores, conditions, barriers,
// timeouts, task groups.
export { Queue, LifoQueue, PriorityQueue, QueueEmpty, QueueFull } from "./queue";
export { Semaphore, BoundedSemaphore } from "./semaphore";
export { Condition, Barrier, BrokenBarrierError } from "./condition";
export { timeout, timeout_ms } from "./timeout";
export { TaskGroup } from "./taskgroup";
export { wait_for, wait_for_ms, gather } from "./funcs";
export { Stream, StreamReader, StreamWriter, Server, open_connection, start_server } from "./stream";
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
  BaseExceptionGroup,
  ExceptionGroup,
} from "../runtime/errors";
