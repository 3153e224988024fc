'use strict';
// Why the es2016 bundle slows down with many tasks on V8: TypeScript lowers
// `async function f() {...}` to `return __awaiter(this, ..., function* () {...})`, a NEW
// generator function per call, so every coroutine gets its own prototype object and map, and
// the scheduler's `f.next(v)` sees as many maps as there are tasks. This resumes N generators
// round-robin, R rounds, made either way; prints `BENCH {json}` with ns per resume (best of 5).
//   node bench/native/generators.js '{"ns":[100,10000],"total":1000000}'
const { performance } = require('perf_hooks');
const P = JSON.parse(process.argv[2] || '{}');
const S = {};
function* shared(r) {
  for (let i = 0; i < r; i++) yield S;
}
function perCall(r) {
  return (function* () {
    for (let i = 0; i < r; i++) yield S;
  })();
}
function once(mk, n, r) {
  const gs = [];
  for (let i = 0; i < n; i++) gs.push(mk(r));
  const t0 = performance.now();
  let live = n;
  while (live > 0) {
    live = 0;
    for (let i = 0; i < n; i++) if (!gs[i].next().done) live++;
  }
  return ((performance.now() - t0) * 1e6) / (n * r);
}
const out = [];
for (const n of P.ns || [100, 10000]) {
  const r = Math.max(2, Math.round((P.total || 1e6) / n));
  for (const [name, mk] of [
    ['shared', shared],
    ['per-call', perCall],
  ]) {
    let best = Infinity;
    for (let k = 0; k < 5; k++) best = Math.min(best, once(mk, n, r));
    out.push({ n, r, kind: name, ns: best });
  }
}
console.log('BENCH ' + JSON.stringify({ mode: 'generators', runs: out }));
