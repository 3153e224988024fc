// Port of micropython/tests/extmod/asyncio_await_return.py
// Test that tasks return their value correctly to the caller

import * as asyncio from "asyncio";
import { print } from "../py";

async function foo() {
  return 42;
}

async function main() {
  // Call function directly via an await
  print(await foo());

  // Create a task and await on it
  const task = asyncio.create_task(foo());
  print(await task);
}

asyncio.run(main());
