import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Kafka } from 'kafkajs';
import type { LabConfig } from '../config';
import { endOffsets } from '../kafka';
import { logTail } from '../process/pid-process';
import { eventually } from '../util/wait';

/**
 * How far the Spark job has got, read from outside it: its checkpoint (which batch committed, up to which Kafka
 * offsets) and the one line per batch it logs (clickstream.BatchLog).
 */

/** The last micro-batch Spark committed, and the Kafka offsets it had read up to. */
export interface SparkProgress {
  batchId: number;
  /** Per topic, per partition, the next offset to read. */
  offsets: Map<string, Map<number, number>>;
}

/**
 * From a checkpoint directory: `commits/<id>` marks a batch done, `offsets/<id>` holds (third line, JSON) the
 * offsets the batch read up to. Null before the first batch commits.
 */
export function readCheckpoint(checkpoint: string): SparkProgress | null {
  let ids: number[];
  try {
    ids = fs.readdirSync(path.join(checkpoint, 'commits')).filter((f) => /^\d+$/.test(f)).map(Number);
  } catch {
    return null;
  }
  if (ids.length === 0) return null;
  const batchId = Math.max(...ids);
  const lines = fs.readFileSync(path.join(checkpoint, 'offsets', String(batchId)), 'utf8').split('\n');
  const byTopic = JSON.parse(lines[2] ?? '{}') as Record<string, Record<string, number>>;
  const offsets = new Map(Object.entries(byTopic).map(([topic, parts]) => [topic, new Map(Object.entries(parts).map(([p, o]) => [Number(p), Number(o)]))]));
  return { batchId, offsets };
}

/** Whether the checkpoint's last committed batch read `topic` up to `ends` (or further). */
export function reached(progress: SparkProgress | null, topic: string, ends: Map<number, number>): boolean {
  const read = progress?.offsets.get(topic);
  return !!read && [...ends].every(([p, end]) => (read.get(p) ?? 0) >= end);
}

/** Until the Spark job has committed a batch that read `topic` up to its end as it is when this is called. */
export async function untilSparkCaughtUp(kafka: Kafka, checkpoint: string, topic: string, timeoutMs: number): Promise<void> {
  const ends = await endOffsets(kafka, topic);
  await eventually(`the Spark job to read ${topic} to its end`, () => (reached(readCheckpoint(checkpoint), topic, ends) ? true : undefined), { timeoutMs, intervalMs: 100 });
}

/** One micro-batch that read lines, as the job logs it. */
export interface SparkBatch {
  batchId: number;
  rows: number;
  /** Trigger to commit. */
  ms: number;
  /** When the batch was triggered (ISO time). */
  at: string;
}

const BATCH_LINE = /clickstream-spark: batch (\d+) rows (\d+) ms (-?\d+) at (\S+)/;

/** The batches in the last `lines` lines of the job's log, oldest first. */
export function recentBatches(logFile: string, lines = 2000): SparkBatch[] {
  return logTail(logFile, lines).flatMap((l) => {
    const m = BATCH_LINE.exec(l);
    return m ? [{ batchId: Number(m[1]), rows: Number(m[2]), ms: Number(m[3]), at: m[4] as string }] : [];
  });
}

/** The same config with the Spark job's tables in place of the lab job's: the stores/ readers then read Spark's. */
export function sparkTablesConfig(cfg: LabConfig): LabConfig {
  return { ...cfg, tables: { ...cfg.tables, courseClicks: cfg.tables.sparkCourseClicks, searchClicks: cfg.tables.sparkSearchClicks } };
}
