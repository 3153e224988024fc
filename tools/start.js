#!/usr/bin/env node
"use strict";
// npm start                 the seed's blink example on the host board, LEDs in the terminal
// npm start -- --sim        the same on the sim board: pin changes as text, dist/blink.vcd and
//                           dist/blink.svg (a timing diagram); further flash.sh options pass on
const { main } = require("./flash.js");

const argv = process.argv.slice(2);
const sim = argv.includes("--sim");
const rest = argv.filter((a) => a !== "--sim");
const args = sim
  ? [
      "sim",
      "examples/blink.ts",
      ...(rest.includes("--vcd") ? [] : ["--vcd", "dist/blink.vcd"]),
      ...(rest.includes("--svg") ? [] : ["--svg", "dist/blink.svg"]),
      ...rest,
    ]
  : ["host", "examples/blink.ts", ...rest];
process.chdir(require("path").resolve(__dirname, ".."));
main(args).then((code) => (process.exitCode = code));
