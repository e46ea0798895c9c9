import * as fs from 'node:fs';
import * as path from 'node:path';
import { labPaths, type LabConfig } from '../config';
import { managedNames, runningManaged, startManaged, stopManaged } from '../process/managed-process';
import { jobNodeArgs } from '../process/job-process';
import type { StreamMetrics } from './metrics';
import { missingParts } from '../kafka';
import { metricsFile, type WorkerReport } from './worker';

/**
 * A job whose worker processes `lab up` keeps running: the HBase job (`stream-N`, `lab stream`) and the SQL job
 * (`sql-N`, `lab sql-stream`, issue #17). Each is its own consumer group on access-log.
 */
export interface JobKind {
  /** Managed names are `<prefix>-<id>`: pid file, log and metrics file. */
  prefix: 'stream' | 'sql';
  /** The `lab` command that runs one worker in the foreground. */
  command: 'stream' | 'sql-stream';
  count(cfg: LabConfig): number;
}

export const HBASE_JOB: JobKind = { prefix: 'stream', command: 'stream', count: (cfg) => cfg.stream.workers };
export const SQL_JOB: JobKind = { prefix: 'sql', command: 'sql-stream', count: (cfg) => cfg.sql.workers };
export const JOB_KINDS: readonly JobKind[] = [HBASE_JOB, SQL_JOB];

/** A job's worker processes, managed like the services: detached, by pid, with a log. */
export interface WorkerStatus {
  workerId: string;
  state: 'running' | 'starting' | 'stopped';
  pid: number | null;
  logFile: string;
  metrics: StreamMetrics | null;
  /** The lab's faster kafkajs parts the worker runs without (empty: all in place; null: not reported yet). */
  kafkajsMissing: string[] | null;
}

export const workerName = (id: string, kind: JobKind = HBASE_JOB) => `${kind.prefix}-${id}`;

export function workerIds(cfg: LabConfig, kind: JobKind = HBASE_JOB): string[] {
  return Array.from({ length: kind.count(cfg) }, (_, i) => String(i + 1));
}

export function readWorkerMetrics(cfg: LabConfig, id: string, kind: JobKind = HBASE_JOB): (StreamMetrics & Partial<WorkerReport>) | null {
  try {
    return JSON.parse(fs.readFileSync(metricsFile(cfg, workerName(id, kind)), 'utf8')) as StreamMetrics & Partial<WorkerReport>;
  } catch {
    return null;
  }
}

/** Starts worker `id` unless it runs; resolves once it has joined its consumer group. */
export function startWorker(cfg: LabConfig, id: string, kind: JobKind = HBASE_JOB): Promise<{ pid: number; outcome: 'started' | 'running' }> {
  const name = workerName(id, kind);
  if (!runningManaged(cfg, name)) fs.rmSync(metricsFile(cfg, name), { force: true });
  return startManaged(cfg, {
    name,
    command: process.execPath,
    args: [...jobNodeArgs(), path.join(cfg.projectRoot, 'bin', 'lab.js'), kind.command, '--worker-id', id],
    ready: async () => (readWorkerMetrics(cfg, id, kind)?.joinedAt ? true : 'not in the consumer group yet'),
  });
}

/** Stops every worker of the job that has a pid file (also extra ones started by hand or by tests). */
export async function stopWorkers(cfg: LabConfig, kind: JobKind = HBASE_JOB): Promise<{ name: string; workerId: string; outcome: string }[]> {
  return Promise.all(
    managedNames(cfg, `${kind.prefix}-`).map(async (name) => {
      const outcome = await stopManaged(cfg, name);
      fs.rmSync(metricsFile(cfg, name), { force: true });
      return { name, workerId: name.slice(kind.prefix.length + 1), outcome };
    }),
  );
}

export function workerStatus(cfg: LabConfig, kind: JobKind = HBASE_JOB): WorkerStatus[] {
  const ids = new Set([...workerIds(cfg, kind), ...managedNames(cfg, `${kind.prefix}-`).map((n) => n.slice(kind.prefix.length + 1))]);
  return [...ids].sort().map((id) => {
    const rec = runningManaged(cfg, workerName(id, kind));
    const metrics = rec ? readWorkerMetrics(cfg, id, kind) : null;
    return {
      workerId: id,
      state: rec ? (metrics?.joinedAt ? 'running' : 'starting') : 'stopped',
      pid: rec?.pid ?? null,
      logFile: labPaths(cfg).serviceLog(workerName(id, kind)),
      metrics,
      kafkajsMissing: metrics?.kafkajsParts ? missingParts(metrics.kafkajsParts) : null,
    };
  });
}
