'use strict';
// bench/results.md and the chart's data, from the figures bench/run.js collected.

const KB = 8192; // the "8 KB" of the size target

// ---------------------------------------------------------------------------------------------
// Formatting

function sig(v, d = 3) {
  if (v === null || v === undefined || !isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 10 ** d) return Math.round(v).toLocaleString('en-US');
  return Number(v.toPrecision(d)).toString();
}

function ns(v) {
  if (v === null || v === undefined || !isFinite(v)) return '–';
  if (v >= 1e6) return `${sig(v / 1e6)} ms`;
  if (v >= 1e3) return `${sig(v / 1e3)} µs`;
  return `${sig(v)} ns`;
}

function bytes(v) {
  if (v === null || v === undefined || !isFinite(v)) return '–';
  return `${sig(v)} B`;
}

function num(v) {
  return v.toLocaleString('en-US');
}

function ratio(v) {
  if (v === null || v === undefined || !isFinite(v)) return '–';
  return `${sig(v, 2)}x`;
}

function table(head, rows) {
  const out = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? ':---' : '---:')).join('|')}|`];
  for (const r of rows) out.push(`| ${r.join(' | ')} |`);
  return out.join('\n');
}

const pt = (row, n0) => (row ? row.points.find((p) => p.n0 === n0 || p.n === n0) : undefined);
const val = (row, n0, k = 'ns') => {
  const p = pt(row, n0);
  return p && p[k] !== null && p[k] !== undefined ? p[k] : null;
};
const verdict = (ok) => (ok === null ? '**not measured**' : ok ? '**met**' : '**missed**');

// What a retention run says: after each of `runs` runs of n tasks, the live objects (QuickJS)
// or vars (Espruino); the least-squares slope per finished task, and the most above the first
// reading (a bounded saw-tooth: a sweep or a collector; a leak: a line).
function retainFigures(r) {
  const ys = r.across.map((m) => m.objs);
  const bs = r.across.map((m) => m.bytes);
  const xs = ys.map((_, j) => j * r.n);
  const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
  const mx = mean(xs);
  const slope = (v) => {
    const my = mean(v);
    let num_ = 0;
    let den = 0;
    for (let j = 0; j < xs.length; j++) {
      num_ += (xs[j] - mx) * (v[j] - my);
      den += (xs[j] - mx) ** 2;
    }
    return den ? num_ / den : 0;
  };
  return {
    perTask: slope(ys),
    perTaskBytes: slope(bs),
    maxAbove: Math.max(...ys) - ys[0],
    lastAbove: ys[ys.length - 1] - ys[0],
    tasks: (ys.length - 1) * r.n,
  };
}

// ---------------------------------------------------------------------------------------------

function report(R, notes) {
  const S = R.switch || { rows: [], native: [], calls: {}, parts: {} };
  const rowById = (id) => S.rows.find((r) => r.id === id) || S.native.find((r) => r.id === id);
  const NS = [1, 100, 10000];
  const out = [];
  const p = (s = '') => out.push(s);
  const M = R.machine;

  p('# Benchmarks');
  p();
  p('Figures of issue 4 (task-switch cost, memory per task, allocations, timer scaling, size), written by `npm run bench` (`bench/run.js`; `node bench/run.js --quick` checks the bench itself in about a minute), all from ONE run:');
  p(`${R.quick ? '**a --quick run: small counts, a check of the bench, not figures.** ' : ''}${M.date} on`);
  p();
  p(table(['machine', ''], [
    ['CPU', `${M.cpu} (${M.cores} cores as seen by the OS, ${M.mem})`],
    ['OS', M.os],
    ['Node', `${M.node} (V8 ${M.v8})`],
    ['QuickJS', M.quickjs],
    ['duktape', M.duk],
    ['Espruino', M.espruino],
    ['load average (1 min) at the start / end', `${R.loadBefore !== undefined ? R.loadBefore.toFixed(2) : M.load.split(' ')[0]} / ${R.loadAfter.toFixed(2)} (other work on the machine makes times noisier; counts are exact)`],
    ['bench run time', `${R.elapsed.toFixed(0)} s`],
    ['code measured', (() => {
      const a = R.codeStart;
      const b = R.codeEnd;
      if (!a) return 'unknown (not a git checkout)';
      const d = (c) => (c.dirty.length ? ` + uncommitted changes to ${c.dirty.join(', ')}` : '');
      const same = b && a.head === b.head && a.hash === b.hash && a.dirty.join() === b.dirty.join();
      return `commit ${a.head}${d(a)}${same ? '' : `; **the code changed during the run** (at the end: commit ${b ? b.head : '?'}${b ? d(b) : ''}), so some figures come from one version and some from the other`}`;
    })()],
  ]));
  p();
  p('Times are the best of several repetitions in the same process (the first ones warm up the JIT; medians are in `results.json`), read inside the bundle with the best clock the engine has (`performance.now()` on Node and duktape, `getTime()` on Espruino, `Date.now()` on QuickJS). A *switch* is one `await asyncio.sleep_ms(...)`: the task parks, the scheduler picks the next task and resumes it. The sim board never idles on `sleep_ms(0)`, so its figures are pure CPU cost; the host board is the real-time Node driver (one re-armed `setTimeout`).');
  p();
  p('![switch cost against task count](switch-cost.svg)');
  p();

  // ------------------------------------------------------------------------------- targets
  const targets = [];
  const nat = rowById('native-immediate');
  {
    const builds = ['node-es2016-sim', 'node-es5-sim', 'node-es2016-host', 'node-es5-host'];
    const cells = [];
    let all = true;
    let any = false;
    for (const id of builds) {
      for (const n of NS) {
        const a = val(rowById(id), n);
        const b = val(nat, n);
        if (a === null || b === null) continue;
        any = true;
        const r = b / a;
        if (r < 10) all = false;
        cells.push({ id, n, r });
      }
    }
    const es16 = cells.filter((c) => c.id === 'node-es2016-sim');
    const short = (id) => id.replace(/^node-/, '').replace('-', ' ');
    const metAt = cells.filter((c) => c.r >= 10).map((c) => `${short(c.id)} N=${num(c.n)}`);
    const b16r = rowById('node-es2016-bare');
    const b5r = rowById('node-es5-bare');
    const why = [];
    for (const n of NS) {
      const bound = val(nat, n) !== null ? val(nat, n) / 10 : null;
      const b16 = val(b16r, n);
      const b5 = val(b5r, n);
      if (bound === null || b16 === null || b5 === null) continue;
      if (b16 > bound && b5 > bound) why.push(`at N=${num(n)} the coroutine resume alone, with no scheduler at all, takes ${ns(b16)} (es2016) and ${ns(b5)} (es5), more than a tenth of the native zero sleep (${ns(bound)}), so no scheduler can reach 10x there`);
      else if (b16 > bound) why.push(`at N=${num(n)} the es2016 build's native generator resume alone takes ${ns(b16)}, more than ${ns(bound)} (one generator function per call, see §1), while es5 (${ns(b5)}) leaves room`);
    }
    targets.push([
      'Node: switch ≥ 10x cheaper than native async/await with a Promise/setImmediate zero sleep',
      any
        ? es16.map((c) => `es2016 sim, N=${num(c.n)}: ${ratio(c.r)}`).join('; ') +
          '; host board and es5: see §1'
        : '–',
      any ? `${verdict(all)}${all ? '' : metAt.length ? ` (met only at ${metAt.join(', ')})` : ''}` : verdict(null),
      why.length ? `setImmediate runs every pending callback in one event-loop turn, so its cost per wake-up falls from ${ns(val(nat, 1))} at N=1 to ${ns(val(nat, 100))} at N=100; ${why.join('; ')}.` : '',
    ]);
  }
  {
    const esp = rowById('espruino-es5-sim');
    const tmo = rowById('espruino-timeout');
    const duk = rowById('duk-es5-sim');
    if (esp && tmo && val(esp, 1) !== null && val(tmo, 1) !== null) {
      const r1 = val(esp, 1) / val(tmo, 1);
      const r100 = val(esp, 100) !== null && val(tmo, 100) !== null ? val(esp, 100) / val(tmo, 100) : null;
      const parts = S.parts['espruino-es5'];
      const call = S.calls['espruino-es5'];
      targets.push([
        'Espruino-class: switch ≤ 0.4 of a setTimeout(0) round trip on the same engine',
        `Espruino ${R.espruinoVersion || ''} (Linux build): N=1 ${ns(val(esp, 1))} vs ${ns(val(tmo, 1))}: ${sig(r1, 2)}${r100 !== null ? `; N=100 ${ns(val(esp, 100))} vs ${ns(val(tmo, 100))}: ${sig(r100, 2)}` : ''}. duktape: no setTimeout (see §1)`,
        `${verdict(r1 <= 0.4 && (r100 === null || r100 <= 0.4))}${r1 > 0.4 ? ` by ${sig(r1 / 0.4, 2)}x at N=1` : ''}`,
        (() => {
          const m100 = ((R.timers && R.timers.meldsSwitch) || []).find((m) => m.n === 100);
          return `Espruino's setTimeout round trip is a C timer list calling one JS function; a switch runs ~${call ? sig(val(esp, 100) / call.ns, 2) : '?'} empty-function-call equivalents of interpreted JS. Espruino interprets the source text directly (no bytecode), so every property lookup and call in the scheduler path is paid in full.${parts ? ` The largest piece at N=100 is the run queue's pop + push (${ns(parts.queue)}, ${Math.round((100 * parts.queue) / val(esp, 100))}% of the switch)${m100 && m100.perStep > 1.5 ? `: with 100 tasks due at the same tick, a pop re-pairs the root's children, ${sig(m100.perStep, 2)} melds per switch` : ''}; see the breakdown in §1.` : ''}`;
        })(),
      ]);
    } else {
      targets.push([
        'Espruino-class: switch ≤ 0.4 of a setTimeout(0) round trip on the same engine',
        duk ? `Espruino not present on this machine; duktape has no setTimeout, so the ratio cannot be formed there (duktape switch: ${ns(val(duk, 100))} at N=100; see §1 for it in function-call units)` : 'no Espruino-class engine here',
        verdict(null),
        'Set ESPRUINO_BIN to an Espruino Linux build to measure it.',
      ]);
    }
  }
  {
    // Issue 8: the esp32 bundle as flashed, 100 tasks, against one setTimeout(0) round trip.
    const sw = rowById('espruino-es5-esp32');
    const tmo = rowById('espruino-timeout');
    const F = (S.floor || {})['espruino-es5-esp32'];
    const call = S.calls['espruino-es5-esp32'];
    const parts = S.parts['espruino-es5-esp32'];
    const CE = R.callgrindEspruino || {};
    const name = 'Espruino (issue 8): switch ≤ one setTimeout(0) round trip (esp32 bundle as flashed, 100 tasks)';
    if (sw && tmo && val(sw, 100) !== null && val(tmo, 1) !== null) {
      const rt = val(tmo, 1);
      const s100 = val(sw, 100);
      const ok = s100 <= rt;
      const cg = CE.switch_n100 && CE.timeout ? `; in instructions (callgrind): ${num(Math.round(CE.switch_n100.perOp))} vs ${num(Math.round(CE.timeout.perOp))}, ${sig(CE.switch_n100.perOp / CE.timeout.perOp, 2)}x` : '';
      let why = '';
      if (!ok && F && call) {
        const left = rt - F.step;
        why =
          `One resume of the coroutine with no scheduler around it (the floor under any scheduler, §1) costs ${ns(F.step)}: TypeScript's state machine for \`for (...) await asyncio.sleep_ms(0)\`, called directly, ${ns(F.body)} (${sig(F.body / call.ns, 2)} empty-call equivalents, with its sleep_ms(0) call); coro_resume's driving around it ${ns(F.resume - F.body)}; the call into it ${ns(F.step - F.resume)}. ` +
          (left <= 0
            ? `That alone is more than the round trip (${ns(rt)}), so no scheduler running TypeScript's async functions can meet the target on this engine.`
            : `That leaves ${ns(left)} of the round trip (${ns(rt)}) for the whole scheduler, ${sig(left / call.ns, 2)} empty function calls (${ns(call.ns)} each)${parts ? `, less than ${ns(parts.ticks_ms)}, one \`ticks_ms()\` read,` : ''} for what MicroPython's run loop does at least once per switch: read the clock for the task's queue key, pop it, push it. So no scheduler with MicroPython's ordering can meet it here; Espruino's setTimeout round trip is a C timer list calling one JS function, with no interpreted code around it.`) +
          ` The scheduler's share now: ${ns(s100 - F.step)} a switch at N=100.` +
          (CE.bare_n100 && CE.timeout
            ? ` Counted in instructions (callgrind, §1), which leave out the Linux build's idle loop (its sleeps and clock system calls, part of the wall-clock round trip), the gap is wider: the bare resume loop alone is ${sig(CE.bare_n100.perOp / CE.timeout.perOp, 2)}x the round trip${CE.call ? `, which is ${sig(CE.timeout.perOp / CE.call.perOp, 2)} empty calls' worth of interpreted work` : ''}.`
            : '');
      }
      targets.push([name, `N=100 ${ns(s100)}${val(sw, 1) !== null ? ` (N=1 ${ns(val(sw, 1))})` : ''} vs a round trip of ${ns(rt)}: ${sig(s100 / rt, 2)}x${cg}`, ok ? verdict(true) : `${verdict(false)} by ${sig(s100 / rt, 2)}x: cannot be met (see why)`, why]);
    } else {
      targets.push([name, 'Espruino not present on this machine', verdict(null), 'Set ESPRUINO_BIN to an Espruino Linux build to measure it.']);
    }
  }
  {
    // Issue 12: no allocation per put/get when no task waits.
    const QU = R.queue;
    const nodeRows = QU ? QU.rows.filter((r) => /^Node/.test(r.label) && r.nowait_bytes !== null) : [];
    const name = 'Queue (issue 12): zero allocations per put/get when no task waits (Node new space)';
    if (nodeRows.length) {
      const okNowait = nodeRows.every((r) => r.nowait_bytes < 8);
      const awaitedOk = nodeRows.filter((r) => r.awaited_bytes < 8).map((r) => r.label);
      const awaitedNot = nodeRows.filter((r) => !(r.awaited_bytes < 8));
      targets.push([
        name,
        nodeRows.map((r) => `${r.label}: nowait pair ${sig(r.nowait_bytes, 2)} B, awaited pair ${sig(r.awaited_bytes, 3)} B`).join('; '),
        okNowait
          ? `**met** for put_nowait/get_nowait${awaitedOk.length ? `, and for await put()/get() on ${awaitedOk.join(', ')}` : ''}${awaitedNot.length ? `; **missed** for await put()/get() on ${awaitedNot.map((r) => r.label).join(', ')}` : ''}`
          : verdict(false),
        awaitedNot.length
          ? 'Every call of an async method makes a coroutine (as every call of a MicroPython async def makes a generator); the queue itself adds nothing (§7). The es2016 build makes each from a new generator function per call (TypeScript\'s __awaiter, §1), which V8 cannot optimise away; the es5 build\'s Coro objects never escape, and V8 removes them.'
          : '',
      ]);
    } else targets.push([name, 'not measured', verdict(null), 'see §7']);
  }
  const A = R.alloc || { rows: [], retain: [] };
  {
    const sim = A.rows.filter((r) => /sim$/.test(r.id));
    const host = A.rows.filter((r) => /host$/.test(r.id));
    const diffs = sim.flatMap((r) => r.points.filter((q) => q.diff !== undefined && q.diff !== null).map((q) => q.diff));
    const hostDiffs = host.flatMap((r) => r.points.filter((q) => q.diff !== undefined && q.diff !== null).map((q) => q.diff));
    const ok = diffs.length ? diffs.every((d) => Math.abs(d) < 1) : null;
    const hostOk = hostDiffs.length ? hostDiffs.every((d) => Math.abs(d) < 1) : null;
    const bareOf = (id) => {
      const r = A.rows.find((x) => x.id === id);
      const q = r && r.points.find((x) => x.n === 100);
      return q && q.bare !== null && q.bare !== undefined ? q.bare : null;
    };
    const clock = bareOf('node-es2016-host') !== null && bareOf('node-es2016-sim') !== null ? bareOf('node-es2016-host') - bareOf('node-es2016-sim') : null;
    targets.push([
      'Zero scheduler allocations per switch (V8 new space, minus a bare resume loop)',
      `sim board: ${diffs.length ? `${sig(Math.min(...diffs), 2)} to ${sig(Math.max(...diffs), 2)} B/switch` : '–'}; host board: ${hostDiffs.length ? `${sig(Math.min(...hostDiffs), 2)} to ${sig(Math.max(...hostDiffs), 2)} B/switch` : '–'}${clock !== null && clock > 1 ? `; outside the scheduler, the host board's clock read in sleep_ms: ${sig(clock, 2)} B per call` : ''}`,
      `${verdict(ok)} for the scheduler on the sim board${hostOk === null ? '' : hostOk ? ' and the host board' : '; **missed** on the host board'}${clock !== null && clock > 1 ? '; the host HAL\'s clock allocates (see why)' : ''}`,
      [
        hostOk === false ? 'On the host board the scheduler reads the clock between tasks, and every read allocates (next sentence).' : '',
        clock !== null && clock > 1
          ? `The host board's bare loop allocates ${sig(clock, 2)} B per switch more than the sim's: the \`sleep_ms\` inside the coroutine reads \`time.ticks_ms()\`, which on hal/host.ts calls \`performance.now()\`, and V8 boxes that double into a new HeapNumber on every call. It is the HAL's, not the scheduler's, but it is on the hot path of every \`sleep_ms\`. See §4.`
          : '',
      ]
        .filter(Boolean)
        .join(' '),
    ]);
  }
  const MEM = R.mem || { rows: [] };
  {
    const cells = MEM.rows.map((r) => ({ id: r.id, label: r.label, over: r.parked_task.bytes - r.coro.bytes, alone: r.task_alone.bytes, objs: r.parked_task.objs - r.coro.objs }));
    const snaps = (R.mem && R.mem.snapshot) || {};
    const snapTask = Object.values(snaps)
      .map((s) => s.kinds.find((k) => k.kind === 'object:Task'))
      .filter(Boolean)[0];
    // Node: the heap snapshot's exact Task size where there is one; counters elsewhere.
    const figures = cells.map((c) => ({ ...c, exact: /^node/.test(c.id) && snapTask ? snapTask.bytes : null }));
    const eff = (c) => (c.exact !== null ? c.exact : c.over);
    const ok = figures.length ? figures.every((c) => eff(c) <= 64) : null;
    const f = MEM.fields || (MEM.rows.find((r) => r.fields && r.fields.length) || {}).fields || [];
    const nodeRows = figures.filter((c) => /^node/.test(c.id));
    const other = figures.filter((c) => !/^node/.test(c.id));
    targets.push([
      'Task overhead per parked task (beyond the coroutine) ≤ 64 bytes',
      [
        nodeRows.length ? `Node: ${snapTask ? `the Task object is ${bytes(snapTask.bytes)} (heap snapshot, exact); ` : ''}counters say ${nodeRows.map((c) => `${bytes(c.over)} (${c.label.replace(/^Node \(V8\), /, '')})`).join(', ')} per parked task over the coroutine` : '',
        ...other.map((c) => `${c.label}: ${bytes(c.over)}${/Espruino/.test(c.label) ? ` (${sig(c.objs)} vars)` : ''}`),
      ]
        .filter(Boolean)
        .join('; ') || '–',
      figures.length ? `${verdict(ok)}${ok ? '' : ` by ${bytes(Math.min(...figures.map(eff)) - 64)} at best (Node)`}` : verdict(null),
      `A Task has ${f.length} fields (${f.join(', ')}). On this Node (64-bit V8 without pointer compression) each is 8 bytes after a 24-byte header: 24 + ${f.length} x 8 = ${24 + 8 * f.length} B, so 64 B allows 5 fields; a V8 with pointer compression (as in Chrome) would take 12 + ${f.length} x 4 = ${12 + 4 * f.length} B${12 + 4 * f.length <= 64 ? ' (met there)' : ''}. On QuickJS the object header and the property array cost about as much again; on Espruino every property is at least one variable. MicroPython's own C node (py/pairheap.h) has 3 links (child, child_last, next, the last child's next pointing to the parent by a tag bit) where a JS object, which cannot tag a pointer, needs a 4th (ph_rightmost_parent).`,
    ]);
  }
  const T = R.timers || { rows: [] };
  {
    const cells = T.rows
      .map((r) => {
        const a = r.points.find((q) => q.n === 10);
        const b = r.points.find((q) => q.n === 100000);
        return a && b && a.ns && b.ns ? { label: r.label, r: b.ns / a.ns } : null;
      })
      .filter(Boolean);
    const bound = Math.log(100000) / Math.log(10);
    const ok = cells.length ? cells.every((c) => c.r <= bound) : null;
    const m = T.melds || [];
    const mr = m.length >= 2 ? m[m.length - 1].perStep / m[0].perStep : null;
    targets.push([
      `Flat cost from 10 to 100,000 sleeping tasks within a log factor (cost(100k) / cost(10) ≤ log 100k / log 10 = ${bound})`,
      cells.map((c) => `${c.label}: ${ratio(c.r)}`).join('; ') + (mr !== null ? `; pairing-heap melds per switch: ${m.map((x) => sig(x.perStep)).join(' → ')} (${ratio(mr)})` : ''),
      cells.length ? `${verdict(ok)}${ok ? '' : ` in time on ${cells.filter((c) => c.r > bound).map((c) => c.label).join('; ')} (met on ${cells.filter((c) => c.r <= bound).map((c) => c.label).join('; ') || 'none'})`}${mr !== null && mr <= bound ? '; met in work done (melds per switch)' : ''}` : verdict(null),
      ok
        ? ''
        : 'The work per switch grows as log N (the meld counts), but the time does not stay proportional: 100,000 parked tasks are tens of MB, far beyond the CPU caches, and each meld touches a task in a random place of the heap, so at 100k a meld is a cache miss (on the JIT; the interpreters hide it better behind their own per-operation cost).',
    ]);
  }
  const Z = R.sizes || { boards: [], core: [] };
  {
    const core = Z.core.find((r) => r.id === 'runtime');
    const b = core && core.cells.es5 && core.cells.es5.bytes;
    targets.push([
      'Runtime (asyncio core, es5, minified) < 8 KB',
      b ? `${num(b)} bytes (runtime alone on a null HAL; ${num(core.cells.es2016.bytes || 0)} as es2016)` : '–',
      b ? `${verdict(b < KB)}${b >= KB ? ` by ${num(b - KB)} bytes (${sig((100 * (b - KB)) / KB, 2)}%)` : ''}` : verdict(null),
      b && b >= KB
        ? (() => {
            const names = Z.coreNames || [];
            const exc = names.filter((n) => /(Error|Exception)$/.test(n));
            const others = ['IOQueue', 'PromiseWait', 'Loop', 'Coro', 'Event', 'Lock', 'ThreadSafeFlag', 'gather', 'wait_for'].filter((n) => names.includes(n));
            return `The minimal app keeps much more than run() needs: ${names.length} top-level names survive tree-shaking (list in §5)${exc.length ? `, among them ${exc.length} exception classes (${exc.join(', ')}), which the errors module builds with calls at load time that rollup must assume have side effects` : ''}${others.length ? `, and ${others.join(', ')}` : ''}. The core's es2016 build is smaller (no ES5 coroutine driver use, shorter syntax).`;
          })()
        : '',
    ]);
  }
  p('## Targets');
  p();
  p(table(['target', 'measured', 'verdict', 'why'], targets));
  p();
  if (A.retain.length) {
    const q = A.retain.filter((r) => r.id === 'quickjs-es2016' || r.id === 'quickjs-es5' || r.id === 'espruino-es5');
    const flat = q.every((r) => r.during[1].objs === r.during[2].objs && (!/QuickJS/.test(r.label) || r.during[1].malloc_count === r.during[2].malloc_count));
    const leak = q.filter((r) => retainFigures(r).perTask >= 1);
    p(`Retention (the issue: live objects and malloc counts must not grow): inside one run, with the same tasks alive, readings after 0, k/10 and k switches (${q.map((r) => `k = ${num(r.k)} on ${r.label}`).join(', ')}) ${flat ? '**do not grow** (met)' : '**grow** (missed)'}: ${q.map((r) => `${r.label} ${/Espruino/.test(r.label) ? 'vars' : 'objects'} ${r.during.map((m) => m.objs).join(' → ')}${/QuickJS/.test(r.label) ? `, mallocs ${r.during.map((m) => m.malloc_count).join(' → ')}` : ''}`).join('; ')}.${leak.length ? ` **But finished tasks are kept alive** (${leak.map((r) => `${r.label}: ${sig(retainFigures(r).perTask, 2)} ${/Espruino/.test(r.label) ? 'vars' : 'objects'} per finished task`).join('; ')}): see §4.` : ' Finished tasks are freed too (§4).'}`);
    p();
  }

  // ------------------------------------------------------------------------------- 1
  p(require('../kaluma.js').render(R.kaluma));
  p('## 1. Switch cost');
  p();
  p('N tasks, each doing R rounds of `await asyncio.sleep_ms(0)`; time per switch (R x N switches). The bare resume loop steps the same coroutines round-robin with no scheduler (`next()` on a native generator, `coro_resume()` on the ES5 `Coro`), which is the floor any scheduler pays.');
  p();
  const rowsOut = [];
  const addRow = (row) => {
    if (!row) return;
    rowsOut.push([
      row.label,
      ...NS.map((n) => {
        const q = pt(row, n);
        if (!q) return '–';
        if (q.ns === null) return 'failed';
        return `${ns(q.ns)}${q.n !== n ? ` (N=${num(q.n)})` : ''}`;
      }),
      (() => {
        const q = pt(row, 100) || pt(row, 1);
        return q && q.r ? `R=${num(q.r)}${q.reps ? `, best of ${q.reps}` : ''}` : '';
      })(),
    ]);
  };
  for (const r of S.rows) addRow(r);
  for (const r of S.native) addRow(r);
  p(table(['', 'N = 1', 'N = 100', 'N = 10,000', 'at N=100'], rowsOut));
  p();
  if (rowById('espruino-es5-sim')) p(`On Espruino the N = 10,000 column is measured with N = 1,000: 10,000 tasks need about half a million Espruino variables (~${sig((10000 * (MEM.rows.find((r) => r.id === 'espruino-es5') || { parked_task: { objs: 50 } }).parked_task.objs) / 1000, 2)}k vars), a hundred times a real board's memory, and over a minute of run time.`);
  p();
  // Ratios on Node.
  if (nat) {
    const rr = [];
    for (const id of ['node-es2016-sim', 'node-es5-sim', 'node-es2016-host', 'node-es5-host']) {
      const row = rowById(id);
      if (!row) continue;
      rr.push([row.label, ...NS.map((n) => (val(row, n) !== null && val(nat, n) !== null ? ratio(val(nat, n) / val(row, n)) : '–'))]);
    }
    const mt = rowById('native-microtask');
    p('How many times cheaper a switch is than the native Promise/setImmediate zero sleep (target ≥ 10x):');
    p();
    p(table(['', 'N = 1', 'N = 100', 'N = 10,000'], rr));
    p();
    if (mt) p(`For scale: \`await null\` (a microtask, which never lets timers or I/O run, so it is not a real zero sleep) costs ${NS.map((n) => `${ns(val(mt, n))}`).join(', ')} at N = 1, 100, 10,000.`);
    p();
  }
  // es2016 vs es5 at many tasks.
  {
    const a = val(rowById('node-es2016-sim'), 10000);
    const b = val(rowById('node-es5-sim'), 10000);
    const g = S.generators || [];
    const gs = (n, kind) => (g.find((x) => x.n === n && x.kind === kind) || {}).ns;
    if (a !== null && b !== null && a > 1.5 * b) {
      p(`At N = 10,000 the es5 bundle switches ${sig(a / b, 2)}x faster than the es2016 one on V8, and the bare resume loops show the same gap (${ns(val(rowById('node-es2016-bare'), 10000))} vs ${ns(val(rowById('node-es5-bare'), 10000))}): it is the native generators, not the scheduler.${gs(10000, 'per-call') ? ` TypeScript lowers \`async function f()\` to \`__awaiter(this, ..., function* () {...})\`, a new generator function per call, so every coroutine has its own prototype and map (§3) and the scheduler's \`f.next(v)\` meets as many maps as there are tasks. Measured here in plain Node: resuming 10,000 generators costs ${ns(gs(10000, 'per-call'))} each when every generator comes from its own generator function, ${ns(gs(10000, 'shared'))} when they share one (at N = 100: ${ns(gs(100, 'per-call'))} vs ${ns(gs(100, 'shared'))}). A build step that hoists each async function's generator function (one per function, not per call) would remove this, and most of the es2016 coroutine's memory with it.` : ''}`);
      p();
    }
  }
  // Host board.
  const hp = S.parts['node-es2016-host'];
  const sp = S.parts['node-es2016'];
  if (hp && sp) {
    p(`The host board is slower than the sim board because its clock is real: \`time.ticks_ms()\` costs ${ns(hp.ticks_ms)} there (\`performance.now()\`, and a boxed double, see §4) against ${ns(sp.ticks_ms)} on the sim, and every \`sleep_ms\` reads it; the pump also hands control back to Node every 20 ms with \`setTimeout(0)\`, which Node delays by at least 1 ms.`);
    p();
  }
  // Yardsticks and breakdown.
  const engineRows = [
    ['Node es2016', 'node-es2016', 'node-es2016-sim', 'node-es2016-bare'],
    ['Node es5', 'node-es5', 'node-es5-sim', 'node-es5-bare'],
    ['QuickJS es2016', 'quickjs-es2016', 'quickjs-es2016-sim', 'quickjs-es2016-bare'],
    ['QuickJS es5', 'quickjs-es5', 'quickjs-es5-sim', 'quickjs-es5-bare'],
    ['duktape es5', 'duk-es5', 'duk-es5-sim', 'duk-es5-bare'],
    ['Espruino es5', 'espruino-es5', 'espruino-es5-sim', 'espruino-es5-bare'],
    ['Espruino es5, esp32 bundle', 'espruino-es5-esp32', 'espruino-es5-esp32', 'espruino-es5-esp32-bare'],
  ];
  const br = [];
  for (const [label, pid, sid, bid] of engineRows) {
    const parts = S.parts[pid];
    const sw = val(rowById(sid), 100);
    const bare = val(rowById(bid), 100);
    if (!parts || sw === null) continue;
    const call = S.calls[pid];
    br.push([
      label,
      ns(sw),
      bare !== null ? `${ns(bare)} (${Math.round((100 * bare) / sw)}%)` : '–',
      `${ns(parts.queue)} (${Math.round((100 * parts.queue) / sw)}%)`,
      bare !== null ? `${ns(sw - bare - parts.queue)} (${Math.round((100 * (sw - bare - parts.queue)) / sw)}%)` : '–',
      ns(parts.sleep_ms),
      ns(parts.ticks_ms),
      call ? `${ns(call.ns)}; a switch = ${sig(sw / call.ns, 2)} calls` : /^node/.test(pid) ? '– (the JIT inlines it away)' : '–',
    ]);
  }
  if (br.length) {
    p('Where a switch goes, N = 100, sim board unless the row names another bundle (each piece timed alone in a loop, so the shares are approximate):');
    p();
    p(table(['', 'switch', 'coroutine resume (bare loop, includes the sleep_ms call)', 'queue pop + push (100 tasks)', 'the rest (run loop, run_one dispatch, idle poll)', 'sleep_ms(0) alone', 'ticks_ms() alone', 'empty function call'], br));
    p();
    p("duktape has no setTimeout, so the 0.4-of-setTimeout(0) target cannot be formed on it; the function-call column is the yardstick there instead (a switch costs that many calls of `function f(a) { return a + 1; }`).");
    p();
  }
  const FL = (S.floor || {})['espruino-es5-esp32'];
  if (FL) {
    const call = S.calls['espruino-es5-esp32'];
    const u = (x) => (call ? `${ns(x)} (${sig(x / call.ns, 2)} calls)` : ns(x));
    p(`One resume taken apart on Espruino (esp32 bundle; ${num(FL.k)} of each, best of 3, the empty loop's own ${ns(FL.loop)} subtracted from the body): the worker is \`for (let i = 0; i < r; i++) await asyncio.sleep_ms(0)\`, which TypeScript lowers to a \`switch (_a.label)\` state machine; in units of an empty function call${call ? ` (${ns(call.ns)})` : ''}:`);
    p();
    const rows = [
      ['the body alone: TypeScript\'s state machine, called directly, with its sleep_ms(0) call', u(FL.body)],
      ['sleep_ms(0) alone (included above)', u(FL.sleep_ms - FL.loop)],
      ['coro_resume(c): the body plus its driver (Coro, the [8] yield instruction)', u(FL.resume)],
      ['step(c): what the bare loop calls per task (plus one instanceof)', u(FL.step)],
    ];
    const CE = R.callgrindEspruino || {};
    p(table(['', 'per resume'], rows));
    p();
    if (CE.switch_n100 || CE.timeout) {
      const c = [];
      if (CE.switch_n100) c.push(['switch, esp32 bundle, N = 100', num(Math.round(CE.switch_n100.perOp)), num(CE.switch_n100.extra)]);
      if (CE.bare_n100) c.push(['bare resume loop (no scheduler), N = 100', num(Math.round(CE.bare_n100.perOp)), num(CE.bare_n100.extra)]);
      if (CE.timeout) c.push(['setTimeout(0) round trip', num(Math.round(CE.timeout.perOp)), num(CE.timeout.extra)]);
      if (CE.call) c.push(['an empty function call', num(Math.round(CE.call.perOp)), num(CE.call.extra)]);
      p('The same on Espruino in x86 instructions (`valgrind --tool=callgrind`, two runs of different lengths, the difference per extra operation), which the machine\'s load does not move. The setTimeout round trip\'s wall-clock time also includes the Linux build\'s idle loop (its sleep and clock system calls), which these counts leave out:');
      p();
      p(table(['', 'instructions per operation', 'extra operations between the two runs'], c));
      p();
    }
  }
  const CG = R.callgrind;
  if (CG && (CG.switch_n1 || CG.switch_n100)) {
    const c = [];
    if (CG.switch_n1) c.push(['switch, N = 1', num(Math.round(CG.switch_n1.perOp)), num(CG.switch_n1.extra)]);
    if (CG.switch_n100) c.push(['switch, N = 100', num(Math.round(CG.switch_n100.perOp)), num(CG.switch_n100.extra)]);
    if (CG.bare_n100) c.push(['bare resume (no scheduler), N = 100', num(Math.round(CG.bare_n100.perOp)), num(CG.bare_n100.extra)]);
    if (CG.switch_n100 && CG.bare_n100) c.push(['the scheduler\'s share, N = 100', `${num(Math.round(CG.switch_n100.perOp - CG.bare_n100.perOp))} (${Math.round((100 * (CG.switch_n100.perOp - CG.bare_n100.perOp)) / CG.switch_n100.perOp)}%)`, '']);
    if (CG.call) c.push(['an empty function call (yardstick)', num(Math.round(CG.call.perOp)), num(CG.call.extra)]);
    p(`Exact instruction counts per switch, es5 bundle under duktape (\`valgrind --tool=callgrind\`, ${CG.valgrind}): the difference of two runs of different lengths divided by the extra switches, so start-up and parsing cancel out.`);
    p();
    p(table(['', 'instructions per operation', 'extra operations between the two runs'], c));
    p();
  }

  // ------------------------------------------------------------------------------- 2
  p('## 2. Timer-queue scaling');
  p();
  p(`N tasks, each sleeping R times on a random deadline of 1 to ${T.span || 1000} ms (xorshift32 seeded with ${T.seed || 12345}, so every engine sees the same deadlines), on the sim board: the virtual clock jumps to the next deadline, so this is the queue's CPU cost with N tasks in it. Timed from the N-th to the N(R-1)-th wake-up, so that the queue holds about N tasks throughout.`);
  p();
  if (T.rows.length) {
    const bound = (n) => Math.log(n) / Math.log(10);
    const tr = T.rows.map((r) => {
      const base = r.points.find((q) => q.n === 10);
      return [
        r.label,
        ...[10, 1000, 100000].map((n) => {
          const q = r.points.find((x) => x.n === n);
          if (!q) return '–';
          if (q.ns === null) return q.skipped ? 'skipped' : 'failed';
          return `${ns(q.ns)} (${sig(1e9 / q.ns, 3)}/s)${n > 10 && base && base.ns ? `, ${ratio(q.ns / base.ns)}` : ''}`;
        }),
      ];
    });
    tr.push(['log N / log 10 (the allowed growth)', '1x', `${sig(bound(1000))}x`, `${sig(bound(100000))}x`]);
    if (T.melds && T.melds.length) tr.push(['pairing-heap melds per switch (counted, Node es2016)', ...[10, 1000, 100000].map((n) => {
      const m = T.melds.find((x) => x.n === n);
      return m ? sig(m.perStep) : '–';
    })]);
    p(table(['time per switch (switches per second), growth from N = 10', 'N = 10', 'N = 1,000', 'N = 100,000'], tr));
    p();
    if (T.meldsSwitch && T.meldsSwitch.length) {
      p(
        T.meldsSwitch.every((m) => m.perStep === 0)
          ? 'Melds per switch with `sleep_ms(0)` (§1): none at any N: tasks due at once skip the pairing heap (a FIFO list).'
          : `Melds per switch with \`sleep_ms(0)\` (§1: every key equal): ${T.meldsSwitch.map((m) => `${sig(m.perStep)} at N = ${num(m.n)}`).join(', ')}.`
      );
      p();
    }
    if (T.rows.find((r) => r.id === 'espruino-es5')) p('Espruino: up to 1,000 tasks (100,000 would need ~5M variables).');
    p();
  }

  // ------------------------------------------------------------------------------- 3
  p('## 3. Memory per parked task');
  p();
  p('Per task, from the engine\'s own counters, over N tasks: *coroutine* = an async function\'s coroutine stepped once by hand to its `await asyncio.sleep_ms(...)`, outside the scheduler; *Task alone* = `new Task(coro)` around it, not queued; *parked task* = `create_task()` + run until it waits in `sleep_ms` (coroutine + Task + anything the scheduler adds). Task overhead = parked task − coroutine.');
  p();
  if (MEM.rows.length) {
    p(table(
      ['', 'N', 'coroutine', 'Task alone', 'parked task', 'Task overhead (target ≤ 64 B)', 'objects per parked task'],
      MEM.rows.map((r) => [
        r.label,
        num(r.n),
        bytes(r.coro.bytes),
        bytes(r.task_alone.bytes),
        bytes(r.parked_task.bytes),
        bytes(r.parked_task.bytes - r.coro.bytes),
        r.parked_task.objs !== null && r.parked_task.objs !== undefined ? `${sig(r.parked_task.objs)}${/Espruino/.test(r.label) ? ' vars' : ''}` : '–',
      ])
    ));
    p();
    p(`Units: ${MEM.rows.map((r) => `${r.label}: ${r.unit}`).join('; ')}.`);
    p();
  }
  for (const [id, s] of Object.entries((R.mem && R.mem.snapshot) || {})) {
    p(`What one parked task is on V8, ${id} bundle (heap snapshots with ${num(s.n)} and 0 parked tasks, names kept; per task):`);
    p();
    p(table(['object', 'count', 'bytes'], [...s.kinds.map((k) => [k.kind.replace(/^object:/, '').replace(/^system \/ /, ''), sig(k.objs), bytes(k.bytes)]), ['total', '', bytes(s.kinds.reduce((a, k) => a + k.bytes, 0))]]));
    p();
    if (id === 'es2016' && s.kinds.some((k) => /PrototypeInfo|Map/.test(k.kind))) {
      p('The es2016 coroutine is heavy because of how TypeScript lowers `async function f()`: `return __awaiter(this, ..., function* () {...})` creates a NEW generator function per call, and the first call of each such function gives it its own prototype object (the second "Generator" object), with its own maps and PrototypeInfo. That is the coroutine\'s cost, not the Task\'s, but a build step that hoisted the generator function (one per async function, not per call) would save most of it.');
      p();
    }
  }

  // ------------------------------------------------------------------------------- 4
  p('## 4. Allocations per switch and retention');
  p();
  p('Bytes allocated per switch on V8: growth of the new space\'s used size (`v8.getHeapSpaceStatistics()`, after `gc()`, with a 64 MB new space so that no scavenge happens during a run) across a run of R₂ rounds minus one of R₁ rounds, divided by the extra switches (task creation cancels out); the same for the bare resume loop; medians of 3 after 3 warm-up rounds.');
  p();
  if (A.rows.length) {
    const ar = [];
    for (const r of A.rows) {
      for (const q of r.points) {
        if (q.sched === null) {
          ar.push([r.label, num(q.n), 'failed', '', '', '']);
          continue;
        }
        ar.push([r.label, num(q.n), `${sig(q.sched, 4)} B`, `${sig(q.bare, 4)} B`, `**${sig(q.diff, 2)} B**`, `${num(q.r1)} → ${num(q.r2)}${q.scavenged ? ' (a scavenge happened: figure unreliable)' : ''}`]);
      }
    }
    p(table(['Node', 'N', 'scheduler run', 'bare resume loop', 'scheduler itself (difference)', 'R₁ → R₂'], ar));
    p();
    const s16 = A.rows.find((r) => r.id === 'node-es2016-sim');
    const s5 = A.rows.find((r) => r.id === 'node-es5-sim');
    const h16 = A.rows.find((r) => r.id === 'node-es2016-host');
    const b16 = s16 && s16.points.find((q) => q.n === 100);
    const b5 = s5 && s5.points.find((q) => q.n === 100);
    const hb = h16 && h16.points.find((q) => q.n === 100);
    if (b16 && b5) {
      const is = (v, x) => Math.abs(v - x) < 0.5;
      p(`What the bare loop itself allocates is the coroutine's own cost: on es2016 ${sig(b16.bare, 3)} B per switch${is(b16.bare, 40) ? ', the `{value, done}` result object of each native generator `next()` (40 B on a 64-bit V8)' : ''}; on es5 ${sig(b5.bare, 3)} B${is(b5.bare, 96) ? ", the arrays TypeScript's state machine returns at each step of `for (...) await sleep_ms(0)`: a `[4, value]` for the await (64 B: the array and its 2-element store) and a `[3, label]` for the loop's jump back (32 B: its store is a shared constant); measured alone in a Node loop, these two literals allocate exactly 96 B" : ''}.`);
      p();
    }
    if (hb && b16 && (hb.diff > 1 || hb.bare - b16.bare > 1)) {
      p(`**Host board: the hot path allocates.** Its bare loop allocates ${sig(hb.bare - b16.bare, 2)} B more per switch than the sim's: the \`sleep_ms\` inside the coroutine reads the clock, and each \`ticks_ms()\` on hal/host.ts calls \`performance.now()\`, whose double result V8 boxes into a fresh HeapNumber. The scheduler itself adds ${sig(hb.diff, 2)} B per switch there${hb.diff > 1 ? ' (its own clock reads between tasks)' : ''}. Same on es5. (The pump's \`setTimeout\` re-arm every 20 ms is an allocation too, but per burst, not per switch.)`);
      p();
    }
  }
  if (A.retain.length) {
    p('Retention: memory counters inside ONE run, once every task has started, then k/10 and k switches later (the same tasks alive at all three points); then after each of several further runs of n tasks: finished tasks that are freed give a flat line or a saw-tooth (a sweep, a collector), kept ones a line rising with every task created (its slope: what each finished task keeps). Rows marked "tasks() called first" let the REPL\'s `asyncio.tasks()` walk the list of all tasks before each reading (it unlinks finished ones); the patched rows run on a copy of the bundle whose `TaskQueue.pop()` nulls all four heap links of the task it returns, or whose `sweep()` nulls the list link of each task it unlinks. These are checks of what keeps tasks alive, not changes to the runtime.');
    p();
    const rr = A.retain.map((r) => {
      const g = retainFigures(r);
      const unit = /Espruino/.test(r.label) ? 'vars' : 'objects';
      return [
        r.label,
        num(r.k),
        r.during.map((m) => m.objs).join(' → '),
        /QuickJS/.test(r.label) ? r.during.map((m) => m.malloc_count).join(' → ') : '–',
        `${num(g.tasks)} (${r.across.length - 1} runs of ${r.n})`,
        `${sig(g.lastAbove)} ${unit} (most: ${sig(g.maxAbove)})`,
        `**${sig(g.perTask, 2)}** ${unit} (${bytes(g.perTaskBytes)})`,
      ];
    });
    p(table(['', 'k switches', 'live objects (QuickJS) / vars (Espruino) after 0, k/10, k switches', 'malloc count after 0, k/10, k switches', 'tasks finished afterwards', 'live objects / vars above the first reading at the end', 'kept per finished task (slope)'], rr));
    p();
    const get = (id) => A.retain.find((r) => r.id === id);
    const slope = (r) => (r ? retainFigures(r).perTask : null);
    const kept = A.retain.filter((r) => !/called first/.test(r.label) && slope(r) >= 1);
    if (kept.length) {
      p(`**Finished tasks are kept alive**: ${kept.map((r) => `${r.label}: ${sig(slope(r), 2)} ${/Espruino/.test(r.label) ? 'vars' : 'objects'} (${bytes(retainFigures(r).perTaskBytes)}) per finished task`).join('; ')}.`);
      p();
      const esp = get('espruino-es5');
      const espP = get('espruino-es5-prune');
      const q = get('quickjs-es2016');
      const qP = get('quickjs-es2016-prune');
      const qPP = get('quickjs-es2016-prune-pop');
      if ((esp && slope(esp) >= 1 && espP && slope(espP) < 1) || (q && slope(q) >= 1 && qP && slope(qP) < 1)) {
        p("The list of all tasks (for the REPL's `tasks()`, src/asyncio/core.ts) keeps them: with `tasks()` called first, which unlinks the finished ones, they go.");
        p();
      }
      const q5 = get('quickjs-es5');
      const q5S = get('quickjs-es5-sweep');
      if (q5 && slope(q5) >= 1 && q && slope(q) < 1) {
        p(`Only the es5 build keeps them on QuickJS. Its coroutine is an ES5 \`Coro\` that keeps its state-machine closure after it has finished, here the main coroutine's array of its tasks, and the finished main task is kept by a reference cycle that reference counting cannot free (QuickJS collects cycles only when its malloc total crosses a threshold; Espruino's mark-and-sweep GC frees them, as its rows show): the list of all tasks (src/asyncio/core.ts, for the REPL's \`tasks()\`) links each task to the one created before it, and \`sweep()\` unlinks finished tasks from the list but leaves their own \`all_next\` pointing into it, so the first worker task points back at the main task that holds it.${q5S ? ` With \`sweep()\` also nulling that link (the patched row): ${sig(slope(q5S), 2)} objects per finished task.` : ''} The es2016 build shows nothing because a finished native generator drops its frame.`);
        p();
      }
      if (qP && slope(qP) >= 1 && qPP && slope(qPP) < 1) {
        p(`On QuickJS, with the list pruned, ${sig(slope(qP), 2)} objects per finished task still stay until QuickJS's cycle collector runs (only when the malloc total crosses its threshold): reference counting cannot free them because \`TaskQueue.pop()\` (src/asyncio/taskqueue.ts) clears only \`ph_child\` of a task it takes off the pairing heap and leaves \`ph_next\`, \`ph_child_last\` and \`ph_rightmost_parent\` pointing at other tasks, which point back: cycles between dead tasks. With those nulled too (the patched row): ${sig(slope(qPP), 2)}.`);
        p();
      }
    } else {
      p(`Finished tasks are freed: no slope of 1 ${A.retain.some((r) => /Espruino/.test(r.label)) ? 'object or var' : 'object'} or more per finished task on any row.`);
      p();
    }
    p('Switching itself retains nothing when the readings after k/10 and k switches are equal (the first interval may hold a one-off, e.g. a property the first reading created).');
    p();
  }

  // ------------------------------------------------------------------------------- 5
  p('## 5. Bundle size');
  p();
  p(`Minified bytes (esbuild, as \`npm run build\` makes them) of \`${Z.blink || 'examples/blink.ts'}\` and of the runtime alone (bench/apps/runtime.ts: imports asyncio, runs one coroutine), per board and target; boards whose HAL does not exist yet say so.`);
  p();
  if (Z.boards.length) {
    const cell = (c) => (!c ? '–' : c.bytes ? num(c.bytes) : `does not build: ${c.error.replace(/\|/g, '\\|').slice(0, 90)}`);
    p(table(['board', 'blink es5', 'blink es2016', 'runtime es5', 'runtime es2016'], Z.boards.map((r) => [r.board, cell(r.cells['blink-es5']), cell(r.cells['blink-es2016']), cell(r.cells['runtime-es5']), cell(r.cells['runtime-es2016'])])));
    p();
    p('On device and host boards the build also makes `asyncio`, `time`, `machine` and `pyb` REPL globals (src/globals.ts), which keeps every module whatever the app uses: hence blink ≈ the runtime alone there. The sim board has no REPL globals.');
    p();
  }
  if (Z.core.length) {
    p('The asyncio core alone, built on the smallest possible driver (bench/apps/null-hal.ts: a virtual clock, no pins), so that no board\'s HAL is counted:');
    p();
    const cell = (c) => (!c ? '–' : c.bytes ? `${num(c.bytes)}${c.bytes >= KB ? ` (${sig(c.bytes / 1024, 3)} KB)` : ''}` : `failed: ${c.error.slice(0, 80)}`);
    p(table(['', 'es5 (target < 8 KB)', 'es2016'], Z.core.map((r) => [r.label, cell(r.cells.es5), cell(r.cells.es2016)])));
    p();
    if (Z.coreNames) {
      p(`What the runtime-alone es5 bundle keeps (top-level names of the non-minified build): ${Z.coreNames.map((n) => `\`${n}\``).join(', ')}.`);
      p();
    }
  }

  // ------------------------------------------------------------------------------- 6
  p('## 6. Stream throughput');
  p();
  const ST = R.streams;
  if (!ST || !ST.rows.length) p('Not measured in this run (see the notes).');
  else {
    p(`Echo over 127.0.0.1: the client writes ${num(ST.bytes / (1024 * 1024))} MB in ${num(ST.chunk / 1024)} KB chunks (write + drain) while a reader counts what the server echoes back; best of ${ST.rows[0].raw.length}, the two alternating in the same run.`);
    p();
    const base = ST.rows.find((r) => /raw/.test(r.label));
    p(table(['', 'MB/s', 'vs raw `net`'], ST.rows.map((r) => [r.label, sig(r.mbs, 3), base ? `${sig(r.mbs / base.mbs, 2)}x` : '–'])));
  }
  p();

  // ------------------------------------------------------------------------------- 7
  p('## 7. Queue put/get');
  p();
  const QU = R.queue;
  if (!QU || !QU.rows.length) p('Not measured in this run (see the notes).');
  else {
    p('One `asyncio.Queue()`, nobody waiting: a `put_nowait` + `get_nowait` pair, and an `await q.put(x)` + `await q.get()` pair in one task (sim board bundles; best of 3). Bytes per pair: V8 new-space growth over one run after a warm-up (Node only).');
    p();
    const b = (x) => (x === null || x === undefined ? '–' : `${sig(x, 3)} B`);
    p(table(['', 'nowait pair', 'awaited pair', 'bytes per nowait pair', 'bytes per awaited pair'], QU.rows.map((r) => [r.label, ns(r.nowait), ns(r.awaited), b(r.nowait_bytes), b(r.awaited_bytes)])));
    p();
    p("The nowait pair allocates nothing (the items live in the queue's array). An awaited pair calls two async methods, and every call of an async function makes a coroutine object, as every call of a MicroPython `async def` makes a generator; the queue itself adds nothing. On Node the es5 build's coroutines (Coro objects) never escape the loop and V8 removes them, while the es2016 build's are native generators made from a new generator function per call (TypeScript's `__awaiter`, see §1), which stay. The interpreters (QuickJS, duktape, Espruino) pay for every coroutine: an awaited pair costs five to twelve nowait pairs there. No published put/get figures of MicroPython-async's queue were found to set beside these.");
  }
  p();

  // ------------------------------------------------------------------------------- 8
  p("## 8. What the seed's blink leaves to the app");
  p();
  {
    const rows = [];
    const E = R.footprint && R.footprint.espruino;
    if (E) rows.push([`Espruino ${R.espruinoVersion || ''} (Linux build), espruino-pico blink bundle (${num(E.bytes)} bytes) loaded from a file`, `${num(E.loaded - E.empty)} variables (${num(E.loaded)} in use against ${num(E.empty)} for an empty interpreter; ${E.blocksize} bytes each on this build)`, `${num(E.total - E.loaded)} of ${num(E.total)} variables on this build; an Espruino Pico has 5,100`]);
    const K = R.kaluma && !R.kaluma.skipped ? R.kaluma : null;
    const kh = K && K.heap;
    if (kh && kh.blink && kh.empty) {
      rows.push([
        `Kaluma 1.2.1, emulated Pico, pico blink bundle (${num(kh.blinkBytes)} bytes)`,
        `${sig((kh.blink.heapUsed - kh.empty.heapUsed) / 1024, 3)} KB of heap (§0)`,
        `${sig((kh.blink.heapTotal - kh.blink.heapUsed) / 1024, 3)} KB of ${sig(kh.blink.heapTotal / 1024, 4)} KB`,
      ]);
    }
    if (rows.length) {
      p(table(['', 'the runtime and blink take', 'left to the app'], rows));
      p();
      p("On Espruino the bundle's code is itself held in variables (strings of code), so most of the figure is code; the Linux build's variables are larger than a microcontroller's (12-16 bytes), so a Pico holds its code in more of them.");
    } else p('Not measured in this run (Espruino not present, Kaluma firmware not given).');
  }
  p();

  // ------------------------------------------------------------------------------- notes
  p('## Notes');
  p();
  const ns_ = [
    `Node has no pointer compression, so every pointer field is 8 bytes; embedded engines have 4-byte (or smaller) fields, and Espruino counts memory in fixed-size variables${(() => {
      const e = (R.mem && R.mem.rows.find((r) => /Espruino/.test(r.label))) || null;
      const bs = e && e.raw && e.raw[0] && e.raw[0].blocksize;
      return bs ? ` (${bs} bytes each on this Linux build; 12 to 16 on microcontrollers)` : '';
    })()}.`,
    'QuickJS runs as WebAssembly inside Node (quickjs-emscripten), so its times include the first-run tier-up of V8\'s WebAssembly compiler (hence several repetitions) and are slower than a native QuickJS.',
    'The Espruino figures come from its Linux build, which is much faster per operation than a microcontroller: read them as ratios (against its own setTimeout and function calls), not as device timings.',
    'callgrind counts instructions on valgrind\'s virtual CPU, which lacks AVX-512: libc\'s string and memory routines take other paths than natively, so absolute counts differ from the hardware\'s; they are stable and comparable with each other.',
  ];
  for (const n of ns_) p(`- ${n}`);
  for (const n of notes) p(`- ${n}`);
  p();
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The chart's data

// One color per engine and build in both panels.
const COLOR = {
  'node-es2016-sim': '#1f77b4',
  'node-es5-sim': '#d62728',
  'node-es2016-host': '#2ca02c',
  'quickjs-es2016-sim': '#17becf',
  'quickjs-es5-sim': '#ff7f0e',
  'duk-es5-sim': '#9467bd',
  'espruino-es5-sim': '#8c564b',
  'native-immediate': '#e377c2',
  'native-timeout': '#7f7f7f',
  'quickjs-native-microtask': '#bcbd22',
  'espruino-timeout': '#000000',
};

function svg(R) {
  const S = R.switch || { rows: [], native: [] };
  const T = R.timers || { rows: [] };
  const pick = ['node-es2016-sim', 'node-es5-sim', 'node-es2016-host', 'quickjs-es5-sim', 'duk-es5-sim', 'espruino-es5-sim', 'native-immediate', 'native-timeout', 'quickjs-native-microtask', 'espruino-timeout'];
  const all = [...S.rows, ...S.native];
  const series = [];
  for (const id of pick) {
    const r = all.find((x) => x.id === id);
    if (!r) continue;
    series.push({
      color: COLOR[id],
      name: r.label.replace(/^runtime, /, '').replace(', sim board', ' (sim)').replace(', host board', ' (host)').replace(' bundle', ''),
      points: r.points.map((q) => [q.n, q.ns]),
      dash: /native|timeout/.test(id) ? '6,3' : '',
    });
  }
  const tseries = T.rows.map((r) => ({ name: r.label, color: COLOR[`${r.id}-sim`], points: r.points.map((q) => [q.n, q.ns]) }));
  return {
    title: `Task-switch cost against task count (${R.machine.cpu}, Node ${R.machine.node}, ${R.machine.date.slice(0, 10)})`,
    panels: [
      { title: 'N tasks x await sleep_ms(0) (dashed: what users would write instead)', xlabel: 'tasks (N)', ylabel: 'time per switch', series },
      { title: 'N tasks sleeping on random deadlines (sim board)', xlabel: 'tasks (N)', ylabel: 'time per switch', series: tseries },
    ],
  };
}

module.exports = { report, svg };
