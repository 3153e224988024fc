// A stand-in for an Espruino started with --telnet (its REPL on a TCP port), for flash.sh's
// offline test: answers every chunk with a prompt, as the REPL does, and writes all it
// received to a file. Usage: node fake_espruino_telnet.js <port> <out-file> <seconds>
"use strict";
const net = require("net");
const fs = require("fs");
const [port, file, seconds] = process.argv.slice(2);
let got = "";
const srv = net.createServer((c) => {
  c.on("data", (d) => {
    got += d.toString("latin1");
    fs.writeFileSync(file, got);
    c.write("\r\n>");
  });
  c.on("error", () => {});
});
srv.listen(Number(port), "127.0.0.1", () => process.stdout.write("listening\n"));
setTimeout(() => process.exit(0), Number(seconds) * 1000).unref();
process.on("SIGTERM", () => process.exit(0));
