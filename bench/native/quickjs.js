// Native async/await on QuickJS, measured like the bench app's "switch" mode: n concurrent
// loops of r `await null` (a microtask: the only zero sleep QuickJS has; the harness's
// setTimeout is a JS emulation on a virtual clock, not the engine's). The runner prepends
// `var __bench = {n, r, reps};`. Promise jobs run after the script (tools/engines.js).
(function () {
  var P = __bench;
  async function loop(r) {
    for (var i = 0; i < r; i++) await null;
  }
  async function once() {
    var t0 = Date.now();
    var ps = [];
    for (var i = 0; i < P.n; i++) ps.push(loop(P.r));
    await Promise.all(ps);
    return Date.now() - t0;
  }
  async function main() {
    var ms = [];
    for (var i = 0; i < (P.reps || 1); i++) ms.push(await once());
    console.log('BENCH ' + JSON.stringify({ mode: 'microtask', n: P.n, r: P.r, ms: ms, clock: 'Date.now' }));
  }
  main().catch(function (e) {
    console.log('BENCHERR ' + (e && e.stack));
  });
})();
