import * as fs from 'node:fs';
import * as path from 'node:path';
import { labPaths, type LabConfig } from '../config';
import { ServiceStartError } from '../errors';
import { waitFor, WaitAborted } from '../stack/health';
import { errorLines, labMarker, logTail, runningFromPidFile, startDetached, stopProcess } from '../stack/process';
import type { StreamMetrics } from './metrics';
import { metricsFile } from './worker';

/** The streaming job's worker processes, managed like the JVM services: detached, by pid, with a log. */
export interface WorkerStatus {
  workerId: string;
  state: 'running' | 'starting' | 'stopped';
  pid: number | null;
  logFile: string;
  metrics: StreamMetrics | null;
}

const name = (id: string) => `stream-${id}`;

export function workerIds(cfg: LabConfig): string[] {
  return Array.from({ length: cfg.stream.workers }, (_, i) => String(i + 1));
}

function readMetrics(cfg: LabConfig, id: string): StreamMetrics | null {
  try {
    return JSON.parse(fs.readFileSync(metricsFile(cfg, id), 'utf8')) as StreamMetrics;
  } catch {
    return null;
  }
}

/** Starts worker `id` unless it runs; resolves once it has joined the consumer group. */
export async function startWorker(cfg: LabConfig, id: string): Promise<{ pid: number; outcome: 'started' | 'running' }> {
  const paths = labPaths(cfg);
  const running = runningFromPidFile(paths.pidFile(name(id)));
  if (running) return { pid: running.pid, outcome: 'running' };
  fs.rmSync(metricsFile(cfg, id), { force: true });
  const marker = labMarker(name(id), cfg.home);
  const bin = path.join(cfg.projectRoot, 'bin', 'lab.js');
  const args = [bin, 'stream', '--worker-id', id, `--lab-marker=${marker}`];
  const logFile = paths.serviceLog(name(id));
  const proc = startDetached({
    service: name(id),
    command: process.execPath,
    args,
    marker,
    logFile,
    pidFile: paths.pidFile(name(id)),
    env: { ...process.env, LAB_HOME: cfg.home },
  });
  try {
    await waitFor(async () => (readMetrics(cfg, id)?.joinedAt ? true : 'not in the consumer group yet'), {
      timeoutMs: cfg.startTimeoutMs,
      abortOn: proc.exited,
    });
  } catch (err) {
    const exit = err instanceof WaitAborted ? await proc.exited : { code: null, signal: null };
    if (!(err instanceof WaitAborted)) await stopProcess(proc.record, 5000);
    throw new ServiceStartError(`streaming worker ${id} did not start`, {
      service: name(id),
      command: `${process.execPath} ${args.join(' ')}`,
      logFile,
      logTail: errorLines(logTail(logFile, 100)),
      exitCode: exit.code,
      signal: exit.signal,
    });
  }
  return { pid: proc.record.pid, outcome: 'started' };
}

export async function stopWorkers(cfg: LabConfig): Promise<{ workerId: string; outcome: string }[]> {
  const paths = labPaths(cfg);
  const found = fs.existsSync(paths.run)
    ? fs.readdirSync(paths.run).flatMap((f) => (/^stream-(.+)\.pid$/.exec(f)?.[1] ? [/^stream-(.+)\.pid$/.exec(f)?.[1] as string] : []))
    : [];
  return Promise.all(
    found.map(async (id) => {
      const rec = runningFromPidFile(paths.pidFile(name(id)));
      const outcome = rec ? await stopProcess(rec, 15_000) : 'not-running';
      fs.rmSync(paths.pidFile(name(id)), { force: true });
      fs.rmSync(metricsFile(cfg, id), { force: true });
      return { workerId: id, outcome };
    }),
  );
}

export function workerStatus(cfg: LabConfig): WorkerStatus[] {
  const paths = labPaths(cfg);
  return workerIds(cfg).map((id) => {
    const rec = runningFromPidFile(paths.pidFile(name(id)));
    const metrics = rec ? readMetrics(cfg, id) : null;
    return {
      workerId: id,
      state: rec ? (metrics?.joinedAt ? 'running' : 'starting') : 'stopped',
      pid: rec?.pid ?? null,
      logFile: paths.serviceLog(name(id)),
      metrics,
    };
  });
}
