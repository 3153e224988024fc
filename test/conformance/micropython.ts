// Test support: the parts of MicroPython's `micropython` module that the asyncio tests use,
// for apps built for the sim board (virtual time, hal/sim.ts).
//
// schedule(fn, arg): MicroPython runs fn(arg) "as soon as possible" from outside any task (a
// soft interrupt), checked while the VM runs and while the loop waits, as real time passes.
// On the sim board, time only passes between outside events, so fn(arg) runs as an outside
// event one virtual millisecond later (sim.at). A callback that keeps re-scheduling itself
// until a deadline (the watchdogs of asyncio_event_queue/asyncio_iterator_event) thus polls
// once per virtual millisecond instead of spinning at one instant forever.
//
// heap_lock()/heap_unlock(): JS has no way to forbid allocation; they do nothing. (The
// runtime's hot path is written to be allocation-free, which asyncio_heaplock checks in
// MicroPython; here that test only runs the same schedule and prints the same output.)
import { sim } from "../../hal/sim";

export function schedule(fn: (arg: any) => void, arg: any): void {
  sim.at(Math.floor(sim.elapsed_ms()) + 1, function () {
    fn(arg);
  });
}

export function heap_lock(): void {}

export function heap_unlock(): number {
  return 0;
}
