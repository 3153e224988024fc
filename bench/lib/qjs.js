'use strict';
// A QuickJS runner for the memory figures: like tools/engines.js's (console.log, Promise jobs
// drained after the script) but with a host function __mem() that returns QuickJS's own
// counters (JS_ComputeMemoryUsage) at any point of the script, not only at its end.
// No timers: only for sim-board bundles, whose virtual clock needs none.

let modulePromise = null;

async function runQuickJSMem(code, { timeoutMs = 60000, memoryLimit = 512 * 1024 * 1024 } = {}) {
  if (!modulePromise) modulePromise = require('quickjs-emscripten').getQuickJS();
  const QuickJS = await modulePromise;
  const rt = QuickJS.newRuntime();
  const deadline = Date.now() + timeoutMs;
  let timedOut = false;
  rt.setInterruptHandler(() => (timedOut = timedOut || Date.now() > deadline));
  rt.setMemoryLimit(memoryLimit);
  const vm = rt.newContext();
  let stdout = '';
  let stderr = '';
  let code_ = 0;
  try {
    // console.log(String(x)) only: the bench app logs one string per line.
    const con = vm.newObject();
    const logStr = vm.newFunction('log', (h) => {
      stdout += vm.getString(h) + '\n';
    });
    vm.setProp(con, 'log', logStr);
    vm.setProp(con, 'error', logStr);
    vm.setProp(vm.global, 'console', con);
    logStr.dispose();
    con.dispose();
    const mem = vm.newFunction('__mem', () => {
      const m = rt.computeMemoryUsage();
      const o = vm.dump(m);
      m.dispose();
      const h = vm.newObject();
      for (const k of ['memory_used_size', 'malloc_size', 'malloc_count', 'obj_count', 'obj_size', 'memory_used_count']) {
        const n = vm.newNumber(o[k]);
        vm.setProp(h, k, n);
        n.dispose();
      }
      return h;
    });
    vm.setProp(vm.global, '__mem', mem);
    mem.dispose();
    const res = vm.evalCode(code, 'bench.js');
    if (res.error) {
      const e = vm.dump(res.error);
      stderr += (e && e.message ? `${e.name}: ${e.message}\n${e.stack || ''}` : String(e)) + '\n';
      res.error.dispose();
      code_ = 1;
    } else {
      res.value.dispose();
      for (;;) {
        const r = rt.executePendingJobs(-1);
        if (r.error) {
          stderr += JSON.stringify(vm.dump(r.error)) + '\n';
          r.error.dispose();
          code_ = 1;
          break;
        }
        const n = r.value;
        if (typeof r.dispose === 'function') r.dispose();
        if (!n) break;
      }
    }
  } finally {
    vm.dispose();
    rt.dispose();
  }
  if (timedOut) {
    stderr += `quickjs: timed out after ${timeoutMs} ms\n`;
    code_ = 124;
  }
  return { stdout, stderr, code: code_, timedOut };
}

module.exports = { runQuickJSMem };
