import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { DependencyError, LabError } from '../errors';
import { libraryMismatch, patchFileOf, readInstalled, type InstalledLibrary, type PatchedLibrary } from '../libraries/patched-library';
import { checkHBaseLibraries, HBASE_RPC_CLIENT, NODE_ZOOKEEPER_CLIENT } from './library';
import { rawModule } from './raw';

function mismatch(expected: PatchedLibrary, found: InstalledLibrary): DependencyError {
  const err = libraryMismatch(expected, found);
  assert.ok(err instanceof DependencyError && err instanceof LabError, 'a LabError, printed with its hint');
  return err;
}

test('the installed hbase-rpc-client passes: version 0.1.15, patched, and the copy the lab loads', () => {
  assert.doesNotThrow(() => checkHBaseLibraries());
  const found = readInstalled(HBASE_RPC_CLIENT);
  assert.equal(found.version, '0.1.15');
  assert.equal(found.patchRevision, HBASE_RPC_CLIENT.patchRevision);
  assert.equal(libraryMismatch(HBASE_RPC_CLIENT, found), undefined);
  assert.equal(rawModule.clickstreamLabPatch, HBASE_RPC_CLIENT.patchRevision, 'the loaded library is the patched copy');
  // The ZooKeeper client the lab declares (and patches) is the one hbase-rpc-client loads through zookeeper-watcher.
  const watcher = path.dirname(require.resolve('zookeeper-watcher/package.json', { paths: [found.dir as string] }));
  const zk = readInstalled(NODE_ZOOKEEPER_CLIENT, [watcher]);
  assert.equal(zk.dir, readInstalled(NODE_ZOOKEEPER_CLIENT).dir);
  assert.equal(zk.version, '0.2.3');
  assert.equal(zk.patchRevision, NODE_ZOOKEEPER_CLIENT.patchRevision);
});

test('a wrong hbase-rpc-client version fails loudly, naming the expected version and the one found', () => {
  const err = mismatch(HBASE_RPC_CLIENT, { dir: '/lab/node_modules/hbase-rpc-client', version: '0.1.16', patchRevision: undefined });
  assert.equal(
    err.message,
    "The lab needs hbase-rpc-client 0.1.15 with the lab's fixes (patches/hbase-rpc-client+0.1.15.patch), " +
      'but hbase-rpc-client 0.1.16 is installed (/lab/node_modules/hbase-rpc-client)',
  );
  assert.match(err.hint ?? '', /`npm ci`/);
  assert.match(err.hint ?? '', /re-applies patches\/hbase-rpc-client\+0\.1\.15\.patch/);
  assert.match(err.hint ?? '', /redo the patch/);
  // A wrong version fails even when it carries a patch marker (a patch forced onto another version).
  assert.match(mismatch(HBASE_RPC_CLIENT, { version: '0.1.14', patchRevision: 1 }).message, /needs hbase-rpc-client 0\.1\.15 .* but hbase-rpc-client 0\.1\.14 is installed/);
});

test('the right version without the patch (or with an older revision of it), or none at all, fails too', () => {
  const unpatched = mismatch(HBASE_RPC_CLIENT, { version: '0.1.15', patchRevision: undefined });
  assert.match(unpatched.message, /needs hbase-rpc-client 0\.1\.15 with the lab's fixes .* but hbase-rpc-client 0\.1\.15 is installed without them/);
  assert.match(unpatched.hint ?? '', /npm ci.*--ignore-scripts/s);
  assert.match(mismatch(HBASE_RPC_CLIENT, { version: '0.1.15', patchRevision: 0 }).message, /with revision 0 of them, not 1/);
  assert.match(mismatch(HBASE_RPC_CLIENT, { version: undefined, patchRevision: undefined }).message, /but hbase-rpc-client is not installed/);
  const zk = mismatch(NODE_ZOOKEEPER_CLIENT, { version: '0.2.4', patchRevision: 1 });
  assert.match(zk.message, /needs node-zookeeper-client 0\.2\.3 .*patches\/node-zookeeper-client\+0\.2\.3\.patch.* but node-zookeeper-client 0\.2\.4 is installed/);
});

/** A node_modules tree in a temporary folder: package name → [version, text of its marker file]. */
function fakeTree(packages: Record<string, [string, string]>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-library-'));
  const markers: Record<string, string> = {
    [HBASE_RPC_CLIENT.name]: HBASE_RPC_CLIENT.markerFile,
    [NODE_ZOOKEEPER_CLIENT.name]: NODE_ZOOKEEPER_CLIENT.markerFile,
  };
  for (const [name, [version, marker]] of Object.entries(packages)) {
    const dir = path.join(root, 'node_modules', name);
    fs.mkdirSync(path.join(dir, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version }));
    if (markers[name]) fs.writeFileSync(path.join(dir, markers[name] as string), marker);
  }
  return root;
}

test('the whole check reads what is installed without loading it, and throws on the first mismatch', () => {
  const patched = '  module.exports.clickstreamLabPatch = 1;\n';
  const good = { 'hbase-rpc-client': ['0.1.15', patched], 'zookeeper-watcher': ['1.0.2', ''], 'node-zookeeper-client': ['0.2.3', patched] } as Record<string, [string, string]>;
  const trees = [
    fakeTree(good),
    fakeTree({ ...good, 'hbase-rpc-client': ['0.1.16', patched] }),
    fakeTree({ ...good, 'hbase-rpc-client': ['0.1.15', '// as published\n'] }),
    fakeTree({ ...good, 'node-zookeeper-client': ['0.2.4', patched] }),
  ];
  try {
    const [ok, wrongVersion, unpatched, wrongZk] = trees as [string, string, string, string];
    assert.doesNotThrow(() => checkHBaseLibraries([ok]));
    assert.throws(() => checkHBaseLibraries([wrongVersion]), (e: Error) => e instanceof DependencyError && /hbase-rpc-client 0\.1\.15 .* but hbase-rpc-client 0\.1\.16 is installed/.test(e.message));
    assert.throws(() => checkHBaseLibraries([unpatched]), /hbase-rpc-client 0\.1\.15 is installed without them/);
    assert.throws(() => checkHBaseLibraries([wrongZk]), /needs node-zookeeper-client 0\.2\.3 .* but node-zookeeper-client 0\.2\.4 is installed/);
  } finally {
    for (const t of trees) fs.rmSync(t, { recursive: true, force: true });
  }
});

test('the patch files the messages name are in the repository', () => {
  const root = path.resolve(path.dirname(require.resolve('hbase-rpc-client/package.json')), '..', '..');
  for (const lib of [HBASE_RPC_CLIENT, NODE_ZOOKEEPER_CLIENT]) {
    const patch = fs.readFileSync(path.join(root, patchFileOf(lib)), 'utf8');
    assert.match(patch, new RegExp(`\\+.*clickstreamLabPatch = ${lib.patchRevision};`), `${patchFileOf(lib)} sets the revision library.ts expects`);
  }
});
