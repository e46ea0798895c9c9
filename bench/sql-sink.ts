import * as fs from 'node:fs';
import type { Kafka } from 'kafkajs';
import type { LabConfig } from '../src/config';
import { readTruth } from '../src/generator';
import { JOB_SESSION, sqlEndpointFor, sqlPool } from '../src/sql';
import { sqlTotals } from '../src/stores';
import { createLineHandler } from '../src/stream/lines';
import { SqlStreamJob } from '../src/stream/sql-job';
import { sleep } from '../src/util/wait';
import { untilExact } from './exact';
import type { KafkaRound } from './pipeline';

/**
 * The SQL job alone on a round's topic (issue #17): Kafka → the same counting → MariaDB, one transaction per batch
 * with the positions table. Seconds to take every line in, whether the database then equals the round's ground
 * truth, and how many batches ran again after a deadlock between partitions.
 */
export async function measureSqlJob(cfg: LabConfig, kafka: Kafka, round: KafkaRound): Promise<{ sqlJobSec: number; sqlExact: boolean; conflictRetries: number }> {
  const pool = sqlPool(sqlEndpointFor(cfg), 4, JOB_SESSION);
  const job = new SqlStreamJob({ kafka, pool, handleLine: createLineHandler(cfg), topic: round.topic, groupId: `${round.topic}-sql`, workerId: 'bench' });
  try {
    const t = process.hrtime.bigint();
    await job.start();
    const deadline = Date.now() + 300_000;
    while (job.metrics.m.linesIn < round.lines) {
      if (Date.now() > deadline) throw new Error(`the SQL job took in only ${job.metrics.m.linesIn} of ${round.lines} lines of ${round.topic} in 300 s`);
      await sleep(20);
    }
    const sqlJobSec = Number(process.hrtime.bigint() - t) / 1e9;
    const sqlExact = await untilExact(sqlTotals(pool), cfg, readTruth(round.truthFile), 30_000);
    return { sqlJobSec, sqlExact, conflictRetries: job.conflictRetries };
  } finally {
    await job.stop().catch(() => undefined);
    await pool.end();
  }
}

/** Removes a round's ground truth once every job measured on it has been checked. */
export function doneWithRound(round: KafkaRound): void {
  fs.rmSync(round.truthFile, { force: true });
}
