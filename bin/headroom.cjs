#!/usr/bin/env node
// The `headroom` command. It runs the TypeScript sources through tsx, so `npx headroom ...` works in a fresh
// clone right after `npm install`, with no build step.
'use strict';
const path = require('node:path');

function fail(err) {
  process.stderr.write(`headroom: ${err && err.stack ? err.stack : String(err)}\n`);
  process.exitCode = 1;
}

let main;
try {
  require('tsx/cjs/api').register();
  ({ main } = require(path.join(__dirname, '..', 'src-main', 'cli', 'main.ts')));
} catch (err) {
  // A load failure would otherwise print tsx's minified source around the error.
  fail(err);
}
if (main) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  }, fail);
}
