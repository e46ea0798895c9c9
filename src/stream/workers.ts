import * as fs from 'node:fs';
import * as path from 'node:path';
import { labPaths, type LabConfig } from '../config';
import { managedNames, runningManaged, startManaged, stopManaged } from '../process/managed-process';
import { jobNodeArgs } from './job-process';
import type { StreamMetrics } from './metrics';
import { missingParts } from '../kafka';
import { metricsFile, type WorkerReport } from './worker';

/** The streaming job's worker processes, managed like the JVM services: detached, by pid, with a log. */
export interface WorkerStatus {
  workerId: string;
  state: 'running' | 'starting' | 'stopped';
  pid: number | null;
  logFile: string;
  metrics: StreamMetrics | null;
  /** The lab's faster kafkajs parts the worker runs without (empty: all in place; null: not reported yet). */
  kafkajsMissing: string[] | null;
}

const name = (id: string) => `stream-${id}`;

export function workerIds(cfg: LabConfig): string[] {
  return Array.from({ length: cfg.stream.workers }, (_, i) => String(i + 1));
}

export function readWorkerMetrics(cfg: LabConfig, id: string): (StreamMetrics & Partial<WorkerReport>) | null {
  try {
    return JSON.parse(fs.readFileSync(metricsFile(cfg, id), 'utf8')) as StreamMetrics & Partial<WorkerReport>;
  } catch {
    return null;
  }
}

/** Starts worker `id` unless it runs; resolves once it has joined the consumer group. */
export function startWorker(cfg: LabConfig, id: string): Promise<{ pid: number; outcome: 'started' | 'running' }> {
  if (!runningManaged(cfg, name(id))) fs.rmSync(metricsFile(cfg, id), { force: true });
  return startManaged(cfg, {
    name: name(id),
    command: process.execPath,
    args: [...jobNodeArgs(), path.join(cfg.projectRoot, 'bin', 'lab.js'), 'stream', '--worker-id', id],
    ready: async () => (readWorkerMetrics(cfg, id)?.joinedAt ? true : 'not in the consumer group yet'),
  });
}

/** Stops every worker that has a pid file (also extra ones started by hand or by tests). */
export async function stopWorkers(cfg: LabConfig): Promise<{ workerId: string; outcome: string }[]> {
  return Promise.all(
    managedNames(cfg, 'stream-').map(async (n) => {
      const workerId = n.slice('stream-'.length);
      const outcome = await stopManaged(cfg, n);
      fs.rmSync(metricsFile(cfg, workerId), { force: true });
      return { workerId, outcome };
    }),
  );
}

export function workerStatus(cfg: LabConfig): WorkerStatus[] {
  const ids = new Set([...workerIds(cfg), ...managedNames(cfg, 'stream-').map((n) => n.slice('stream-'.length))]);
  return [...ids].sort().map((id) => {
    const rec = runningManaged(cfg, name(id));
    const metrics = rec ? readWorkerMetrics(cfg, id) : null;
    return {
      workerId: id,
      state: rec ? (metrics?.joinedAt ? 'running' : 'starting') : 'stopped',
      pid: rec?.pid ?? null,
      logFile: labPaths(cfg).serviceLog(name(id)),
      metrics,
      kafkajsMissing: metrics?.kafkajsParts ? missingParts(metrics.kafkajsParts) : null,
    };
  });
}
