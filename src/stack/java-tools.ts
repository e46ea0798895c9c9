import { execFile } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { LabConfig } from '../config';
import { DependencyError, LabError } from '../errors';
import type { ComponentJars } from './fetch';

const run = promisify(execFile);

/** The lab's own small Java programs, each compiled against one component's jars. */
export type JavaTool = 'LabAdmin' | 'LoopbackMonitor' | 'LineIdentity';

function sourceFile(cfg: LabConfig, tool: JavaTool): string {
  return path.join(cfg.projectRoot, 'src', 'stack', 'java', `${tool}.java`);
}

/**
 * Compiles a tool once and caches the classes beside the jars (keyed by the source's hash), so `lab up`
 * pays javac's few seconds only the first time. Returns the classpath entry holding the classes.
 */
export function ensureJavaTool(cfg: LabConfig, tool: JavaTool, jars: ComponentJars): Promise<string> {
  return compileJava(cfg, tool, [sourceFile(cfg, tool)], jars);
}

/**
 * Compiles `sources` against `jars` once per version of the sources and jars, into the cache (`<cache>/tools/
 * <name>-<hash>`, made whole or not at all). Returns the directory of the classes: a classpath entry.
 */
export async function compileJava(cfg: LabConfig, name: string, sources: string[], jars: ComponentJars): Promise<string> {
  const digest = crypto.createHash('sha256');
  for (const f of sources) digest.update(fs.readFileSync(f));
  const out = path.join(cfg.cacheDir, 'tools', `${name}-${digest.update(jars.dir).digest('hex').slice(0, 12)}`);
  if (fs.existsSync(out)) return out;

  const staging = `${out}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    await run('javac', ['-nowarn', '-d', staging, '-cp', jars.classpath, ...sources], { maxBuffer: 16 << 20 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new DependencyError('`javac` is not installed; the lab compiles its small Java helpers (and the Spark job) with it', {
        hint: 'Install a full JDK 17 (Debian/Ubuntu: `sudo apt-get install openjdk-17-jdk-headless`), then run `lab doctor`.',
      });
    }
    throw new LabError(`compiling ${name} failed`, { cause: err, hint: e.stderr?.split('\n').slice(0, 12).join('\n') });
  }
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(staging, out);
  return out;
}
