// Port of test/cpython/taskgroup.py (CPython 3.11's asyncio.TaskGroup; here the body is a
// callback); its output must equal what CPython prints (test/cpython/taskgroup.exp).
import * as asyncio from "asyncio";
import { print } from "../../conformance/py";

async function worker(name: string, delay: number, fail?: string) {
  try {
    await asyncio.sleep(delay);
  } catch (e) {
    if (e instanceof asyncio.CancelledError) print(name, "cancelled");
    throw e;
  }
  if (fail) {
    print(name, "raises", fail);
    throw new asyncio.ValueError(fail);
  }
  print(name, "done");
  return name.toUpperCase();
}

function group_info(e: any): string {
  return String(e) + " " + py_list(e.exceptions.map((x: any) => x.name + ":" + x.message));
}
// str() of a list of strings, as Python prints it
function py_list(xs: string[]): string {
  return "[" + xs.map((x) => "'" + x + "'").join(", ") + "]";
}

// Runs fn; prints the ExceptionGroup it raises (anything else goes on).
async function expect_group(fn: () => Promise<any>) {
  try {
    await fn();
  } catch (e) {
    if (!(e instanceof asyncio.ExceptionGroup)) throw e;
    print(group_info(e));
  }
}

async function main() {
  print("-- all tasks finish: the group waits for them");
  let a: asyncio.Task = null as any;
  let b: asyncio.Task = null as any;
  let tg = new asyncio.TaskGroup();
  await tg.run(async (g) => {
    a = g.create_task(worker("a", 0.02));
    b = g.create_task(worker("b", 0.01));
    print("body ends", String(g));
  });
  print("after the group", await a, await b, String(tg));

  print("-- a task fails: the others and the body are cancelled, one ExceptionGroup");
  await expect_group(() =>
    new asyncio.TaskGroup().run(async (g) => {
      g.create_task(worker("a", 0.05));
      g.create_task(worker("b", 0.01, "boom"));
      try {
        await asyncio.sleep(1);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) print("body cancelled");
        throw e;
      }
    }),
  );

  print("-- two tasks fail at the same time");
  await expect_group(() =>
    new asyncio.TaskGroup().run(async (g) => {
      g.create_task(worker("a", 0.01, "one"));
      g.create_task(worker("b", 0.01, "two"));
      g.create_task(worker("c", 0.05));
    }),
  );

  print("-- the body raises: the tasks are cancelled, its error joins the group");
  await expect_group(() =>
    new asyncio.TaskGroup().run(async (g) => {
      g.create_task(worker("a", 0.05));
      await asyncio.sleep(0.01);
      throw new asyncio.ValueError("body");
    }),
  );

  print("-- a task cancelled on its own is not an error");
  await new asyncio.TaskGroup().run(async (g) => {
    a = g.create_task(worker("a", 0.05));
    b = g.create_task(worker("b", 0.01));
    await asyncio.sleep(0.02);
    a.cancel();
  });
  print("group ok", a.done(), await b);

  print("-- the task running the group is cancelled from outside");
  const holder = async () => {
    await new asyncio.TaskGroup().run(async (g) => {
      g.create_task(worker("a", 1));
      try {
        await asyncio.sleep(1);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) print("body cancelled");
        throw e;
      }
    });
  };
  let h = asyncio.create_task(holder());
  await asyncio.sleep(0.01);
  h.cancel();
  try {
    await h;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    print("holder CancelledError");
  }

  print("-- cancelled from outside while waiting for the tasks on the way out");
  const holder2 = async () => {
    await new asyncio.TaskGroup().run(async (g) => {
      g.create_task(worker("a", 1));
    });
    print("not reached");
  };
  h = asyncio.create_task(holder2());
  await asyncio.sleep(0.01);
  h.cancel();
  try {
    await h;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    print("holder2 CancelledError");
  }

  print("-- a failure inside a nested group reaches the outer one");
  try {
    await new asyncio.TaskGroup().run(async (outer) => {
      outer.create_task(worker("x", 0.05));
      outer.create_task(
        new asyncio.TaskGroup().run(async (inner) => {
          inner.create_task(worker("i", 0.01, "inner"));
          inner.create_task(worker("j", 0.05));
        }),
      );
    });
  } catch (e: any) {
    if (!(e instanceof asyncio.ExceptionGroup)) throw e;
    print(String(e));
    print(group_info(e.exceptions[0]));
  }

  print("-- the group swallows nothing: a handler after it runs on");
  const foo = async () => {
    try {
      await new asyncio.TaskGroup().run(async (g) => {
        g.create_task(worker("crash", 0.01, "soon"));
        await asyncio.sleep(1);
      });
    } catch (e: any) {
      if (!(e instanceof asyncio.Exception)) throw e;
      print("ignored", e.name);
    }
    await asyncio.sleep(0.01);
    print("foo goes on");
    return "foo";
  };
  print(await foo());

  print("-- misuse");
  tg = new asyncio.TaskGroup();
  try {
    tg.create_task(worker("never", 0));
  } catch (e: any) {
    if (!(e instanceof asyncio.RuntimeError)) throw e;
    print("RuntimeError", e.message);
  }
  await tg.run(async () => {
    try {
      await tg.run(async () => {});
    } catch (e: any) {
      if (!(e instanceof asyncio.RuntimeError)) throw e;
      print("RuntimeError", e.message);
    }
  });
  try {
    tg.create_task(worker("never", 0));
  } catch (e: any) {
    if (!(e instanceof asyncio.RuntimeError)) throw e;
    print("RuntimeError", e.message);
  }

  print("-- a task of the group awaited inside the body, and by another task");
  await new asyncio.TaskGroup().run(async (g) => {
    const a2 = g.create_task(worker("a", 0.02));
    g.create_task(
      (async () => {
        print("watcher got", await a2);
      })(),
    );
    print("body got", await a2);
  });

  print("-- the results");
  let ts: asyncio.Task[] = [];
  await new asyncio.TaskGroup().run(async (g) => {
    ts = [g.create_task(worker("p", 0.03)), g.create_task(worker("q", 0.01)), g.create_task(worker("r", 0.02))];
  });
  const rs: any[] = [];
  for (const t of ts) rs.push(await t);
  print(rs);

  // The engine's own TypeError stands for Python's (an Exception).
  print("-- a TypeError in a task: an ExceptionGroup (TypeError is an Exception)");
  async function bad() {
    await asyncio.sleep(0.01);
    // (None + 1 in the CPython program; Espruino's own error for null.x is an Error, not a
    // TypeError, so the engine's TypeError is thrown as the engine would for bad operands.)
    throw new TypeError("unsupported operand type(s) for +: 'NoneType' and 'int'");
  }
  try {
    await new asyncio.TaskGroup().run(async (g) => {
      g.create_task(bad());
    });
  } catch (e) {
    if (!(e instanceof asyncio.ExceptionGroup)) throw e;
    print(
      "ExceptionGroup",
      e.exceptions.map((x: any) => (x instanceof TypeError ? "TypeError" : String(x))),
    );
  }
}

asyncio.run(main());
