import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { labPaths, SERVICE_NAMES, type LabConfig } from '../config';
import { formatBytes } from '../util/progress';
import { isPortFree } from '../process/health';
import { javaBin, javaMajorVersion } from './java';
import { runningFromPidFile } from '../process/pid-process';
import { SERVICES } from './services';
import { findMariaDb, INSTALL_COMMAND } from './mariadb';
import { DependencyError } from '../errors';

export type CheckLevel = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  name: string;
  level: CheckLevel;
  detail: string;
  /** What to do about it (empty when ok). */
  fix: string;
}

const MIN_DISK = 2 * 1024 ** 3;
const MIN_MEMORY = 2 * 1024 ** 3;

function commandWorks(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0];
  } catch {
    return undefined;
  }
}

function freeDisk(dir: string): number | undefined {
  let d = dir;
  while (!fs.existsSync(d)) d = d.substring(0, d.lastIndexOf('/')) || '/';
  try {
    const s = fs.statfsSync(d);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

/** The JDK and Maven the stack is fetched and run with. */
export function toolChecks(): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  const java = javaMajorVersion();
  checks.push(
    java === undefined
      ? { name: 'java', level: 'fail', detail: `\`${javaBin()}\` does not run`, fix: 'Install JDK 17 (Debian/Ubuntu: `sudo apt-get install openjdk-17-jdk-headless`) or set JAVA_HOME.' }
      : java < 17
        ? { name: 'java', level: 'fail', detail: `Java ${java} found; Kafka 4 needs 17 or newer`, fix: 'Install JDK 17 and point JAVA_HOME at it.' }
        : { name: 'java', level: 'ok', detail: `Java ${java}`, fix: '' },
  );
  const javac = commandWorks(process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/javac` : 'javac', ['-version']);
  checks.push(
    javac
      ? { name: 'javac', level: 'ok', detail: javac, fix: '' }
      : { name: 'javac', level: 'fail', detail: 'no javac (a JRE, not a JDK?)', fix: 'Install the full JDK: `sudo apt-get install openjdk-17-jdk-headless`.' },
  );
  const mvn = commandWorks('mvn', ['-v']);
  checks.push(
    mvn
      ? { name: 'maven', level: 'ok', detail: mvn.replace(/\x1b\[[0-9;]*m/g, ''), fix: '' }
      : { name: 'maven', level: 'fail', detail: 'no `mvn` on PATH; it fetches Kafka, HBase and Flume', fix: 'Install Maven: `sudo apt-get install maven` (macOS: `brew install maven`).' },
  );
  return checks;
}

/** The relational store's server, a system package (stack/mariadb.ts): installed, and the release the lab is written for. */
export function mariadbCheck(cfg: LabConfig, candidates?: Parameters<typeof findMariaDb>[1]): DoctorCheck {
  try {
    const install = findMariaDb(cfg.versions.mariadb, candidates);
    return { name: 'mariadb', level: 'ok', detail: `${install.mariadbd} ${install.version}`, fix: '' };
  } catch (err) {
    if (!(err instanceof DependencyError)) throw err;
    return { name: 'mariadb', level: 'fail', detail: err.message, fix: err.hint ?? INSTALL_COMMAND };
  }
}

/** The services' ports on this machine: free, or held by the lab's own services. */
export async function portChecks(cfg: LabConfig): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const paths = labPaths(cfg);
  for (const name of SERVICE_NAMES) {
    const ours = runningFromPidFile(paths.pidFile(name));
    for (const p of SERVICES[name].ports(cfg)) {
      const free = ours ? true : await isPortFree(cfg.stack.bindHost, p.port);
      checks.push(
        free
          ? { name: `port ${p.port}`, level: 'ok', detail: `${name} ${p.label}: ${ours ? 'held by the lab' : 'free'}`, fix: '' }
          : {
              name: `port ${p.port}`,
              level: 'fail',
              detail: `${name} ${p.label}: ${cfg.stack.bindHost}:${p.port} is taken by another program`,
              fix: `Stop it (\`ss -ltnp 'sport = :${p.port}'\` shows which) or set ${p.envVar}=<free port>.`,
            },
      );
    }
  }
  return checks;
}

/** Disk for the lab's data and jar cache, and memory for the JVMs. */
export function resourceChecks(cfg: LabConfig): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  for (const [label, dir] of [
    ['disk (lab home)', cfg.home],
    ['disk (jar cache)', cfg.cacheDir],
  ] as const) {
    const free = freeDisk(dir);
    checks.push(
      free === undefined || free >= MIN_DISK
        ? { name: label, level: 'ok', detail: free === undefined ? 'unknown' : `${formatBytes(free)} free at ${dir}`, fix: '' }
        : { name: label, level: 'fail', detail: `only ${formatBytes(free)} free at ${dir}`, fix: `Free at least ${formatBytes(MIN_DISK)} there, or set LAB_HOME / LAB_CACHE_DIR elsewhere.` },
    );
  }
  const mem = os.freemem();
  checks.push(
    mem >= MIN_MEMORY
      ? { name: 'memory', level: 'ok', detail: `${formatBytes(mem)} available; the stack uses ~1.3 GiB`, fix: '' }
      : { name: 'memory', level: 'warn', detail: `${formatBytes(mem)} available; the stack needs ~1.5 GiB`, fix: 'Close other programs, or run the stack in the VM on a machine with more memory.' },
  );
  return checks;
}
