import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { DependencyError } from '../errors';
import { assertKafkajsVersion, KAFKAJS_VERSION, kafkajsVersionProblem } from './library';

test('the installed kafkajs is the release the lab is written against', () => {
  assert.equal(KAFKAJS_VERSION, '2.2.4');
  assert.doesNotThrow(() => assertKafkajsVersion());
  assert.equal(kafkajsVersionProblem('2.2.4'), undefined);
});

test('another kafkajs release, or none, is refused with the expected version named', () => {
  const err = kafkajsVersionProblem('2.2.3');
  assert.ok(err instanceof DependencyError);
  assert.equal(err.message, 'Expected kafkajs 2.2.4, found 2.2.3 in node_modules');
  assert.match(err.hint ?? '', /npm ci/);
  assert.match(kafkajsVersionProblem(undefined)?.message ?? '', /Expected kafkajs 2\.2\.4, found no kafkajs/);
});

/**
 * Runs `node` on `script` with kafkajs's package.json swapped for one saying `version` (a --require hook that
 * redirects only that one file), as if another kafkajs were installed.
 */
function withKafkajsVersion(version: string, nodeArgs: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafkajs-version-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'kafkajs', version }));
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
  assert.match(cli.stderr, /^Error: Expected kafkajs 2\.2\.4, found 2\.3\.0 in node_modules\n {2}what to do: Run `npm ci`/);
  const library = withKafkajsVersion('2.3.0', ['-e', `require(${JSON.stringify(path.join(__dirname, 'index.js'))})`]);
  assert.notEqual(library.status, 0);
  assert.match(library.stderr, /Expected kafkajs 2\.2\.4, found 2\.3\.0/);
  const preload = withKafkajsVersion('2.2.5', ['--require', path.join(__dirname, 'preload.js'), '-e', '0']);
  assert.notEqual(preload.status, 0);
  assert.match(preload.stderr, /Expected kafkajs 2\.2\.4, found 2\.2\.5/);
  // The same hook with the right version changes nothing: what failed above was the version.
  assert.equal(withKafkajsVersion('2.2.4', ['--require', path.join(__dirname, 'preload.js'), '-e', '0']).status, 0);
});
