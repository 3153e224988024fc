#!/usr/bin/env node
"use strict";
// Prints the conformance results (dist/conformance/results.json, written by
// test/conformance.test.ts) as a Markdown table for the README:
//
//   node tools/conformance-table.js [results.json]
//
// One row per MicroPython test, one column per engine/target; a last row counts the passes.
// pass: the app printed exactly the test's expected output; fail: it did not (or did not
// build/run); known: a documented difference (see KNOWN_DIFFERENCES in the test).

const fs = require("fs");
const path = require("path");

const DEFAULT = path.join(__dirname, "..", "dist", "conformance", "results.json");
const MARK = { pass: "✅", fail: "❌", known: "⚠️" };

function table(doc) {
  const engines = doc.engines;
  const lines = [];
  lines.push(`| test | ${engines.join(" | ")} |`);
  lines.push(`| --- | ${engines.map(() => ":---:").join(" | ")} |`);
  for (const test of doc.tests) {
    const row = engines.map((e) => {
      const o = doc.results[test] && doc.results[test][e];
      return o ? MARK[o.status] || o.status : "–";
    });
    lines.push(`| ${test} | ${row.join(" | ")} |`);
  }
  const totals = engines.map((e) => {
    const s = doc.summary[e];
    return s ? `${s.pass}/${s.total}` : "–";
  });
  lines.push(`| **passed** | ${totals.join(" | ")} |`);
  const notes = [];
  const known = doc.known_differences || {};
  for (const test of Object.keys(known)) {
    const k = known[test];
    notes.push(`- ${test}${k.engines ? ` (${k.engines.join(", ")})` : ""}: ${k.reason}`);
  }
  let out = lines.join("\n") + "\n";
  if (notes.length) out += `\n${MARK.known} known differences:\n${notes.join("\n")}\n`;
  return out;
}

function main(argv) {
  const file = argv[0] ? path.resolve(argv[0]) : DEFAULT;
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    process.stderr.write(`conformance-table: cannot read ${file}: ${err.message}\n(run \`npx jest test/conformance.test.ts\` first)\n`);
    return 1;
  }
  process.stdout.write(table(doc));
  return 0;
}

module.exports = { table };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
