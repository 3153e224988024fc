// The runtime alone, for its bundle size: an app that imports asyncio and calls one function.
// (Rollup keeps only what run() needs: the scheduler, Task, the queue, sleep.)
import * as asyncio from "asyncio";

async function main() {
  await asyncio.sleep_ms(1);
}

asyncio.run(main());
