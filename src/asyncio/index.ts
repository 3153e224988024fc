// The `asyncio` module: MicroPython's public names, exactly.
export * from "./micropython";
export { Stream, StreamReader, StreamWriter, Server, open_connection, start_server } from "./stream";
// Beyond MicroPython (CPython 3.11's semantics): queues, semaphores, conditions, barriers,
// timeouts, task groups.
export { Queue, LifoQueue, PriorityQueue, QueueEmpty, QueueFull } from "./queue";
export { Semaphore, BoundedSemaphore } from "./semaphore";
export { Condition, Barrier, BrokenBarrierError } from "./condition";
export { timeout, timeout_ms } from "./timeout";
export { TaskGroup } from "./taskgroup";
export { BaseExceptionGroup, ExceptionGroup } from "../runtime/errors";
