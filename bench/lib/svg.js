"use strict";
// A small log-log line chart as SVG text (no dependency): panels side by side, each with
// series of [x, y] points. Points with a null y are left out.

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];
const DASHES = ["", "6,3", "2,3", "8,3,2,3"];

function esc(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function fmt(v) {
  if (v >= 1e6) return `${v / 1e6}M`;
  if (v >= 1e3) return `${v / 1e3}k`;
  return String(v);
}

function fmtTime(ns) {
  if (ns >= 1e6) return `${ns / 1e6} ms`;
  if (ns >= 1e3) return `${ns / 1e3} µs`;
  return `${ns} ns`;
}

/**
 * @param {object} o
 * @param {string} o.title
 * @param {{title: string, xlabel: string, ylabel: string,
 *          series: {name: string, points: [number, number|null][]}[]}[]} o.panels
 * @returns {string}
 */
function chart({ title, panels }) {
  const PW = 520; // panel width
  const PH = 360;
  const M = { l: 70, r: 20, t: 30, b: 50 };
  const LEG = 18; // legend line height
  // One legend below every panel, with all the names of that panel.
  const legendRows = Math.max(...panels.map((p) => p.series.length));
  const W = panels.length * (PW + M.l + M.r) + 20;
  const H = 40 + M.t + PH + M.b + legendRows * LEG + 20;
  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${W / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${esc(title)}</text>`);
  panels.forEach((panel, pi) => {
    const ox = 10 + pi * (PW + M.l + M.r) + M.l;
    const oy = 40 + M.t;
    const pts = [];
    for (const s of panel.series) for (const p of s.points) if (p[1] !== null && p[1] > 0) pts.push(p);
    if (pts.length === 0) return;
    const lx0 = Math.floor(Math.log10(Math.min(...pts.map((p) => p[0]))));
    const lx1 = Math.ceil(Math.log10(Math.max(...pts.map((p) => p[0]))));
    const ly0 = Math.floor(Math.log10(Math.min(...pts.map((p) => p[1]))));
    const ly1 = Math.ceil(Math.log10(Math.max(...pts.map((p) => p[1]))));
    const X = (x) => ox + ((Math.log10(x) - lx0) / Math.max(1, lx1 - lx0)) * PW;
    const Y = (y) => oy + PH - ((Math.log10(y) - ly0) / Math.max(1, ly1 - ly0)) * PH;
    out.push(`<text x="${ox + PW / 2}" y="${oy - 10}" text-anchor="middle" font-size="14">${esc(panel.title)}</text>`);
    // Grid and ticks at powers of ten.
    for (let e = lx0; e <= lx1; e++) {
      const x = X(10 ** e);
      out.push(`<line x1="${x}" y1="${oy}" x2="${x}" y2="${oy + PH}" stroke="#ddd"/>`);
      out.push(`<text x="${x}" y="${oy + PH + 16}" text-anchor="middle">${fmt(10 ** e)}</text>`);
    }
    for (let e = ly0; e <= ly1; e++) {
      const y = Y(10 ** e);
      out.push(`<line x1="${ox}" y1="${y}" x2="${ox + PW}" y2="${y}" stroke="#ddd"/>`);
      out.push(`<text x="${ox - 6}" y="${y + 4}" text-anchor="end">${fmtTime(10 ** e)}</text>`);
    }
    out.push(`<rect x="${ox}" y="${oy}" width="${PW}" height="${PH}" fill="none" stroke="#333"/>`);
    out.push(`<text x="${ox + PW / 2}" y="${oy + PH + 36}" text-anchor="middle">${esc(panel.xlabel)}</text>`);
    out.push(
      `<text x="${ox - 56}" y="${oy + PH / 2}" text-anchor="middle" transform="rotate(-90 ${ox - 56} ${oy + PH / 2})">${esc(panel.ylabel)}</text>`,
    );
    panel.series.forEach((s, si) => {
      const color = s.color || COLORS[si % COLORS.length];
      const dash = s.dash !== undefined ? s.dash : DASHES[Math.floor(si / COLORS.length) % DASHES.length];
      const ps = s.points.filter((p) => p[1] !== null && p[1] > 0);
      if (ps.length > 1) {
        const d = ps.map((p, i) => `${i ? "L" : "M"}${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join(" ");
        out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`);
      }
      for (const p of ps) out.push(`<circle cx="${X(p[0]).toFixed(1)}" cy="${Y(p[1]).toFixed(1)}" r="3.5" fill="${color}"/>`);
      const ly = oy + PH + M.b + 8 + si * LEG;
      out.push(
        `<line x1="${ox}" y1="${ly}" x2="${ox + 28}" y2="${ly}" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`,
      );
      out.push(`<circle cx="${ox + 14}" cy="${ly}" r="3.5" fill="${color}"/>`);
      out.push(`<text x="${ox + 36}" y="${ly + 4}">${esc(s.name)}</text>`);
    });
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

module.exports = { chart };
