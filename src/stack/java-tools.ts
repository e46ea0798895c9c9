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
export async function ensureJavaTool(cfg: LabConfig, tool: JavaTool, jars: ComponentJars): Promise<string> {
  const source = fs.readFileSync(sourceFile(cfg, tool));
  const digest = crypto.createHash('sha256').update(source).update(jars.dir).digest('hex').slice(0, 12);
  const out = path.join(cfg.cacheDir, 'tools', `${tool}-${digest}`);
  if (fs.existsSync(path.join(out, `${tool}.class`))) return out;

  const staging = `${out}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    await run('javac', ['-nowarn', '-d', staging, '-cp', jars.classpath, sourceFile(cfg, tool)], { maxBuffer: 8 << 20 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new DependencyError('`javac` is not installed; the lab compiles three small Java helpers with it', {
        hint: 'Install a full JDK 17 (Debian/Ubuntu: `sudo apt-get install openjdk-17-jdk-headless`), then run `lab doctor`.',
      });
    }
    throw new LabError(`compiling ${tool}.java failed`, { cause: err, hint: e.stderr?.split('\n').slice(0, 10).join('\n') });
  }
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(staging, out);
  return out;
}
