"use strict";
// bench/results.md and the chart's data, from the figures bench/run.js collected (results.json).
// This file only lays figures out: the targets (TARGETS, each a bound and the figure it reads)
// and one table per section. How each figure is taken and why it is what it is: bench/README.md,
// written by hand.

const README = "README.md"; // (bench/README.md, from results.md beside it)
const KB = 8192; // the "8 KB" of the size target

// ---------------------------------------------------------------------------------------------
// Formatting

const finite = (v) => v !== null && v !== undefined && isFinite(v);
const sig = (v, d = 3) =>
  !finite(v) ? "–" : Math.abs(v) >= 10 ** d ? Math.round(v).toLocaleString("en-US") : Number(v.toPrecision(d)).toString();
const ns = (v) => (!finite(v) ? "–" : v >= 1e6 ? `${sig(v / 1e6)} ms` : v >= 1e3 ? `${sig(v / 1e3)} µs` : `${sig(v)} ns`);
const us = (v) => (!finite(v) ? "–" : `${Math.round(v).toLocaleString("en-US")} µs`);
const bytes = (v) => (!finite(v) ? "–" : `${sig(v)} B`);
const num = (v) => (!finite(v) ? "–" : v.toLocaleString("en-US"));
const ratio = (v) => (!finite(v) ? "–" : `${sig(v, 2)}x`);
const kb = (v) => `${(v / 1024).toFixed(1)} KB`;
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function table(head, rows) {
  const out = [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i === 0 ? ":---" : "---:")).join("|")}|`];
  for (const r of rows) out.push(`| ${r.join(" | ")} |`);
  return out.join("\n");
}

// A switch row's figure at N (a row's points may have been measured at a smaller N0).
const pt = (row, n) => (row ? row.points.find((p) => p.n0 === n || p.n === n) : undefined);
const val = (row, n, k = "ns") => {
  const p = pt(row, n);
  return p && finite(p[k]) ? p[k] : null;
};
const rowOf = (R, id) => {
  const S = R.switch || { rows: [], native: [] };
  return S.rows.find((r) => r.id === id) || S.native.find((r) => r.id === id);
};

// What a retention run says: after each of the runs of n tasks, the live objects (QuickJS) or
// vars (Espruino); the least-squares slope per finished task, and the most above the first
// reading (a bounded saw-tooth: a sweep or a collector; a leak: a line).
function retainFigures(r) {
  const ys = r.across.map((m) => m.objs);
  const bs = r.across.map((m) => m.bytes);
  const xs = ys.map((_, j) => j * r.n);
  const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
  const mx = mean(xs);
  const slope = (v) => {
    const my = mean(v);
    let a = 0;
    let b = 0;
    for (let j = 0; j < xs.length; j++) {
      a += (xs[j] - mx) * (v[j] - my);
      b += (xs[j] - mx) ** 2;
    }
    return b ? a / b : 0;
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
// The targets: what each issue asked, the figure, and whether it is met. measure(R) returns
// [measured, ok] (ok null: not measured in this run); `why` names the README section that
// explains the figure.

const ISSUE4_NS = [1, 100, 10000];

const TARGETS = [
  {
    name: "Kaluma (issue 8): switch ≤ 1,000 µs (es2016) and ≤ 1,500 µs (es5), emulated Pico",
    why: "0",
    measure: (R) => {
      const k = R.kaluma && !R.kaluma.skipped ? R.kaluma.switch : null;
      if (!k) return ["Kaluma firmware not given", null];
      const a = median(k.es2016);
      const b = median(k.es5);
      return [`es2016 ${us(a)}, es5 ${us(b)}`, a <= 1000 && b <= 1500];
    },
  },
  {
    name: "Kaluma (issue 8): the seed's blink keeps GP25 on ≤ 6.0 ms, period 705 ± 1.5 ms",
    why: "0",
    measure: (R) => {
      const b = R.kaluma && !R.kaluma.skipped ? R.kaluma.blink : null;
      if (!b || !b.widths.length) return ["Kaluma firmware not given", null];
      const w = Math.max(...b.widths);
      const per = b.periods;
      return [
        `on ${sig(Math.min(...b.widths))}-${sig(w)} ms, periods ${sig(Math.min(...per), 4)}-${sig(Math.max(...per), 4)} ms`,
        w <= 6 && per.every((x) => Math.abs(x - 705) <= 1.5),
      ];
    },
  },
  {
    name: "Espruino (issue 8): switch ≤ one setTimeout(0) round trip (esp32 bundle as flashed, 100 tasks)",
    why: "1",
    measure: (R) => {
      const s = val(rowOf(R, "espruino-es5-esp32"), 100);
      const t = val(rowOf(R, "espruino-timeout"), 1);
      if (s === null || t === null) return ["Espruino not present (ESPRUINO_BIN)", null];
      return [`${ns(s)} vs ${ns(t)}: ${ratio(s / t)}; cannot be met, see the floor in §1`, s <= t];
    },
  },
  {
    name: "Espruino-class (issue 4): switch ≤ 0.4 of a setTimeout(0) round trip, N = 1",
    why: "1",
    measure: (R) => {
      const s = val(rowOf(R, "espruino-es5-sim"), 1);
      const t = val(rowOf(R, "espruino-timeout"), 1);
      if (s === null || t === null) return ["Espruino not present (ESPRUINO_BIN)", null];
      return [`${ns(s)} vs ${ns(t)}: ${sig(s / t, 2)}`, s / t <= 0.4];
    },
  },
  ...["node-es2016-sim", "node-es5-sim"].map((id) => ({
    name: `Node (issue 4): switch ≥ 10x cheaper than a setImmediate zero sleep, ${id.replace(/^node-|-sim$/g, "")} sim board`,
    why: "1",
    measure: (R) => {
      const nat = rowOf(R, "native-immediate");
      const rs = ISSUE4_NS.map((n) => (val(rowOf(R, id), n) && val(nat, n) ? val(nat, n) / val(rowOf(R, id), n) : null));
      if (rs.every((r) => r === null)) return ["–", null];
      return [ISSUE4_NS.map((n, i) => `N=${num(n)}: ${ratio(rs[i])}`).join(", "), rs.every((r) => r === null || r >= 10)];
    },
  })),
  {
    name: "Zero scheduler allocations per switch (V8 new space, minus a bare resume loop), sim board",
    why: "4",
    measure: (R) => {
      const d = ((R.alloc && R.alloc.rows) || [])
        .filter((r) => /sim$/.test(r.id))
        .flatMap((r) => r.points.map((q) => q.diff).filter(finite));
      return d.length
        ? [`${sig(Math.min(...d), 2)} to ${sig(Math.max(...d), 2)} B per switch`, d.every((x) => Math.abs(x) < 1)]
        : ["–", null];
    },
  },
  {
    name: "Retention: live objects and mallocs do not grow with switches",
    why: "4",
    measure: (R) => {
      const q = ((R.alloc && R.alloc.retain) || []).filter((r) => !/prune/.test(r.id));
      if (!q.length) return ["–", null];
      const flat = q.every(
        (r) => r.during[1].objs === r.during[2].objs && (!/QuickJS/.test(r.label) || r.during[1].malloc_count === r.during[2].malloc_count),
      );
      const kept = q.filter((r) => retainFigures(r).perTask >= 1);
      return [
        `${q.map((r) => `${r.label}: ${r.during.map((m) => m.objs).join(" → ")}`).join("; ")}; finished tasks ${kept.length ? "kept" : "freed"}`,
        flat && !kept.length,
      ];
    },
  },
  {
    name: "Task overhead per parked task (beyond the coroutine) ≤ 64 bytes",
    why: "3",
    measure: (R) => {
      const rows = (R.mem && R.mem.rows) || [];
      if (!rows.length) return ["–", null];
      const over = rows.map((r) => [r.label, r.parked_task.bytes - r.coro.bytes]);
      return [over.map(([l, b]) => `${l}: ${bytes(b)}`).join("; "), over.every(([, b]) => b <= 64)];
    },
  },
  {
    name: "Timer queue: cost(100,000 sleeping tasks) / cost(10) ≤ log 100k / log 10 = 5",
    why: "2",
    measure: (R) => {
      const cells = ((R.timers && R.timers.rows) || [])
        .map((r) => {
          const a = val(r, 10);
          const b = val(r, 100000);
          return a && b ? [r.label, b / a] : null;
        })
        .filter(Boolean);
      const m = (R.timers && R.timers.melds) || [];
      const work =
        m.length >= 2 && finite(m[0].perStep) ? `; melds per switch (the work): ${ratio(m[m.length - 1].perStep / m[0].perStep)}` : "";
      return cells.length ? [cells.map(([l, x]) => `${l}: ${ratio(x)}`).join("; ") + work, cells.every(([, x]) => x <= 5)] : ["–", null];
    },
  },
  {
    name: "Queue (issue 12): no allocation per put_nowait/get_nowait pair (Node new space)",
    why: "7",
    measure: (R) => {
      const rows = ((R.queue && R.queue.rows) || []).filter((r) => /^Node/.test(r.label) && finite(r.nowait_bytes));
      return rows.length
        ? [rows.map((r) => `${r.label}: ${sig(r.nowait_bytes, 2)} B`).join("; "), rows.every((r) => r.nowait_bytes < 8)]
        : ["–", null];
    },
  },
  {
    name: "Footprint (issue 13): the pico blink's heap use at start ≤ 35 KB, emulated Pico",
    why: "8",
    measure: (R) => {
      const h = R.kaluma && !R.kaluma.skipped ? R.kaluma.heap : null;
      if (!h || !h.blink) return ["Kaluma firmware not given", null];
      const bare = h.bare ? `; with \`--repl none\` ${kb(h.bare.heapUsed)}` : "";
      return [`${kb(h.blink.heapUsed)}${bare}`, h.blink.heapUsed <= 35 * 1024];
    },
  },
  {
    name: "Footprint (issue 13): the espruino-pico blink adds ≤ 1,000 variables (Linux build, from a file)",
    why: "8",
    measure: (R) => {
      const E = R.footprint && R.footprint.espruino;
      if (!E) return ["Espruino not present (ESPRUINO_BIN)", null];
      return [`${num(E.loaded - E.empty)} variables`, E.loaded - E.empty <= 1000];
    },
  },
  {
    name: "Footprint (issue 13): the esp32 blink saved to flash adds ≤ 800 variables (Linux build)",
    why: "8",
    measure: (R) => {
      const E = R.footprint && R.footprint.espruinoEsp32;
      if (!E || E.saved === undefined) return ["Espruino not present (ESPRUINO_BIN)", null];
      return [`${num(E.saved - E.bootEmpty)} variables`, E.saved - E.bootEmpty <= 800];
    },
  },
  {
    name: "Runtime (asyncio core, es5, minified) < 8 KB",
    why: "5",
    measure: (R) => {
      const c = ((R.sizes && R.sizes.core) || []).find((r) => r.id === "runtime");
      const b = c && c.cells.es5 && c.cells.es5.bytes;
      return b ? [`${num(b)} bytes (es2016: ${num(c.cells.es2016.bytes)})`, b < KB] : ["–", null];
    },
  },
];

function targets(R) {
  const verdict = (ok) => (ok === null ? "**not measured**" : ok ? "**met**" : "**missed**");
  return table(
    ["target", "measured", "verdict", "why"],
    TARGETS.map((t) => {
      const [m, ok] = t.measure(R);
      return [t.name, m, verdict(ok), `[§${t.why}](${README}#s${t.why})`];
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// The sections: a heading, a line saying what the table holds, the table.

function machine(R) {
  const M = R.machine;
  const a = R.codeStart;
  const b = R.codeEnd;
  const d = (c) => (c.dirty.length ? ` + uncommitted changes to ${c.dirty.join(", ")}` : "");
  const same = a && b && a.head === b.head && a.hash === b.hash && a.dirty.join() === b.dirty.join();
  const code = !a
    ? "unknown (not a git checkout)"
    : `commit ${a.head}${d(a)}${same ? "" : `; **the code changed during the run** (at the end: ${b ? b.head + d(b) : "?"})`}`;
  return table(
    ["machine", ""],
    [
      ["CPU", `${M.cpu} (${M.cores} cores as seen by the OS, ${M.mem})`],
      ["OS", M.os],
      ["Node", `${M.node} (V8 ${M.v8})`],
      ["QuickJS", M.quickjs],
      ["duktape", M.duk],
      ["Espruino", M.espruino],
      [
        "load average (1 min) at the start / end",
        `${finite(R.loadBefore) ? R.loadBefore.toFixed(2) : M.load.split(" ")[0]} / ${R.loadAfter.toFixed(2)}`,
      ],
      ["bench run time", `${R.elapsed.toFixed(0)} s`],
      ["code measured", code],
    ],
  );
}

function switchCost(R) {
  const S = R.switch || { rows: [], native: [], calls: {}, parts: {}, floor: {} };
  const out = [];
  const cell = (row, n) => {
    const q = pt(row, n);
    return !q ? "–" : q.ns === null ? "failed" : `${ns(q.ns)}${q.n !== n ? ` (N=${num(q.n)})` : ""}`;
  };
  const reps = (row) => {
    const q = pt(row, 100) || pt(row, 1);
    return q && q.r ? `R=${num(q.r)}${q.reps ? `, best of ${q.reps}` : ""}` : "";
  };
  out.push(
    "N tasks, each doing R rounds of `await asyncio.sleep_ms(0)`: time per switch; the bare resume loop steps the same coroutines with no scheduler.",
  );
  out.push(
    "",
    table(
      ["", "N = 1", "N = 100", "N = 10,000", "at N=100"],
      [...S.rows, ...S.native].map((r) => [r.label, ...ISSUE4_NS.map((n) => cell(r, n)), reps(r)]),
    ),
  );
  const nat = rowOf(R, "native-immediate");
  if (nat) {
    const rr = ["node-es2016-sim", "node-es5-sim", "node-es2016-host", "node-es5-host"].map((id) => rowOf(R, id)).filter(Boolean);
    out.push("", "How many times cheaper than the setImmediate zero sleep (target ≥ 10x):", "");
    out.push(
      table(
        ["", "N = 1", "N = 100", "N = 10,000"],
        rr.map((row) => [row.label, ...ISSUE4_NS.map((n) => (val(row, n) && val(nat, n) ? ratio(val(nat, n) / val(row, n)) : "–"))]),
      ),
    );
  }
  const g = S.generators || [];
  const gen = (n, kind) => (g.find((x) => x.n === n && x.kind === kind) || {}).ns;
  if (g.length) {
    out.push(
      "",
      "Resuming native generators in plain Node, each from its own generator function (as TypeScript lowers `async function`) or all from one:",
      "",
    );
    out.push(
      table(
        ["", "N = 100", "N = 10,000"],
        ["per-call", "shared"].map((k) => [`generator function ${k}`, ns(gen(100, k)), ns(gen(10000, k))]),
      ),
    );
  }
  const engines = [
    ["Node es2016", "node-es2016", "node-es2016-sim", "node-es2016-bare"],
    ["Node es5", "node-es5", "node-es5-sim", "node-es5-bare"],
    ["QuickJS es2016", "quickjs-es2016", "quickjs-es2016-sim", "quickjs-es2016-bare"],
    ["QuickJS es5", "quickjs-es5", "quickjs-es5-sim", "quickjs-es5-bare"],
    ["duktape es5", "duk-es5", "duk-es5-sim", "duk-es5-bare"],
    ["Espruino es5", "espruino-es5", "espruino-es5-sim", "espruino-es5-bare"],
    ["Espruino es5, esp32 bundle", "espruino-es5-esp32", "espruino-es5-esp32", "espruino-es5-esp32-bare"],
  ];
  const pc = (x, sw) => `${ns(x)} (${Math.round((100 * x) / sw)}%)`;
  const br = engines
    .filter(([, pid, sid]) => S.parts[pid] && val(rowOf(R, sid), 100) !== null)
    .map(([label, pid, sid, bid]) => {
      const p = S.parts[pid];
      const sw = val(rowOf(R, sid), 100);
      const bare = val(rowOf(R, bid), 100);
      const call = S.calls[pid];
      return [
        label,
        ns(sw),
        bare !== null ? pc(bare, sw) : "–",
        pc(p.queue, sw),
        bare !== null ? pc(sw - bare - p.queue, sw) : "–",
        ns(p.sleep_ms),
        ns(p.ticks_ms),
        call ? `${ns(call.ns)}; a switch = ${sig(sw / call.ns, 2)} calls` : "–",
      ];
    });
  if (br.length) {
    out.push("", "Where a switch goes, N = 100 (each piece timed alone in a loop: the shares are approximate):", "");
    out.push(
      table(
        [
          "",
          "switch",
          "coroutine resume (bare loop)",
          "queue pop + push",
          "the rest",
          "sleep_ms(0) alone",
          "ticks_ms() alone",
          "empty function call",
        ],
        br,
      ),
    );
  }
  const F = (S.floor || {})["espruino-es5-esp32"];
  if (F) {
    const call = S.calls["espruino-es5-esp32"];
    const t = val(rowOf(R, "espruino-timeout"), 1);
    const u = (x) => (call ? `${ns(x)} (${sig(x / call.ns, 2)} calls)` : ns(x));
    out.push("", `One resume on Espruino taken apart (esp32 bundle, ${num(F.k)} of each, best of 3), the floor under any scheduler:`, "");
    const rows = [
      ["the body alone: TypeScript's state machine, with its sleep_ms(0) call", u(F.body)],
      ["sleep_ms(0) alone (included above)", u(F.sleep_ms - F.loop)],
      ["coro_resume(c): the body and its driver", u(F.resume)],
      ["step(c): what the bare loop calls per task", u(F.step)],
    ];
    if (t !== null) rows.push(["a setTimeout(0) round trip, less step(c): what is left for a scheduler", u(t - F.step)]);
    out.push(table(["", "per resume"], rows));
  }
  const cg = (C, label) => {
    const rows = [
      ["switch, N = 1", C.switch_n1],
      ["switch, N = 100", C.switch_n100],
      ["bare resume loop, N = 100", C.bare_n100],
      ["setTimeout(0) round trip", C.timeout],
      ["an empty function call", C.call],
    ].filter(([, x]) => x);
    if (!rows.length) return;
    out.push("", `${label} in instructions (callgrind: two runs of different lengths, the difference per extra operation):`, "");
    out.push(
      table(
        ["", "instructions per operation", "extra operations"],
        rows.map(([l, x]) => [l, num(Math.round(x.perOp)), num(x.extra)]),
      ),
    );
  };
  cg(R.callgrindEspruino || {}, "Espruino, esp32 bundle,");
  cg(R.callgrind || {}, `duktape, es5 sim bundle${R.callgrind && R.callgrind.valgrind ? ` (${R.callgrind.valgrind})` : ""},`);
  return out.join("\n");
}

function timers(R) {
  const T = R.timers || { rows: [] };
  if (!T.rows.length) return "Not measured in this run.";
  const Ns = [10, 1000, 100000];
  const rows = T.rows.map((r) => [
    r.label,
    ...Ns.map((n) => {
      const q = r.points.find((x) => x.n === n);
      const base = val(r, 10);
      if (!q) return "–";
      if (q.ns === null) return q.skipped ? "skipped" : "failed";
      return `${ns(q.ns)}${n > 10 && base ? `, ${ratio(q.ns / base)}` : ""}`;
    }),
  ]);
  rows.push(["log N / log 10 (the allowed growth)", "1x", "3x", "5x"]);
  const melds = (list, label) =>
    list && list.length && rows.push([label, ...Ns.map((n) => sig((list.find((x) => x.n === n) || {}).perStep))]);
  melds(T.melds, "pairing-heap melds per switch (Node es2016)");
  const ms = T.meldsSwitch || [];
  const zero = ms.length
    ? `\n\nPairing-heap melds per switch with \`sleep_ms(0)\` (§1): ${ms.map((m) => `${sig(m.perStep)} at N = ${num(m.n)}`).join(", ")}.`
    : "";
  return `N tasks, each sleeping on random deadlines of 1 to ${T.span || 1000} ms (xorshift32, seed ${T.seed || 12345}), sim board: time per switch and growth from N = 10.\n\n${table(["", "N = 10", "N = 1,000", "N = 100,000"], rows)}${zero}`;
}

function memory(R) {
  const MEM = R.mem || { rows: [] };
  const out = [];
  if (MEM.rows.length) {
    out.push(
      "Per task, from the engine's own counters: *coroutine* stepped by hand to its first await; *Task alone* around it; *parked task* = create_task() and run until it sleeps.",
      "",
    );
    out.push(
      table(
        ["", "N", "coroutine", "Task alone", "parked task", "Task overhead (≤ 64 B)", "objects per parked task"],
        MEM.rows.map((r) => [
          r.label,
          num(r.n),
          bytes(r.coro.bytes),
          bytes(r.task_alone.bytes),
          bytes(r.parked_task.bytes),
          bytes(r.parked_task.bytes - r.coro.bytes),
          finite(r.parked_task.objs) ? `${sig(r.parked_task.objs)}${/Espruino/.test(r.label) ? " vars" : ""}` : "–",
        ]),
      ),
    );
    out.push("", `Units: ${MEM.rows.map((r) => `${r.label}: ${r.unit}`).join("; ")}. A Task's fields: ${(MEM.fields || []).join(", ")}.`);
  }
  for (const [id, s] of Object.entries(MEM.snapshot || {})) {
    out.push("", `One parked task on V8, ${id} bundle (heap snapshots with ${num(s.n)} and 0 parked tasks):`, "");
    out.push(
      table(
        ["object", "count", "bytes"],
        [
          ...s.kinds.map((k) => [k.kind.replace(/^object:/, "").replace(/^system \/ /, ""), sig(k.objs), bytes(k.bytes)]),
          ["total", "", bytes(s.kinds.reduce((a, k) => a + k.bytes, 0))],
        ],
      ),
    );
  }
  return out.join("\n") || "Not measured in this run.";
}

function alloc(R) {
  const A = R.alloc || { rows: [], retain: [] };
  const out = [];
  if (A.rows.length) {
    out.push("Bytes allocated per switch on V8 (new-space growth between runs of R₁ and R₂ rounds, per extra switch; medians of 3):", "");
    const rows = A.rows.flatMap((r) =>
      r.points.map((q) =>
        q.sched === null
          ? [r.label, num(q.n), "failed", "", "", ""]
          : [
              r.label,
              num(q.n),
              `${sig(q.sched, 4)} B`,
              `${sig(q.bare, 4)} B`,
              `**${sig(q.diff, 2)} B**`,
              `${num(q.r1)} → ${num(q.r2)}${q.scavenged ? " (a scavenge happened: unreliable)" : ""}`,
            ],
      ),
    );
    out.push(table(["Node", "N", "scheduler run", "bare resume loop", "scheduler itself", "R₁ → R₂"], rows));
  }
  if (A.retain.length) {
    out.push(
      "",
      'Retention: counters after 0, k/10 and k switches of the same tasks, then after further runs of n tasks each ("tasks() called first": the REPL\'s list of tasks is walked before each reading):',
      "",
    );
    const rows = A.retain.map((r) => {
      const g = retainFigures(r);
      const unit = /Espruino/.test(r.label) ? "vars" : "objects";
      return [
        r.label,
        num(r.k),
        r.during.map((m) => m.objs).join(" → "),
        /QuickJS/.test(r.label) ? r.during.map((m) => m.malloc_count).join(" → ") : "–",
        `${num(g.tasks)} (${r.across.length - 1} runs of ${r.n})`,
        `${sig(g.lastAbove)} ${unit} (most: ${sig(g.maxAbove)})`,
        `**${sig(g.perTask, 2)}** ${unit} (${bytes(g.perTaskBytes)})`,
      ];
    });
    out.push(
      table(
        [
          "",
          "k switches",
          "objects / vars after 0, k/10, k switches",
          "mallocs after 0, k/10, k switches",
          "tasks finished afterwards",
          "above the first reading at the end",
          "kept per finished task (slope)",
        ],
        rows,
      ),
    );
  }
  return out.join("\n") || "Not measured in this run.";
}

function sizes(R) {
  const Z = R.sizes || { boards: [], core: [] };
  const out = [];
  if (Z.boards.length) {
    const cell = (c) => (!c ? "–" : c.bytes ? num(c.bytes) : `does not build: ${c.error.replace(/\|/g, "\\|").slice(0, 90)}`);
    out.push(
      `Minified bytes of \`${Z.blink || "examples/blink.ts"}\` and of the runtime alone (bench/apps/runtime.ts), per board and target:`,
      "",
    );
    out.push(
      table(
        ["board", "blink es5", "blink es2016", "runtime es5", "runtime es2016"],
        Z.boards.map((r) => [
          r.board,
          cell(r.cells["blink-es5"]),
          cell(r.cells["blink-es2016"]),
          cell(r.cells["runtime-es5"]),
          cell(r.cells["runtime-es2016"]),
        ]),
      ),
    );
  }
  if (Z.core.length) {
    const cell = (c) =>
      !c ? "–" : c.bytes ? `${num(c.bytes)}${c.bytes >= KB ? ` (${sig(c.bytes / 1024, 3)} KB)` : ""}` : `failed: ${c.error.slice(0, 80)}`;
    out.push("", "The asyncio core alone on the smallest driver (bench/apps/null-hal.ts):", "");
    out.push(
      table(
        ["", "es5 (target < 8 KB)", "es2016"],
        Z.core.map((r) => [r.label, cell(r.cells.es5), cell(r.cells.es2016)]),
      ),
    );
    if (Z.coreNames) out.push("", `Top-level names the runtime-alone es5 bundle keeps: ${Z.coreNames.map((n) => `\`${n}\``).join(", ")}.`);
  }
  return out.join("\n") || "Not measured in this run.";
}

function streams(R) {
  const ST = R.streams;
  if (!ST || !ST.rows.length) return "Not measured in this run (see the notes).";
  const base = ST.rows.find((r) => /raw/.test(r.label));
  return `Echo over 127.0.0.1: ${num(ST.bytes / (1024 * 1024))} MB in ${num(ST.chunk / 1024)} KB chunks (write + drain), best of ${ST.rows[0].raw.length}, alternating in the same run.\n\n${table(
    ["", "MB/s", "vs raw `net`"],
    ST.rows.map((r) => [r.label, sig(r.mbs, 3), base ? ratio(r.mbs / base.mbs) : "–"]),
  )}`;
}

function queue(R) {
  const QU = R.queue;
  if (!QU || !QU.rows.length) return "Not measured in this run (see the notes).";
  const b = (x) => (finite(x) ? `${sig(x, 3)} B` : "–");
  return `One \`asyncio.Queue()\`, nobody waiting: a put_nowait + get_nowait pair, and an await put() + await get() pair (sim bundles, best of 3; bytes: V8 new space, Node only).\n\n${table(
    ["", "nowait pair", "awaited pair", "bytes per nowait pair", "bytes per awaited pair"],
    QU.rows.map((r) => [r.label, ns(r.nowait), ns(r.awaited), b(r.nowait_bytes), b(r.awaited_bytes)]),
  )}`;
}

function footprint(R) {
  const rows = [];
  // Espruino's variables in use after loading the bundle from a file, and what a board of that
  // kind would have left (its variable count; the Linux build's own total grows on demand).
  const esp = [
    ["espruino-pico", R.footprint && R.footprint.espruino, 5100, "an Espruino Pico"],
    ["esp32", R.footprint && R.footprint.espruinoEsp32, 16383, "Espruino on an ESP32"],
  ];
  for (const [board, E, vars, who] of esp) {
    if (!E) continue;
    const used = E.loaded - E.empty;
    rows.push([
      `Espruino ${R.espruinoVersion || ""} (Linux build), ${board} blink (${num(E.bytes)} bytes) loaded from a file`,
      `${num(used)} variables (${E.blocksize} bytes each on this build)`,
      `${num(vars - used)} of the ${num(vars)} variables of ${who}, were they the same size`,
    ]);
    if (E.saved === undefined) continue;
    const saved = E.saved - E.bootEmpty;
    rows.push([
      `the same saved to flash (as flash.sh does) and run from there`,
      `${num(saved)} variables`,
      `${num(vars - saved)} of ${num(vars)}`,
    ]);
    if (E.ps === undefined) continue;
    rows.push([
      `then \`asyncio.ps()\` at its first use (it loads asyncio_inspect from Storage${E.psLines && E.psLines.length ? `: \`${E.psLines[0]}\` and ${E.psLines.length - 1} lines more` : ", and printed nothing"})`,
      `+${num(E.ps)} variables`,
      `${num(vars - saved - E.ps)} of ${num(vars)}`,
    ]);
  }
  const kh = R.kaluma && !R.kaluma.skipped && R.kaluma.heap;
  if (kh && kh.blink && kh.empty)
    rows.push([
      `Kaluma 1.2.1, emulated Pico, pico blink (${num(kh.blinkBytes)} bytes)`,
      `${kb(kh.blink.heapUsed - kh.empty.heapUsed)} of heap (§0)`,
      `${kb(kh.blink.heapTotal - kh.blink.heapUsed)} of ${kb(kh.blink.heapTotal)}`,
    ]);
  if (kh && kh.ps)
    rows.push([
      "then `asyncio.ps()` at its first use (it loads asyncio_inspect from the file system)",
      `+${num(kh.ps.after - kh.ps.before)} bytes of heap (§0)`,
      "",
    ]);
  if (kh && kh.bare && kh.empty)
    rows.push([
      `the same, built with \`--repl none\` (no REPL globals, ${num(kh.bareBytes)} bytes)`,
      `${kb(kh.bare.heapUsed - kh.empty.heapUsed)} of heap (§0)`,
      `${kb(kh.bare.heapTotal - kh.bare.heapUsed)} of ${kb(kh.bare.heapTotal)}`,
    ]);
  const kw = R.kaluma && !R.kaluma.skipped && R.kaluma.heapW;
  if (kw)
    rows.push([
      `Kaluma 1.2.1, emulated Pico W (its wireless chip absent), pico-w blink (${num(kw.blinkBytes)} bytes)`,
      `${kb(kw.blink.heapUsed - kw.empty.heapUsed)} of heap (§0)`,
      `${kb(kw.blink.heapTotal - kw.blink.heapUsed)} of ${kb(kw.blink.heapTotal)}`,
    ]);
  return rows.length
    ? table(["", "the runtime and blink take", "left to the app"], rows)
    : "Not measured in this run (Espruino not present, Kaluma firmware not given).";
}

const SECTIONS = [
  ["1. Switch cost", switchCost],
  ["2. Timer-queue scaling", timers],
  ["3. Memory per parked task", memory],
  ["4. Allocations per switch and retention", alloc],
  ["5. Bundle size", sizes],
  ["6. Stream throughput", streams],
  ["7. Queue put/get", queue],
  ["8. What the seed's blink leaves to the app", footprint],
];

function report(R, notes) {
  const out = [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\` (bench/run.js), all from ONE run${R.quick ? " (**a --quick run: small counts, a check of the bench, not figures**)" : ""}, ${R.machine.date}. How each figure is taken and what it means: [bench/README.md](${README}).`,
    "",
    machine(R),
    "",
    "![switch cost against task count](switch-cost.svg)",
    "",
    "## Targets",
    "",
    targets(R),
    "",
    require("../kaluma.js").render(R.kaluma),
  ];
  for (const [title, f] of SECTIONS) out.push(`## ${title}`, "", f(R), "");
  const all = [...notes];
  if (all.length) out.push("## Notes", "", ...all.map((n) => `- ${n}`), "");
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------------
// The chart's data

// One color per engine and build in both panels.
const COLOR = {
  "node-es2016-sim": "#1f77b4",
  "node-es5-sim": "#d62728",
  "node-es2016-host": "#2ca02c",
  "quickjs-es2016-sim": "#17becf",
  "quickjs-es5-sim": "#ff7f0e",
  "duk-es5-sim": "#9467bd",
  "espruino-es5-sim": "#8c564b",
  "native-immediate": "#e377c2",
  "native-timeout": "#7f7f7f",
  "quickjs-native-microtask": "#bcbd22",
  "espruino-timeout": "#000000",
};

function svg(R) {
  const S = R.switch || { rows: [], native: [] };
  const T = R.timers || { rows: [] };
  const pick = [
    "node-es2016-sim",
    "node-es5-sim",
    "node-es2016-host",
    "quickjs-es5-sim",
    "duk-es5-sim",
    "espruino-es5-sim",
    "native-immediate",
    "native-timeout",
    "quickjs-native-microtask",
    "espruino-timeout",
  ];
  const all = [...S.rows, ...S.native];
  const series = [];
  for (const id of pick) {
    const r = all.find((x) => x.id === id);
    if (!r) continue;
    series.push({
      color: COLOR[id],
      name: r.label
        .replace(/^runtime, /, "")
        .replace(", sim board", " (sim)")
        .replace(", host board", " (host)")
        .replace(" bundle", ""),
      points: r.points.map((q) => [q.n, q.ns]),
      dash: /native|timeout/.test(id) ? "6,3" : "",
    });
  }
  const tseries = T.rows.map((r) => ({ name: r.label, color: COLOR[`${r.id}-sim`], points: r.points.map((q) => [q.n, q.ns]) }));
  return {
    title: `Task-switch cost against task count (${R.machine.cpu}, Node ${R.machine.node}, ${R.machine.date.slice(0, 10)})`,
    panels: [
      {
        title: "N tasks x await sleep_ms(0) (dashed: what users would write instead)",
        xlabel: "tasks (N)",
        ylabel: "time per switch",
        series,
      },
      { title: "N tasks sleeping on random deadlines (sim board)", xlabel: "tasks (N)", ylabel: "time per switch", series: tseries },
    ],
  };
}

module.exports = { report, svg, TARGETS };
