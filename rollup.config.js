// The build, for people who know rollup: the same pipeline as `npm run build` (tools/build.js
// defines it once: module names, TypeScript, the ES5 passes, terser), writing the same bytes
// to the same file (dist/<board>/<app>.js):
//
//   npx rollup -c --environment BOARD:esp32,APP:examples/blink.ts
//   npx rollup -c --environment BOARD:host,APP:examples/blink.ts,TARGET:es2016,MINIFY:false
//   npx rollup -c -w --environment BOARD:sim,APP:app.ts      (rebuilds on every save)
//
// The board's size limit and the flashing are flash.sh's (./flash.sh <board> <app.ts>).
const { configFor } = require("./tools/build.js");

module.exports = () => configFor(process.env);
