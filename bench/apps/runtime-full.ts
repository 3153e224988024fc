// The whole asyncio module, for its bundle size: every export kept (Event, Lock, gather,
// wait_for, the exceptions...), as a REPL or a library user would get it.
import * as asyncio from "asyncio";

const G: any = Function("return this")();
G.asyncio = asyncio;
