// MicroPython-async's launch(): call a callback; if it is an async function, run what it
// returns as a task. Callbacks of Delay_ms and Pushbutton may be either.
import * as asyncio from "../asyncio/index";

export function launch(func: (...args: any[]) => any, args: any[]): any {
  const r = func.apply(null, args);
  // A coroutine (ES5 Coro or native generator): both have next() and throw().
  if (r !== null && typeof r === "object" && typeof r.next === "function" && typeof r.throw === "function") {
    return asyncio.create_task(r);
  }
  return r;
}
