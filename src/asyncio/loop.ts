// The Loop API: one loop, as in MicroPython (core.py's Loop class, get_event_loop,
// new_event_loop). Its exception handler is report.ts's, which reports a task's unretrieved
// exception whether the app uses this API or not.
import { Task } from "./task";
import { _hot, create_task, run_until_complete, _promote_to_task, _wake } from "./core";
import { _io_reset } from "./io";
import { _thens } from "./promise";
import { _unregister_all } from "./inspect";
import { _exc, call_exception_handler, default_exception_handler, type Handler } from "./report";

async function _stopper() {}
let _stop_task: Task | null = null;

export const Loop = {
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
    _exc.handler = handler;
    _exc.loop = Loop;
  },
  get_exception_handler(): null | Handler {
    return _exc.handler;
  },
  default_exception_handler,
  call_exception_handler,
};

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
