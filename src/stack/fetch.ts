import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { ComponentName, JvmServiceName, LabConfig } from '../config';
import { DependencyError, FetchError } from '../errors';
import { formatBytes, ProgressBar } from '../util/progress';
import { componentPom, components, type Component } from './components';

/**
 * Resolves each component's runtime jars from Maven Central into a per-user cache, one directory per
 * component and version. A complete directory carries `manifest.json`; when it is there the network is not
 * touched at all, so a second `lab up` works offline.
 */
export interface ComponentJars {
  name: ComponentName;
  dir: string;
  classpath: string;
  jars: string[];
  /** Bytes Maven downloaded for this component in this run (0 when it came from a cache). */
  downloadedBytes: number;
  fromCache: boolean;
}

interface Manifest {
  artifacts: string[];
  jars: { name: string; size: number }[];
}

const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
const LOCK_FILE = path.join('src', 'stack', 'jars.lock.json');

export function componentDir(cfg: LabConfig, c: Component): string {
  const digest = crypto.createHash('sha256').update(c.artifacts.join('\n')).digest('hex').slice(0, 10);
  return path.join(cfg.cacheDir, 'jars', `${c.name}-${c.version}-${digest}`);
}

function readManifest(dir: string): Manifest | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    // A manifest only counts if every jar it lists is still there at its recorded size.
    for (const j of m.jars) {
      if (fs.statSync(path.join(dir, 'lib', j.name)).size !== j.size) return undefined;
    }
    return m;
  } catch {
    return undefined;
  }
}

function toJars(c: Component, dir: string, m: Manifest, downloadedBytes: number, fromCache: boolean): ComponentJars {
  const jars = m.jars.map((j) => path.join(dir, 'lib', j.name));
  return { name: c.name, dir, jars, classpath: jars.join(path.delimiter), downloadedBytes, fromCache };
}

/** Expected jar counts per component, recorded from a known-good resolution: the progress bar's total. */
function expectedJars(cfg: LabConfig): Record<string, string[]> {
  try {
    return JSON.parse(fs.readFileSync(path.join(cfg.projectRoot, LOCK_FILE), 'utf8')) as Record<string, string[]>;
  } catch {
    return {};
  }
}

/** "(41 kB at 116 kB/s)" → bytes. Maven prints decimal units. */
export function parseMavenSize(line: string): number {
  const m = /\((\d+(?:\.\d+)?) (B|kB|MB|GB) at /.exec(line);
  if (!m) return 0;
  const scale = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 }[m[2] as 'B' | 'kB' | 'MB' | 'GB'];
  return Math.round(Number(m[1]) * scale);
}

async function runMaven(c: Component, dir: string, expected: number, quiet: boolean): Promise<number> {
  const staging = path.join(dir, 'lib.partial');
  fs.rmSync(staging, { recursive: true, force: true });
  fs.writeFileSync(path.join(dir, 'pom.xml'), componentPom(c));
  const args = [
    '-B',
    '-f',
    path.join(dir, 'pom.xml'),
    `${DEPENDENCY_PLUGIN}:copy-dependencies`,
    `-DoutputDirectory=${staging}`,
    '-DincludeScope=runtime',
  ];
  const bar = new ProgressBar({ label: `fetch ${c.name} ${c.version}`, total: expected || 1, unit: 'jars', quiet });
  let jars = 0;
  let bytes = 0;
  const tail: string[] = [];
  const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exit = new Promise<number>((resolve, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new DependencyError('Maven (`mvn`) is not installed; the lab uses it to fetch Kafka, HBase and Flume', {
              hint: 'Install it (Debian/Ubuntu: `sudo apt-get install maven`; macOS: `brew install maven`), then run `lab doctor`.',
            })
          : err,
      ),
    );
    child.on('close', (code) => resolve(code ?? 1));
  });
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      if (line.includes('Downloaded from')) {
        bytes += parseMavenSize(line);
        if (/\.jar \(/.test(line)) jars++;
        bar.update(Math.min(jars, expected ? expected - 1 : jars), formatBytes(bytes));
      }
    });
  }
  const code = await exit;
  if (code !== 0) {
    throw new FetchError(`Maven could not resolve ${c.name} ${c.version} (exit code ${code})`, {
      hint:
        'Check that Maven Central is reachable (a proxy needs ~/.m2/settings.xml). Maven said:\n' +
        tail.filter((l) => /ERROR|Could not|Failed/.test(l)).slice(-8).join('\n'),
      retriable: true,
    });
  }
  bar.done(formatBytes(bytes));
  const lib = path.join(dir, 'lib');
  fs.rmSync(lib, { recursive: true, force: true });
  fs.renameSync(staging, lib);
  return bytes;
}

/** Makes sure one component's jars are in the cache; fetches them if not. */
export async function ensureComponent(cfg: LabConfig, name: ComponentName, opts: { quiet?: boolean } = {}): Promise<ComponentJars> {
  const c = components(cfg.versions)[name];
  const dir = componentDir(cfg, c);
  const cached = readManifest(dir);
  if (cached) return toJars(c, dir, cached, 0, true);

  fs.mkdirSync(dir, { recursive: true });
  const expected = expectedJars(cfg)[`${c.name}-${c.version}`] ?? [];
  const bytes = await runMaven(c, dir, expected.length, opts.quiet ?? false);
  const names = fs.readdirSync(path.join(dir, 'lib')).filter((f) => f.endsWith('.jar')).sort();
  if (expected.length > 0) {
    const missing = expected.filter((j) => !names.includes(j));
    if (missing.length > 0) {
      throw new FetchError(`${c.name} resolved to a different set of jars than the lab was tested with`, {
        hint: `Missing: ${missing.slice(0, 5).join(', ')}. Delete ${dir} and run \`lab fetch\` again.`,
      });
    }
  }
  const manifest: Manifest = {
    artifacts: c.artifacts,
    jars: names.map((n) => ({ name: n, size: fs.statSync(path.join(dir, 'lib', n)).size })),
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return toJars(c, dir, manifest, bytes, false);
}

/** All three components, one after another (Maven's local repository does not like parallel writers). */
export async function ensureStack(cfg: LabConfig, opts: { quiet?: boolean } = {}): Promise<Record<JvmServiceName, ComponentJars>> {
  const kafka = await ensureComponent(cfg, 'kafka', opts);
  const hbase = await ensureComponent(cfg, 'hbase', opts);
  const flume = await ensureComponent(cfg, 'flume', opts);
  return { kafka, hbase, flume };
}

/** Writes the lock of jar names from the current cache (run by maintainers after a version bump). */
export function writeJarLock(cfg: LabConfig, all: Partial<Record<ComponentName, ComponentJars>>): string {
  const lock: Record<string, string[]> = expectedJars(cfg);
  for (const c of Object.values(components(cfg.versions))) {
    const jars = all[c.name];
    if (jars) lock[`${c.name}-${c.version}`] = jars.jars.map((j) => path.basename(j));
  }
  const file = path.join(cfg.projectRoot, LOCK_FILE);
  fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  return file;
}
