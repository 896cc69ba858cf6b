#!/usr/bin/env node
// The `headroom` command. It runs the TypeScript sources through tsx, so `npx headroom ...` works in a fresh
// clone right after `npm install`, with no build step.
'use strict';
const path = require('node:path');
require('tsx/cjs/api').register();
const { main } = require(path.join(__dirname, '..', 'src-main', 'cli', 'main.ts'));
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`headroom: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
