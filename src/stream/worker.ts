import * as fs from 'node:fs';
import { labPaths, type LabConfig } from '../config';
import { HBaseClient } from '../hbase';
import { installedParts, kafkaFor, KAFKAJS_VERSION, missingParts, type InstalledParts } from '../kafka';
import { HBaseExactlyOnceSink } from './hbase-sinks';
import { StreamJob, type LineHandler } from './job';

/** Where a worker publishes its metrics (rewritten twice a second): read by `lab status` and the dashboard. */
export function metricsFile(cfg: LabConfig, workerId: string): string {
  return labPaths(cfg).pidFile(`stream-${workerId}`).replace(/\.pid$/, '.metrics.json');
}

/** What a worker's metrics file holds: the job's metrics, its pid, and which faster kafkajs parts it runs. */
export interface WorkerReport {
  pid: number;
  kafkajsParts: InstalledParts;
}

function writeAtomically(file: string, text: string): void {
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

/**
 * Runs one streaming worker in this process until SIGTERM/SIGINT (`lab stream`). Exits non-zero when the
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
  const file = metricsFile(cfg, workerId);
  fs.mkdirSync(labPaths(cfg).run, { recursive: true });
  const parts = installedParts();
  const missing = missingParts(parts);
  // Started by `lab up`, a worker has them all (stream/job-process.ts); by hand without the preload, none.
  if (missing.length === 0) console.log(`stream worker ${workerId}: kafkajs ${KAFKAJS_VERSION} with the lab's faster ${Object.keys(parts).join(', ')}`);
  else console.error(`stream worker ${workerId}: kafkajs ${KAFKAJS_VERSION} WITHOUT the lab's faster ${missing.join(', ')} (start workers with \`lab up\`, which preloads them): correct, but slower`);
  const report: WorkerReport = { pid: process.pid, kafkajsParts: parts };
  const publish = () => writeAtomically(file, JSON.stringify({ ...report, ...job.metrics.snapshot() }));
  const timer = setInterval(publish, 500);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    await job.stop().catch(() => undefined);
    hbase.close();
    fs.rmSync(file, { force: true });
    process.exit(code);
  };
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  await job.start();
  console.log(`stream worker ${workerId} consuming ${cfg.topics.accessLog} as group ${cfg.stream.groupId} (pid ${process.pid})`);
  job.onCrash((err) => {
    console.error(`stream worker ${workerId} stopped: ${String(err)}`);
    void stop(1);
  });
}
