// Port of micropython/tests/extmod/asyncio_heaplock.py
// test that the following do not use the heap:
// - basic scheduling of tasks
// - asyncio.sleep_ms
// - StreamWriter.write, stream is blocked and data to write is a bytes object
// - StreamWriter.write, when stream is not blocked
//
// JS cannot lock its heap: micropython.heap_lock()/heap_unlock() (../micropython.ts) do
// nothing, so this runs the same schedule and stream writes and prints the same output; the
// allocation-free hot path is not checked here. The test's preamble (checking that calling
// bytecode functions does not allocate, else SKIP) has no JS equivalent and is left out.
// Python's b"12" and bytearray(b"56") are Uint8Arrays made by ../py.ts (bytes/bytearray),
// which print as b'12' and bytearray(b'56').

import * as asyncio from "asyncio";
import * as micropython from "../micropython";
import { print, range, bytes, bytearray } from "../py";

class TestStream {
  blocked: boolean;
  constructor(blocked: boolean) {
    this.blocked = blocked;
  }

  write(data: any) {
    print("TestStream.write", data);
    if (this.blocked) {
      return null;
    }
    return data.length;
  }
}

async function task(id: number, n: number, t: number) {
  for (const i of range(n)) {
    print(id, i);
    await asyncio.sleep_ms(t);
  }
}

async function main() {
  const t1 = asyncio.create_task(task(1, 4, 100));
  const t2 = asyncio.create_task(task(2, 2, 250));

  // test scheduling tasks, and calling sleep_ms
  micropython.heap_lock();
  print("start");
  await asyncio.sleep_ms(5);
  print("sleep");
  await asyncio.sleep_ms(350);
  print("finish");
  micropython.heap_unlock();

  // test writing to a stream, when the underlying stream is blocked
  let s = new asyncio.StreamWriter(new TestStream(true), null);
  micropython.heap_lock();
  s.write(bytes("12"));
  micropython.heap_unlock();

  // test writing to a stream, when the underlying stream is not blocked
  const buf = bytearray("56");
  s = new asyncio.StreamWriter(new TestStream(false), null);
  micropython.heap_lock();
  s.write(bytes("34"));
  s.write(buf);
  micropython.heap_unlock();
}

asyncio.run(main());
