// The Loop API: one loop, as in MicroPython (core.py's Loop class, get_event_loop,
// new_event_loop), and where a task's unretrieved exception is reported.
import { Task } from "./task";
import { _hot, create_task, run_until_complete, _promote_to_task, _wake } from "./core";
import { _io_reset } from "./io";
import { _thens } from "./promise";
import { _unregister_all } from "./inspect";
import { log_error } from "../runtime/errors";

type Handler = (loop: typeof Loop, context: Context) => void;
// CPython's keys: an unretrieved exception names its `future`, a TaskGroup's late one its `task`.
interface Context {
  message: string;
  exception?: any;
  future?: Task | null;
  task?: Task;
}

// One context object, refilled for each report (the report path allocates nothing).
const _exc_context: Context = { message: "Task exception wasn't retrieved", exception: null, future: null };

async function _stopper() {}
let _stop_task: Task | null = null;

export const Loop = {
  _exc_handler: null as null | Handler,

  create_task(coro: any): Task {
    return create_task(coro);
  },
  run_forever(): void {
    // Runs until stop() queues this task, which finishes at once.
    _stop_task = new Task(_stopper());
    run_until_complete(_stop_task);
  },
  run_until_complete(aw: any): any {
    return run_until_complete(_promote_to_task(aw));
  },
  stop(): void {
    if (_stop_task !== null) {
      _hot.push(_stop_task);
      _stop_task = null;
      _wake();
    }
  },
  close(): void {},
  set_exception_handler(handler: null | Handler): void {
    Loop._exc_handler = handler;
  },
  get_exception_handler(): null | Handler {
    return Loop._exc_handler;
  },
  default_exception_handler(_loop: any, context: Context): void {
    const fut = context.future;
    log_error(context.message);
    log_error("future:", String(fut), "coro=", fut ? String(fut.coro) : "None");
    const e = context.exception;
    log_error(e && e.stack ? e.stack : String(e));
  },
  call_exception_handler(context: Context): void {
    (Loop._exc_handler || Loop.default_exception_handler)(Loop, context);
  },
};

// A detached task t raised e and nobody retrieved it.
export function _report_unretrieved(t: Task, e: any): void {
  _exc_context.exception = e;
  _exc_context.future = t;
  Loop.call_exception_handler(_exc_context);
}

// The runq_len/waitq_len arguments of legacy uasyncio are accepted and ignored.
export function get_event_loop(_runq_len?: number, _waitq_len?: number): typeof Loop {
  return Loop;
}

// Forgets every task: queued, sleeping, waiting for I/O or a Promise.
export function new_event_loop(): typeof Loop {
  _hot.heap = _hot.head = _hot.tail = null;
  _hot.loops = 0;
  _io_reset();
  _thens.splice(0, _thens.length);
  _unregister_all();
  _stop_task = null;
  return Loop;
}
