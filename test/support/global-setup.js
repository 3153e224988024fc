"use strict";
// Once per jest run, before any worker starts: a fresh bundle cache for this run (see "A bundle
// cache for the test suite" in tools/build.js). Workers and the processes they start inherit
// MPA_BUILD_CACHE, so each bundle is built once per run.
const fs = require("fs");
const path = require("path");

module.exports = () => {
  if (process.env.MPA_BUILD_CACHE) return;
  const dir = path.join(__dirname, "..", "..", "dist", ".build-cache", String(process.pid));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  process.env.MPA_BUILD_CACHE = dir;
  process.env.MPA_BUILD_CACHE_OWNER = String(process.pid);
};
