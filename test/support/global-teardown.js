"use strict";
// Removes the run's bundle cache made by global-setup.js.
const fs = require("fs");

module.exports = () => {
  if (process.env.MPA_BUILD_CACHE_OWNER !== String(process.pid)) return;
  fs.rmSync(process.env.MPA_BUILD_CACHE, { recursive: true, force: true });
};
