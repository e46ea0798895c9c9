import * as fs from 'node:fs';
import { labPaths, type LabConfig } from '../config';
import { ServiceStartError } from '../errors';
import { waitFor, WaitAborted } from './health';
import { errorLines, labMarker, logTail, runningFromPidFile, startDetached, stopProcess, type PidRecord } from './pid-process';

/**
 * The lab's own Node processes (streaming workers, dashboard, Jupyter): started detached like the JVM
 * services, with a pid file, a log and a readiness check; recognised by the marker on their command line.
 */
export interface ManagedSpec {
  /** Unique within the lab: pid file `run/<name>.pid`, log `logs/<name>.log`. */
  name: string;
  command: string;
  /** Arguments; the marker is appended (as `--lab-marker=…` unless `markerArg` says otherwise). */
  args: string[];
  markerArg?: (marker: string) => string;
  /** True once the process does its job. */
  ready: () => Promise<true | string>;
  env?: NodeJS.ProcessEnv;
}

export async function startManaged(cfg: LabConfig, spec: ManagedSpec): Promise<{ pid: number; outcome: 'started' | 'running' }> {
  const paths = labPaths(cfg);
  const running = runningFromPidFile(paths.pidFile(spec.name));
  if (running) return { pid: running.pid, outcome: 'running' };
  const marker = labMarker(spec.name, cfg.home);
  const args = [...spec.args, spec.markerArg ? spec.markerArg(marker) : `--lab-marker=${marker}`];
  const logFile = paths.serviceLog(spec.name);
  const proc = startDetached({
    service: spec.name,
    command: spec.command,
    args,
    marker,
    logFile,
    pidFile: paths.pidFile(spec.name),
    env: { ...process.env, LAB_HOME: cfg.home, ...spec.env },
  });
  try {
    await waitFor(spec.ready, { timeoutMs: cfg.startTimeoutMs, abortOn: proc.exited });
  } catch (err) {
    const aborted = err instanceof WaitAborted;
    const exit = aborted ? await proc.exited : { code: null, signal: null };
    if (!aborted) await stopProcess(proc.record, 5000);
    throw new ServiceStartError(`${spec.name} ${aborted ? 'exited while starting' : 'did not become ready'}`, {
      service: spec.name,
      command: `${spec.command} ${args.join(' ')}`,
      logFile,
      logTail: errorLines(logTail(logFile, 100)),
      exitCode: exit.code,
      signal: exit.signal,
    });
  }
  return { pid: proc.record.pid, outcome: 'started' };
}

/** Names of managed processes with a pid file, optionally only those starting with `prefix`. */
export function managedNames(cfg: LabConfig, prefix = ''): string[] {
  const run = labPaths(cfg).run;
  if (!fs.existsSync(run)) return [];
  return fs
    .readdirSync(run)
    .filter((f) => f.endsWith('.pid') && f.startsWith(prefix))
    .map((f) => f.slice(0, -'.pid'.length));
}

export function runningManaged(cfg: LabConfig, name: string): PidRecord | undefined {
  return runningFromPidFile(labPaths(cfg).pidFile(name));
}

export async function stopManaged(cfg: LabConfig, name: string, graceMs = 15_000): Promise<'not-running' | 'terminated' | 'killed'> {
  const pidFile = labPaths(cfg).pidFile(name);
  const rec = runningFromPidFile(pidFile);
  const outcome = rec ? await stopProcess(rec, graceMs) : 'not-running';
  fs.rmSync(pidFile, { force: true });
  return outcome;
}
