/**
 * hbase-rpc-client, loaded only after checking that the installed copy is the one the lab's fixes are for.
 *
 * The library needed fixes to work with HBase 2 (and its ZooKeeper client one more). They live in the libraries'
 * own source, as patches/hbase-rpc-client+0.1.15.patch and patches/node-zookeeper-client+0.2.3.patch, which
 * patch-package applies on every `npm install` / `npm ci` (package.json's postinstall); each hunk says why. The
 * patches are written against these exact versions, so before anything loads the library this module checks
 * the installed version and the `clickstreamLabPatch = <revision>` line each patch adds: another version, or a
 * copy installed without the patches (`--ignore-scripts`), fails at once with a DependencyError saying what to
 * do, instead of scans that silently stop early.
 *
 * Everything in src/hbase/ requires hbase-rpc-client through requireHBaseRpcClient().
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DependencyError } from '../errors';

export interface PatchedLibrary {
  name: string;
  /** The exact version the patch is written against (package.json pins the same). */
  version: string;
  /** The number in the `clickstreamLabPatch = N;` line the patch adds; bumped with every change to the patch. */
  patchRevision: number;
  /** The package's file that holds that line. */
  markerFile: string;
}

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

/** What is installed. `version` is undefined when the package is missing, `patchRevision` when it has no marker. */
export interface InstalledLibrary {
  dir?: string | undefined;
  version: string | undefined;
  patchRevision: number | undefined;
}

export function patchFileOf(lib: PatchedLibrary): string {
  return `patches/${lib.name}+${lib.version}.patch`;
}

const MARKER = /\bclickstreamLabPatch = (\d+);/;

/**
 * Why `found` is not what the lab's fixes need, as the error to throw; undefined when it is what they need.
 * Pure: the tests hand it any version and marker.
 */
export function libraryMismatch(expected: PatchedLibrary, found: InstalledLibrary): DependencyError | undefined {
  const patch = patchFileOf(expected);
  const where = found.dir ? ` (${found.dir})` : '';
  const reinstall =
    `Run \`npm ci\` in the lab's folder: it installs the exact versions that package-lock.json pins and re-applies ` +
    `${patch} (package.json's postinstall runs patch-package; an install with --ignore-scripts skips it).`;
  let problem: string;
  let hint = reinstall;
  if (found.version === undefined) {
    problem = `${expected.name} is not installed`;
  } else if (found.version !== expected.version) {
    problem = `${expected.name} ${found.version} is installed${where}`;
    hint = `${reinstall} To move to another version of ${expected.name}, redo the patch for it first (see the patch's comments).`;
  } else if (found.patchRevision === undefined) {
    problem = `${expected.name} ${found.version} is installed without them${where}`;
  } else if (found.patchRevision !== expected.patchRevision) {
    problem = `${expected.name} ${found.version} is installed with revision ${found.patchRevision} of them, not ${expected.patchRevision}${where}`;
  } else {
    return undefined;
  }
  return new DependencyError(`The lab needs ${expected.name} ${expected.version} with the lab's fixes (${patch}), but ${problem}`, { hint });
}

/** The folder of package `name` as Node resolves it from `paths` (default: from here); undefined when absent. */
function packageDir(name: string, paths?: string[]): string | undefined {
  try {
    return path.dirname(require.resolve(`${name}/package.json`, paths ? { paths } : undefined));
  } catch {
    return undefined;
  }
}

/** Reads the installed package's version and patch marker, without loading the package. */
export function readInstalled(lib: PatchedLibrary, paths?: string[]): InstalledLibrary {
  const dir = packageDir(lib.name, paths);
  if (dir === undefined) return { version: undefined, patchRevision: undefined };
  let version: string | undefined;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: unknown };
    if (typeof pkg.version === 'string') version = pkg.version;
  } catch {
    /* unreadable: reported as not installed */
  }
  let marker: RegExpExecArray | null = null;
  try {
    marker = MARKER.exec(fs.readFileSync(path.join(dir, lib.markerFile), 'utf8'));
  } catch {
    /* no such file: no marker */
  }
  return { dir, version, patchRevision: marker ? Number(marker[1]) : undefined };
}

/**
 * Checks hbase-rpc-client, and the node-zookeeper-client that it loads (resolved from it through
 * zookeeper-watcher, as Node will), against the patches; throws the first mismatch. `paths`: where to resolve
 * hbase-rpc-client from (default: from here), for the tests.
 */
export function checkHBaseLibraries(paths?: string[]): void {
  const hbase = readInstalled(HBASE_RPC_CLIENT, paths);
  const hbaseProblem = libraryMismatch(HBASE_RPC_CLIENT, hbase);
  if (hbaseProblem) throw hbaseProblem;
  const watcher = packageDir('zookeeper-watcher', [hbase.dir as string]);
  const zk = watcher === undefined ? { version: undefined, patchRevision: undefined } : readInstalled(NODE_ZOOKEEPER_CLIENT, [watcher]);
  const zkProblem = libraryMismatch(NODE_ZOOKEEPER_CLIENT, zk);
  if (zkProblem) throw zkProblem;
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
