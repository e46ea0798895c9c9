#!/usr/bin/env node
'use strict';
// The `lab` command. The TypeScript sources are compiled to dist/ by `npm run build` (npm start and npm test do it).
try {
  require('../dist/src/cli/main.js').run();
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('dist/src/cli/main.js')) {
    console.error('Error: clickstream-lab is not built yet.\n  what to do: run `npm ci && npm run build` in the checkout, then retry.');
    process.exitCode = 1;
  } else if (err && typeof err.hint === 'string') {
    // A check that runs while the lab loads (a client library of the wrong version): its message and what to do.
    console.error(require('../dist/src/cli/output.js').formatError(err));
    process.exitCode = 1;
  } else {
    throw err;
  }
}
