#!/usr/bin/env node
'use strict';
// npm run repl [-- <app.ts>]: a Node REPL on the host board with the runtime loaded, as the
// serial REPL of a flashed device: asyncio, time, machine and pyb are globals, the app (if
// any) runs in the background, and asyncio.ps(), stats(), halt(), resume() look at it.
const fs = require('fs');
const os = require('os');
const path = require('path');
const repl = require('repl');
const { build } = require('./build.js');

async function main() {
  const app = process.argv[2];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mpa-repl-'));
  let input = app ? path.resolve(process.env.INIT_CWD || process.cwd(), app) : path.join(tmp, 'repl.ts');
  if (!app) fs.writeFileSync(input, '// the runtime alone\nexport {};\n');
  const r = await build({ board: 'host', input, out: path.join(tmp, 'bundle.js') });
  require(r.file);
  console.log(`host board REPL${app ? ` running ${app}` : ''}: asyncio, time, machine, pyb are loaded.`);
  console.log('Try: asyncio.ps()  asyncio.stats()  asyncio.tasks()[0].cancel()  asyncio.halt()  asyncio.resume()');
  const server = repl.start({ prompt: '>>> ', useGlobal: true });
  server.on('exit', () => process.exit(0));
}

main().catch((e) => {
  console.error(`repl: ${e.message}`);
  process.exit(1);
});
