// Port of micropython/tests/extmod/asyncio_exception.py
// Test general exception handling

import * as asyncio from "asyncio";
import { print } from "../py";

// main task raising an exception
async function main1() {
  print("main start");
  throw new asyncio.ValueError(1);
  print("main done");
}

try {
  asyncio.run(main1());
} catch (er) {
  if (!(er instanceof asyncio.ValueError)) throw er;
  print("ValueError", er.args[0]);
}

// sub-task raising an exception
async function task2() {
  print("task start");
  throw new asyncio.ValueError(2);
  print("task done");
}

async function main2() {
  print("main start");
  const t = asyncio.create_task(task2());
  await t;
  print("main done");
}

try {
  asyncio.run(main2());
} catch (er) {
  if (!(er instanceof asyncio.ValueError)) throw er;
  print("ValueError", er.args[0]);
}

// main task raising an exception with sub-task not yet scheduled
// TODO not currently working, task is never scheduled
async function task3() {
  // print('task run') uncomment this line when it works
}

async function main3() {
  print("main start");
  asyncio.create_task(task3());
  throw new asyncio.ValueError(3);
  print("main done");
}

try {
  asyncio.run(main3());
} catch (er) {
  if (!(er instanceof asyncio.ValueError)) throw er;
  print("ValueError", er.args[0]);
}
