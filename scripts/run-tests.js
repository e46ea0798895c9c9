#!/usr/bin/env node
'use strict';
/**
 * The test command behind `npm test` (and so behind .ci/run): after `npm run build` it
 *   1. finds the compiled tests: unit tests beside the code (dist/src/**\/*.test.js) and in dist/test/architecture/
 *      (the import layers), and the tiers under
 *      dist/test/<tier>/ (integration, notebooks, browser, chaos), which need the real stack;
 *   2. brings a dedicated lab up (test-output/lab, or LAB_TEST_HOME) when any tier needs it — never the lab
 *      LAB_HOME points at: the tests fill it with their data and stop it at the end;
 *   3. runs the test files one at a time (they share the stack) in one `node --test` run, and the chaos tier
 *      in a second one after it; with two runs, a last line sums them up ("tests: N passed, N failed");
 *   4. always stops the lab it started, by pid, even when tests fail or are interrupted.
 *
 *   node scripts/run-tests.js            everything
 *   node scripts/run-tests.js --unit     unit tests only (no services)
 *   node scripts/run-tests.js <substr>   only test files whose path contains <substr>
 */
const { spawnSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((a) => !a.startsWith('--'));

function walk(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

// Tests that need no services: beside the code, and the architecture checks over the whole tree (test/architecture).
const unit = [...walk(path.join(dist, 'src')), ...walk(path.join(dist, 'test', 'architecture'))];
const stackTiers = unitOnly ? [] : ['integration', 'notebooks', 'browser', 'chaos'].flatMap((t) => walk(path.join(dist, 'test', t)));
const pick = (files) => (filters.length ? files.filter((f) => filters.some((s) => f.includes(s))) : files);
// Unit tests first (dist/src sorts before dist/test): a broken parser should fail in seconds, not after the
// stack has started. The chaos tier last, in a run of its own (node orders a run's files by path): it kills and
// restarts the services the other tiers share.
const isChaos = (f) => f.includes(`${path.sep}test${path.sep}chaos${path.sep}`);
const files = [...pick(unit), ...pick(stackTiers)].sort();
if (files.length === 0) {
  console.error('No test files found. Did `npm run build` run?');
  process.exit(1);
}

const env = { ...process.env };
env.LAB_HOME = env.LAB_TEST_HOME || path.join(root, 'test-output', 'lab');
const lab = (cmd) => spawnSync(process.execPath, [path.join(root, 'bin', 'lab.js'), ...cmd], { stdio: 'inherit', env });
const needsStack = files.some((f) => !unit.includes(f));

let stopped = false;
function stopLab() {
  if (!needsStack || stopped) return;
  stopped = true;
  console.log('# stopping the test lab');
  lab(['down']);
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopLab();
    process.exit(130);
  });
}

if (needsStack) {
  console.log(`# bringing the test lab up (LAB_HOME=${env.LAB_HOME})`);
  const upResult = lab(['up']);
  if (upResult.status !== 0) {
    stopLab();
    console.error('The lab did not come up; integration tests cannot run. The error above says why.');
    process.exit(1);
  }
}

/** One `node --test` run; resolves to its exit code and the pass/fail counts of its summary. */
function runTests(list) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', '--test-concurrency=1', ...list], { stdio: ['inherit', 'pipe', 'inherit'], env, cwd: root });
    let tail = '';
    const counts = { pass: 0, fail: 0 };
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (tail + chunk.toString()).split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^# (pass|fail) (\d+)$/.exec(line);
        if (m) counts[m[1]] = Number(m[2]);
      }
    });
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), ...counts }));
  });
}

(async () => {
  const runs = [files.filter((f) => !isChaos(f)), files.filter(isChaos)].filter((list) => list.length > 0);
  const results = [];
  for (const list of runs) results.push(await runTests(list));
  stopLab();
  const passed = results.reduce((n, r) => n + r.pass, 0);
  const failed = results.reduce((n, r) => n + r.fail, 0);
  // Both runs in one closing line, for whoever reads only the end.
  if (results.length > 1) console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(results.find((r) => r.code !== 0)?.code ?? 0);
})();
