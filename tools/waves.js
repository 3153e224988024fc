"use strict";
// Pin traces of the sim board ([time in us, pin name, level], in time order) as a VCD file
// (IEEE 1364 value change dump: what logic analysers and GTKWave read; one 1-bit wire per pin)
// and as an SVG timing diagram.

function wires(trace) {
  const names = [];
  for (const [, name] of trace) if (!names.includes(name)) names.push(name);
  return names;
}

function toVcd(trace, { date = new Date().toUTCString(), end_us } = {}) {
  const names = wires(trace);
  // VCD identifiers: printable ASCII from '!'.
  const id = (i) => {
    let s = "";
    do {
      s += String.fromCharCode(33 + (i % 94));
      i = Math.floor(i / 94);
    } while (i > 0);
    return s;
  };
  const ids = new Map(names.map((n, i) => [n, id(i)]));
  const safe = (n) => n.replace(/[^A-Za-z0-9_]/g, "_");
  const out = [
    `$date ${date} $end`,
    "$version mpasyncio-ts sim board $end",
    "$timescale 1us $end",
    "$scope module board $end",
    ...names.map((n) => `$var wire 1 ${ids.get(n)} ${safe(n)} $end`),
    "$upscope $end",
    "$enddefinitions $end",
  ];
  const initial = new Map();
  let last = null;
  const body = [];
  for (const [t, name, v] of trace) {
    if (!initial.has(name) && t === 0) {
      initial.set(name, v);
      continue;
    }
    if (t !== last) {
      body.push(`#${t}`);
      last = t;
    }
    body.push(`${v}${ids.get(name)}`);
  }
  out.push("$dumpvars", ...names.map((n) => `${initial.has(n) ? initial.get(n) : "x"}${ids.get(n)}`), "$end");
  out.push(...body);
  if (end_us !== undefined && end_us !== last) out.push(`#${end_us}`);
  return out.join("\n") + "\n";
}

function toSvg(trace, { end_us, title = "sim board" } = {}) {
  const names = wires(trace);
  const end = Math.max(end_us || 0, trace.length ? trace[trace.length - 1][0] : 0, 1);
  const W = 1000,
    left = 70,
    row = 36,
    high = 22,
    top = 30;
  const x = (t) => left + (t / end) * (W - left - 10);
  const H = top + names.length * row + 30;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="monospace" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="18">${title}: ${(end / 1e6).toFixed(3)} s</text>`,
  ];
  names.forEach((name, i) => {
    const base = top + i * row + high + 4;
    let level = 0,
      t0 = 0,
      d = "";
    const seg = (t1) => {
      const y = base - level * high;
      d += `${d ? "L" : "M"}${x(t0).toFixed(2)},${y} L${x(t1).toFixed(2)},${y} `;
    };
    for (const [t, n, v] of trace) {
      if (n !== name) continue;
      if (t === 0 && t0 === 0 && !d) {
        level = v;
        continue;
      }
      seg(t);
      level = v;
      t0 = t;
    }
    seg(end);
    parts.push(`<text x="4" y="${base - 6}">${name}</text>`);
    parts.push(`<path d="${d.trim()}" fill="none" stroke="#1060c0" stroke-width="1.5"/>`);
  });
  // A time axis with about ten ticks.
  const step = Math.pow(10, Math.floor(Math.log10(end / 10)));
  const tick = [1, 2, 5, 10].map((k) => k * step).find((s) => end / s <= 12);
  const axis = top + names.length * row + 10;
  for (let t = 0; t <= end; t += tick) {
    parts.push(`<line x1="${x(t)}" y1="${top}" x2="${x(t)}" y2="${axis}" stroke="#ddd"/>`);
    parts.push(`<text x="${x(t) - 10}" y="${axis + 14}">${(t / 1000).toFixed(0)}ms</text>`);
  }
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

module.exports = { toVcd, toSvg };
