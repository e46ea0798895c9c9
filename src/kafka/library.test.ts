import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { libraryMismatch, readInstalled } from '../libraries/patched-library';
import { assertKafkajsLibrary, KAFKAJS, KAFKAJS_VERSION } from './library';

test('the installed kafkajs is the release the lab is written against, with its patch', () => {
  assert.equal(KAFKAJS_VERSION, '2.2.4');
  assert.doesNotThrow(() => assertKafkajsLibrary());
  const installed = readInstalled(KAFKAJS);
  assert.equal(installed.version, '2.2.4');
  assert.equal(installed.patchRevision, KAFKAJS.patchRevision);
});

test('another kafkajs release, or this one without the patch, is refused with what to do', () => {
  const other = libraryMismatch(KAFKAJS, { version: '2.2.3', patchRevision: undefined });
  assert.match(other?.message ?? '', /^The lab needs kafkajs 2\.2\.4 with the lab's fixes \(patches\/kafkajs\+2\.2\.4\.patch\), but kafkajs 2\.2\.3 is installed$/);
  assert.match(other?.hint ?? '', /npm ci/);
  assert.match(libraryMismatch(KAFKAJS, { version: '2.2.4', patchRevision: undefined })?.message ?? '', /kafkajs 2\.2\.4 is installed without them/);
  assert.match(libraryMismatch(KAFKAJS, { version: undefined, patchRevision: undefined })?.message ?? '', /kafkajs is not installed/);
});

/**
 * Runs `node` on `script` with kafkajs's package.json swapped for one saying `version` (a --require hook that
 * redirects only that one file), as if another kafkajs were installed.
 */
function withKafkajsVersion(version: string, nodeArgs: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafkajs-version-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'kafkajs', version }));
    // The patched file beside it, as in the real package: only the version differs.
    fs.mkdirSync(path.join(dir, path.dirname(KAFKAJS.markerFile)), { recursive: true });
    fs.copyFileSync(require.resolve(`kafkajs/${KAFKAJS.markerFile}`), path.join(dir, KAFKAJS.markerFile));
    const hook = path.join(dir, 'swap.js');
    fs.writeFileSync(
      hook,
      `const Module = require('module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'kafkajs/package.json' ? ${JSON.stringify(path.join(dir, 'package.json'))} : resolve.call(this, request, ...rest);
};`,
    );
    return spawnSync(process.execPath, ['--require', hook, ...nodeArgs], { encoding: 'utf8', cwd: path.join(__dirname, '..', '..', '..') });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a wrong kafkajs fails loudly at load: the lab CLI, the Kafka module and the job processes\' preload', () => {
  const cli = withKafkajsVersion('2.3.0', [path.join(__dirname, '..', '..', '..', 'bin', 'lab.js'), 'status']);
  assert.equal(cli.status, 1, cli.stderr);
  assert.match(cli.stderr, /^Error: The lab needs kafkajs 2\.2\.4 with the lab's fixes \(patches\/kafkajs\+2\.2\.4\.patch\), but kafkajs 2\.3\.0 is installed .*\n {2}what to do: Run `npm ci`/);
  const library = withKafkajsVersion('2.3.0', ['-e', `require(${JSON.stringify(path.join(__dirname, 'index.js'))})`]);
  assert.notEqual(library.status, 0);
  assert.match(library.stderr, /kafkajs 2\.3\.0 is installed/);
  const preload = withKafkajsVersion('2.2.5', ['--require', path.join(__dirname, 'preload.js'), '-e', '0']);
  assert.notEqual(preload.status, 0);
  assert.match(preload.stderr, /kafkajs 2\.2\.5 is installed/);
  // The same hook with the right version changes nothing: what failed above was the version.
  assert.equal(withKafkajsVersion('2.2.4', ['--require', path.join(__dirname, 'preload.js'), '-e', '0']).status, 0);
});
