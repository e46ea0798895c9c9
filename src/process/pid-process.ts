import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sleep } from '../util/wait';

/**
 * Lifecycle of the lab's background processes: start detached with output to a log file, remember the pid,
 * recognise our own process by a marker on its command line (a recycled pid is never ours), and stop with
 * SIGTERM → grace period → SIGKILL.
 */
export interface PidRecord {
  pid: number;
  service: string;
  marker: string;
  startedAt: string;
  command: string;
}

export interface StartedProcess {
  record: PidRecord;
  child: ChildProcess;
  /** Settles when the process exits (while this Node process is still watching). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartOptions {
  service: string;
  command: string;
  args: string[];
  marker: string;
  logFile: string;
  pidFile: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** The argument that tags a process as this lab's: `-Dclickstream.lab=<service>@<home>` for JVMs. */
export function labMarker(service: string, home: string): string {
  return `clickstream.lab=${service}@${home}`;
}

export function startDetached(opts: StartOptions): StartedProcess {
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  fs.mkdirSync(path.dirname(opts.pidFile), { recursive: true });
  const fd = fs.openSync(opts.logFile, 'a');
  fs.writeSync(fd, `\n===== ${new Date().toISOString()} lab starting ${opts.service}: ${opts.command} ${opts.args.join(' ')}\n`);
  const child = spawn(opts.command, opts.args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    cwd: opts.cwd,
    env: opts.env ?? process.env,
  });
  fs.closeSync(fd);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: 127, signal: null }));
  });
  if (child.pid === undefined) {
    return { record: { pid: -1, service: opts.service, marker: opts.marker, startedAt: '', command: opts.command }, child, exited };
  }
  child.unref();
  const record: PidRecord = {
    pid: child.pid,
    service: opts.service,
    marker: opts.marker,
    startedAt: new Date().toISOString(),
    command: [opts.command, ...opts.args].join(' '),
  };
  fs.writeFileSync(opts.pidFile, JSON.stringify(record, null, 2));
  return { record, child, exited };
}

export function readPidFile(file: string): PidRecord | undefined {
  try {
    const rec = JSON.parse(fs.readFileSync(file, 'utf8')) as PidRecord;
    return Number.isInteger(rec.pid) && rec.pid > 0 ? rec : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandLine(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    try {
      return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      return undefined;
    }
  }
}

export function isZombie(pid: number): boolean {
  try {
    // Field 3 of /proc/<pid>/stat is the state; a zombie has exited and only waits to be reaped.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** True when the pid is alive and its command line carries our marker. */
export function isOurs(rec: PidRecord): boolean {
  if (!isAlive(rec.pid) || isZombie(rec.pid)) return false;
  return commandLine(rec.pid)?.includes(rec.marker) ?? false;
}

/** The running process a pid file points at, if it is still ours; a stale pid file is removed. */
export function runningFromPidFile(file: string): PidRecord | undefined {
  const rec = readPidFile(file);
  if (!rec) return undefined;
  if (isOurs(rec)) return rec;
  fs.rmSync(file, { force: true });
  return undefined;
}


async function waitGone(rec: PidRecord, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isOurs(rec)) return true;
    await sleep(100);
  }
  return !isOurs(rec);
}

/**
 * Stops one of our processes: SIGTERM lets the JVMs run their shutdown hooks (HBase flushes its
 * memstores, Flume saves its tail positions); SIGKILL only after `graceMs`. Returns how it ended.
 */
export async function stopProcess(rec: PidRecord, graceMs: number): Promise<'not-running' | 'terminated' | 'killed'> {
  if (!isOurs(rec)) return 'not-running';
  try {
    process.kill(rec.pid, 'SIGTERM');
  } catch {
    return 'not-running';
  }
  if (await waitGone(rec, graceMs)) return 'terminated';
  try {
    process.kill(rec.pid, 'SIGKILL');
  } catch {
    /* exited between the check and the kill */
  }
  await waitGone(rec, 5000);
  return 'killed';
}

/** The last `n` lines of a log file (reads at most the final 256 KiB). */
/** The lines a service logged since the lab last started it (its log is appended to across starts). */
export function sinceLastStart(lines: string[], service: string): string[] {
  const banner = `lab starting ${service}: `;
  for (let i = lines.length - 1; i >= 0; i--) if ((lines[i] as string).startsWith('===== ') && (lines[i] as string).includes(banner)) return lines.slice(i + 1);
  return lines;
}

export function logTail(file: string, n = 40): string[] {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const len = Math.min(size, 256 * 1024);
      const buf = Buffer.alloc(len);
      fs.readSync(fd, buf, 0, len, size - len);
      return buf.toString('utf8').split('\n').filter((l) => l.trim() !== '').slice(-n);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return [];
  }
}

/** Only the lines that look like a failure, so an error message shows the cause, not 40 lines of INFO. */
export function errorLines(lines: string[], max = 8): string[] {
  // The last alternative is Jupyter's (Python logging) prefix for errors and critical messages: `[E 2026-…`, `[C 2026-…`.
  const picked = lines.filter((l) => /\b(ERROR|FATAL|Exception|Caused by|Unrecognized|Could not|Address already in use)\b|Error:|^\[[EC] \d{4}-/.test(l));
  return picked.slice(-max);
}
