import type { LabConfig } from '../config';
import { HBASE_JOB, workerStatus, type JobKind } from '../stream/workers';

/** A job's health figures, summed over its workers (read from their metrics files): the HBase job's unless told. */
export interface PipelineMetrics {
  at: string;
  workers: number;
  workersRunning: number;
  linesPerSec: number;
  linesIn: number;
  counted: number;
  filtered: number;
  malformed: number;
  lag: number;
  batchLatencyMs: { p50: number; p99: number };
}

export function pipelineMetrics(cfg: LabConfig, kind: JobKind = HBASE_JOB): PipelineMetrics {
  const workers = workerStatus(cfg, kind);
  const live = workers.flatMap((w) => (w.state === 'running' && w.metrics ? [w.metrics] : []));
  const sum = (f: (m: (typeof live)[number]) => number) => live.reduce((s, m) => s + f(m), 0);
  return {
    at: new Date().toISOString(),
    workers: workers.length,
    workersRunning: live.length,
    linesPerSec: sum((m) => m.linesPerSec),
    linesIn: sum((m) => m.linesIn),
    counted: sum((m) => m.counted),
    filtered: sum((m) => m.filtered),
    malformed: sum((m) => m.malformed),
    lag: sum((m) => m.lag),
    batchLatencyMs: {
      p50: Math.max(0, ...live.map((m) => m.batchLatencyMs.p50)),
      p99: Math.max(0, ...live.map((m) => m.batchLatencyMs.p99)),
    },
  };
}
