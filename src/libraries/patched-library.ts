/**
 * A dependency the lab patches: the exact version a patch in patches/ is written against, and the
 * `clickstreamLabPatch = <revision>` line the patch adds. patch-package applies the patches on every
 * `npm install` / `npm ci` (package.json's postinstall); before a patched library loads, its module here checks
 * the installed version and that line, so another version, or a copy installed without the patches
 * (`--ignore-scripts`), fails at once with a DependencyError saying what to do instead of misbehaving quietly.
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
export function packageDir(name: string, paths?: string[]): string | undefined {
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

/** Throws the mismatch between what `lib` needs and what is installed (resolved from `paths`), if any. */
export function assertPatched(lib: PatchedLibrary, paths?: string[]): InstalledLibrary {
  const found = readInstalled(lib, paths);
  const problem = libraryMismatch(lib, found);
  if (problem) throw problem;
  return found;
}
