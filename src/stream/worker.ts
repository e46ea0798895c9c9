import * as fs from 'node:fs';
import { labPaths, type LabConfig } from '../config';
import { HBaseClient } from '../hbase';
import { installedParts, kafkaFor, KAFKAJS_VERSION, missingParts, type InstalledParts } from '../kafka';
import { HBaseExactlyOnceSink } from './hbase-sinks';
import { StreamJob, type LineHandler } from './job';
import type { StreamMetrics } from './metrics';
import { SqlStreamJob } from './sql-job';
import { JOB_SESSION, sqlEndpointFor, sqlPool } from '../sql';
import { serveUntilStopped, writeAtomically } from '../process/serve';

/** Where a worker (`stream-1`, `sql-1`) publishes its metrics, rewritten twice a second: read by `lab status` and the dashboard. */
export function metricsFile(cfg: LabConfig, workerName: string): string {
  return labPaths(cfg).pidFile(workerName).replace(/\.pid$/, '.metrics.json');
}

/** What a worker's metrics file holds: the job's metrics, its pid, and which faster kafkajs parts it runs. */
export interface WorkerReport {
  pid: number;
  kafkajsParts: InstalledParts;
}

/** What a worker process runs: either job, seen through what the worker needs of it. */
interface WorkerJob {
  start(): Promise<void>;
  stop(): Promise<void>;
  onCrash(cb: (err: unknown) => void): void;
  metrics: { snapshot(): StreamMetrics };
}

/**
 * Runs one worker of the HBase job in this process until SIGTERM/SIGINT (`lab stream`). Exits non-zero when the
 * consumer crashes for good, so whoever supervises it (`lab up`) can start it again.
 */
export async function runWorker(cfg: LabConfig, workerId: string, handleLine: LineHandler): Promise<void> {
  const hbase = await HBaseClient.forLab(cfg);
  const kafka = kafkaFor(cfg, `stream-worker-${workerId}`);
  const job = new StreamJob({
    kafka,
    sink: new HBaseExactlyOnceSink(hbase),
    handleLine,
    topic: cfg.topics.accessLog,
    deadLetterTopic: cfg.topics.deadLetter,
    courseTable: cfg.tables.courseClicks,
    searchTable: cfg.tables.searchClicks,
    groupId: cfg.stream.groupId,
    workerId,
    maxBatchLines: cfg.stream.maxBatchLines,
    maxWaitMs: cfg.stream.maxWaitMs,
  });
  await serve(cfg, `stream-${workerId}`, cfg.stream.groupId, job, () => hbase.close());
}

/** Runs one worker of the SQL job (`lab sql-stream`, issue #17): the same lines into the relational store. */
export async function runSqlWorker(cfg: LabConfig, workerId: string, handleLine: LineHandler): Promise<void> {
  const pool = sqlPool(sqlEndpointFor(cfg), 4, JOB_SESSION);
  const job = new SqlStreamJob({
    kafka: kafkaFor(cfg, `sql-worker-${workerId}`),
    pool,
    handleLine,
    topic: cfg.topics.accessLog,
    groupId: cfg.sql.groupId,
    workerId,
    maxWaitMs: cfg.stream.maxWaitMs,
  });
  await serve(cfg, `sql-${workerId}`, cfg.sql.groupId, job, () => void pool.end().catch(() => undefined));
}

/** Starts the job, publishes its metrics, and stops it on SIGTERM/SIGINT (exit 0) or when it crashes for good (exit 1). */
async function serve(cfg: LabConfig, name: string, groupId: string, job: WorkerJob, close: () => void): Promise<void> {
  const file = metricsFile(cfg, name);
  fs.mkdirSync(labPaths(cfg).run, { recursive: true });
  const parts = installedParts();
  const missing = missingParts(parts);
  // Started by `lab up`, a worker has them all (process/job-process.ts); by hand without the preload, none.
  if (missing.length === 0) console.log(`${name}: kafkajs ${KAFKAJS_VERSION} with the lab's faster ${Object.keys(parts).join(', ')}`);
  else console.error(`${name}: kafkajs ${KAFKAJS_VERSION} WITHOUT the lab's faster ${missing.join(', ')} (start workers with \`lab up\`, which preloads them): correct, but slower`);
  const report: WorkerReport = { pid: process.pid, kafkajsParts: parts };
  const stop = serveUntilStopped({
    publish: () => writeAtomically(file, JSON.stringify({ ...report, ...job.metrics.snapshot() })),
    everyMs: 500,
    shutdown: async () => {
      await job.stop().catch(() => undefined);
      close();
      fs.rmSync(file, { force: true });
    },
  });
  await job.start();
  console.log(`${name} consuming ${cfg.topics.accessLog} as group ${groupId} (pid ${process.pid})`);
  job.onCrash((err) => {
    console.error(`${name} stopped: ${String(err)}`);
    void stop(1);
  });
}
