// Helpers for tests that run apps on the sim board: build one, and read its pin trace.
import * as path from "path";

const { build } = require("../../tools/build.js");
const ROOT = path.resolve(__dirname, "..", "..");

// Builds app (a path from the repository's root) for the sim board into dir; the bundle's path.
export function simBundle(dir: string, app: string, target: string, minify?: boolean): Promise<string> {
  const out = path.join(dir, `${path.basename(app, ".ts")}-${target}${minify ? "-min" : ""}.js`);
  return build({ board: "sim", target, input: path.join(ROOT, app), out, minify }).then(() => out);
}

// [on_us, off_us] pairs of one pin.
export function pulses(trace: [number, string, number][], pin: string): [number, number][] {
  const r: [number, number][] = [];
  let on = -1;
  for (const [t, p, v] of trace) {
    if (p !== pin) continue;
    if (v === 1) on = t;
    else if (on >= 0) {
      r.push([on, t]);
      on = -1;
    }
  }
  return r;
}
