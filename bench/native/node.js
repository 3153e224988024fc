'use strict';
// What a Node user would write instead of the runtime, measured like the bench app's
// "switch" mode: n concurrent loops of r zero sleeps each, ms per rep.
//   node bench/native/node.js '{"mode":"immediate","n":100,"r":1000,"reps":5}'
// Modes:
//   immediate  native async/await, zero sleep = new Promise(r => setImmediate(r))
//   microtask  native async/await, `await null`: a microtask only (never lets I/O or timers in)
//   timeout    a plain setTimeout(0) callback chain (Node clamps 0 to 1 ms)
const { performance } = require('perf_hooks');
const P = JSON.parse(process.argv[2]);

const sleep0 = () => new Promise((resolve) => setImmediate(resolve));

async function immediate(r) {
  for (let i = 0; i < r; i++) await sleep0();
}

async function microtask(r) {
  for (let i = 0; i < r; i++) await null;
}

function timeout(n, r) {
  return new Promise((resolve) => {
    let left = n;
    const chain = (k) => {
      if (k === 0) {
        if (--left === 0) resolve();
        return;
      }
      setTimeout(() => chain(k - 1), 0);
    };
    for (let i = 0; i < n; i++) chain(r);
  });
}

async function once(n, r) {
  const t0 = performance.now();
  if (P.mode === 'timeout') await timeout(n, r);
  else {
    const f = P.mode === 'immediate' ? immediate : microtask;
    const ps = [];
    for (let i = 0; i < n; i++) ps.push(f(r));
    await Promise.all(ps);
  }
  return performance.now() - t0;
}

(async () => {
  const ms = [];
  for (let i = 0; i < (P.reps || 1); i++) ms.push(await once(P.n, P.r));
  console.log('BENCH ' + JSON.stringify({ mode: P.mode, n: P.n, r: P.r, ms, clock: 'performance.now' }));
})().catch((e) => console.log('BENCHERR ' + (e && e.stack)));
