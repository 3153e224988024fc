// Where a task's exception that nobody retrieved is reported: the Loop API's exception
// handler (MicroPython's Loop._exc_handler, default_exception_handler, call_exception_handler).
// Apart from the Loop object (loop.ts) so that an app that never uses the Loop API leaves it
// out of its bundle, and out of its REPL's `asyncio` (pico blink: see bench/README.md §0).
import type { Task } from "./task";
import { log_error } from "../runtime/errors";

export type Handler = (loop: any, context: Context) => void;
// CPython's keys: an unretrieved exception names its `future`, a TaskGroup's late one its `task`.
export interface Context {
  message: string;
  exception?: any;
  future?: Task | null;
  task?: Task;
}

// The handler set with Loop.set_exception_handler, and the loop it is given.
export const _exc: { handler: null | Handler; loop: any } = { handler: null, loop: null };

export function default_exception_handler(_loop: any, context: Context): void {
  const fut = context.future;
  log_error(context.message);
  log_error("future:", String(fut), "coro=", fut ? String(fut.coro) : "None");
  const e = context.exception;
  log_error(e && e.stack ? e.stack : String(e));
}

export function call_exception_handler(context: Context): void {
  (_exc.handler || default_exception_handler)(_exc.loop, context);
}

// One context object, refilled for each report (the report path allocates nothing).
const _exc_context: Context = { message: "Task exception wasn't retrieved", exception: null, future: null };

// A detached task t raised e and nobody retrieved it.
export function _report_unretrieved(t: Task, e: any): void {
  _exc_context.exception = e;
  _exc_context.future = t;
  call_exception_handler(_exc_context);
}
