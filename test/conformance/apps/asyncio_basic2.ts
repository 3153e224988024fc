// Port of micropython/tests/extmod/asyncio_basic2.py

import * as asyncio from "asyncio";
import { print } from "../py";

async function forever() {
  print("forever start");
  await asyncio.sleep(10);
}

async function main() {
  print("main start");
  asyncio.create_task(forever());
  await asyncio.sleep(0.001);
  print("main done");
  return 42;
}

print(asyncio.run(main()));
