"use strict";
// What a parked task is made of on V8: runs a (non-minified, names kept) sim-board bench
// bundle in "park" mode with n tasks left parked in sleep_ms, takes a heap snapshot and prints
// the count and self size of every kind of object ("type:name"), as one line `SNAP {json}`.
// bench/run.js runs it for n = 0 and n = N and divides the difference by N.
//   node --expose-gc bench/lib/snapshot.js <bundle.js> <n> <dir for the snapshot file>
const fs = require("fs");
const path = require("path");
const v8 = require("v8");
const vm = require("vm");

const [file, nArg, dir] = process.argv.slice(2);
const n = Number(nArg);
vm.runInThisContext(`var __bench = {mode: "park", n: ${n}};\n` + fs.readFileSync(file, "utf8"), { filename: file });
gc();
gc();
const snapFile = v8.writeHeapSnapshot(path.join(dir, `park-${process.pid}.heapsnapshot`));
const snap = JSON.parse(fs.readFileSync(snapFile, "utf8"));
fs.unlinkSync(snapFile);
const meta = snap.snapshot.meta;
const F = meta.node_fields.length;
const types = meta.node_types[0];
const iType = meta.node_fields.indexOf("type");
const iName = meta.node_fields.indexOf("name");
const iSize = meta.node_fields.indexOf("self_size");
const kinds = {};
for (let i = 0; i < snap.nodes.length; i += F) {
  const type = types[snap.nodes[i + iType]];
  // Strings and code are named by their content: group them by type only.
  const name =
    type === "object" || type === "closure" || type === "array" || type === "object shape"
      ? snap.strings[snap.nodes[i + iName]].slice(0, 60)
      : "";
  const k = `${type}:${name}`;
  const e = kinds[k] || (kinds[k] = [0, 0]);
  e[0]++;
  e[1] += snap.nodes[i + iSize];
}
console.log("SNAP " + JSON.stringify(kinds));
