/**
 * hbase-rpc-client, loaded only after checking that the installed copy is the one the lab's fixes are for.
 *
 * The library needed fixes to work with HBase 2 (and its ZooKeeper client one more). They live in the libraries'
 * own source, as patches/hbase-rpc-client+0.1.15.patch and patches/node-zookeeper-client+0.2.3.patch (each hunk
 * says why), checked before anything loads the library (libraries/patched-library.ts): a copy without them
 * would scan HBase and silently stop early.
 *
 * Everything in src/hbase/ requires hbase-rpc-client through requireHBaseRpcClient().
 */
import { assertPatched, libraryMismatch, packageDir, type PatchedLibrary } from '../libraries/patched-library';

export const HBASE_RPC_CLIENT: PatchedLibrary = {
  name: 'hbase-rpc-client',
  version: '0.1.15',
  patchRevision: 1,
  markerFile: 'lib/index.js',
};

/** hbase-rpc-client's ZooKeeper client, which it reaches through zookeeper-watcher. */
export const NODE_ZOOKEEPER_CLIENT: PatchedLibrary = {
  name: 'node-zookeeper-client',
  version: '0.2.3',
  patchRevision: 1,
  markerFile: 'lib/Exception.js',
};

/**
 * Checks hbase-rpc-client, and the node-zookeeper-client that it loads (resolved from it through
 * zookeeper-watcher, as Node will), against the patches; throws the first mismatch. `paths`: where to resolve
 * hbase-rpc-client from (default: from here), for the tests.
 */
export function checkHBaseLibraries(paths?: string[]): void {
  const hbase = assertPatched(HBASE_RPC_CLIENT, paths);
  const watcher = packageDir('zookeeper-watcher', [hbase.dir as string]);
  if (watcher === undefined) throw libraryMismatch(NODE_ZOOKEEPER_CLIENT, { version: undefined, patchRevision: undefined }) as Error;
  assertPatched(NODE_ZOOKEEPER_CLIENT, [watcher]);
}

let checked = false;

/**
 * `require('hbase-rpc-client')`, or one of its files (`lib/call`), after checkHBaseLibraries() (once per process).
 * The package's entry is always loaded first: it sets protobufjs options that its modules' .proto loading needs.
 */
export function requireHBaseRpcClient(subpath?: string): unknown {
  if (!checked) {
    checkHBaseLibraries();
    checked = true;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const main = require('hbase-rpc-client') as unknown;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return subpath ? (require(`hbase-rpc-client/${subpath}`) as unknown) : main;
}
