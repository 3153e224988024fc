// Delay_ms's behaviours in virtual time (test/primitives.test.ts checks the exact output).
import * as asyncio from "asyncio";
import { Delay_ms } from "primitives";
import { ticks_ms, ticks_diff } from "time";

let t0 = ticks_ms();
function say(...what: any[]): void {
  console.log([ticks_diff(ticks_ms(), t0) + ":"].concat(what.map(String)).join(" "));
}
function section(title: string): void {
  console.log("-- " + title);
  t0 = ticks_ms();
}

async function main() {
  section("ends after its duration; the callback gets its args; wait() returns");
  let d = new Delay_ms((a: any, b: any) => say("ended", a, b), ["x", 2], 300);
  say("running", d.running());
  d.trigger();
  say("running", d.running(), d.__call__());
  await d.wait();
  say("wait returned, running", d.running());

  section("a retrigger moves the end later");
  d.trigger(); // ends at 300
  await asyncio.sleep_ms(200);
  d.trigger(); // now ends at 500
  await d.wait();
  say("after wait");

  section("a shorter duration brings the end forward");
  d.trigger(1000);
  await asyncio.sleep_ms(100);
  d.trigger(50); // ends at 150, not 1000
  await asyncio.sleep_ms(1000);
  say("still running", d.running());

  section("stop(): no callback, running() false; a new trigger starts again");
  d.trigger();
  await asyncio.sleep_ms(100);
  d.stop();
  await asyncio.sleep_ms(500);
  say("running", d.running());
  d.trigger(100);
  await d.wait();

  section("an async callback runs as a task: rvalue() is it");
  d = new Delay_ms(
    async () => {
      say("async callback starts");
      await asyncio.sleep_ms(50);
      say("async callback ends");
      return 42;
    },
    [],
    100,
  );
  d.trigger();
  await d.wait();
  const t = d.rvalue();
  say("rvalue is a Task", t instanceof asyncio.Task, "->", await t);

  section("the callback can trigger it again");
  let n = 0;
  d = new Delay_ms(
    () => {
      n++;
      say("tick", n);
      if (n < 3) d.trigger();
    },
    [],
    100,
  );
  d.trigger();
  await asyncio.sleep_ms(1000);
  say("ticks", n, "running", d.running());

  section("callback() replaces the callback; trigger(0) takes the default duration");
  d.callback((s: string) => say("new callback", s), ["ok"]);
  d.trigger(0);
  await d.wait();
}

asyncio.run(main());
