// Waiting outside the scheduler: MicroPython's IOQueue (tasks waiting for a stream), and the
// tasks parked on ThreadSafeFlag or a Promise. The loop polls here when `_hot.io` says there
// is something to look at (wait_io_event).
import type { Task } from "./task";
import { _hot } from "./core";
import { RuntimeError } from "../runtime/errors";
import { wake, type Pollable, POLLIN, POLLOUT } from "../runtime/driver";

// Tasks parked on something outside the scheduler (ThreadSafeFlag, Promise, socket):
// while there are any, an empty run queue does not mean the loop is finished.
let _waits = 0;

export function _io_wait(delta: number): void {
  _waits += delta;
}

export function _io_waits(): number {
  return _waits;
}

// Tasks woken from outside the scheduler (ThreadSafeFlag.set) join the run queue at the next
// I/O poll, as MicroPython's poller would wake them: after the running task has yielded.
// Always the same array: the loop keeps it in a local.
const _ready: Task[] = [];

export function _io_wake(t: Task): void {
  _ready.push(t);
  _hot.io = 1;
  wake();
}

// Each stream holds its own waiters (io_r, io_w: no Map on Espruino); the queue lists the
// streams that have any and polls them on every pass of the loop. A socket whose state
// changes while the loop is idle calls the driver's wake() so that the pass happens.
export class IOQueue {
  streams: Pollable[] = [];

  _enqueue(s: Pollable, idx: number): void {
    const t = _hot.cur!;
    if (idx === 0) {
      if (s.io_r) throw new RuntimeError("stream already has a reading task");
      s.io_r = t;
    } else {
      if (s.io_w) throw new RuntimeError("stream already has a writing task");
      s.io_w = t;
    }
    if (this.streams.indexOf(s) < 0) this.streams.push(s);
    _hot.io = 1;
    t.data = this; // so cancel() can unlink it
    _waits++;
  }

  queue_read(s: Pollable): void {
    this._enqueue(s, 0);
  }

  queue_write(s: Pollable): void {
    this._enqueue(s, 1);
  }

  // As MicroPython, a cancelled waiter drops its stream's whole entry (a writer too).
  remove(task: Task): void {
    const ss = this.streams;
    for (let i = 0; i < ss.length; i++) {
      const s = ss[i];
      if (s.io_r === task || s.io_w === task) {
        if (s.io_r) _waits--;
        if (s.io_w) _waits--;
        s.io_r = s.io_w = null;
        ss.splice(i, 1);
        return;
      }
    }
  }

  wait_io_event(): void {
    const ss = this.streams;
    for (let i = 0; i < ss.length; ) {
      const s = ss[i];
      const ev = s.poll();
      if (ev & ~POLLOUT && s.io_r) {
        // Readable, or an error the reader will meet.
        _hot.push(s.io_r as Task);
        s.io_r = null;
        _waits--;
      }
      if (ev & ~POLLIN && s.io_w) {
        _hot.push(s.io_w as Task);
        s.io_w = null;
        _waits--;
      }
      if (!s.io_r && !s.io_w) ss.splice(i, 1);
      else i++;
    }
  }
}

// Made when a stream first waits: an app without streams leaves IOQueue out of its bundle (the
// pico blink: 689 bytes of code and 1,160 bytes of Kaluma heap less, measured).
let _io_queue: IOQueue | null = null;

export function io_queue(): IOQueue {
  if (_io_queue === null) _io_queue = new IOQueue();
  return _io_queue;
}

export function is_io_queue(d: any): boolean {
  return d !== null && d === _io_queue;
}

// The loop's I/O poll: outside wake-ups first, then streams.
export function wait_io_event(): void {
  if (_ready.length !== 0) {
    const ready = _ready.splice(0, _ready.length);
    _waits -= ready.length;
    for (let i = 0; i < ready.length; i++) _hot.push(ready[i]);
  }
  const q = _io_queue;
  if (q !== null && q.streams.length !== 0) q.wait_io_event();
  _hot.io = _ready.length + (q !== null ? q.streams.length : 0);
}

// new_event_loop(): nothing waits any more.
export function _io_reset(): void {
  _io_queue = null;
  _waits = 0;
  _ready.splice(0, _ready.length);
}
