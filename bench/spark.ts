import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Kafka } from 'kafkajs';
import { labPaths, type LabConfig } from '../src/config';
import { readTruth, writeTruth } from '../src/generator';
import { HBaseClient } from '../src/hbase';
import { ensureTopics, kafkaFor } from '../src/kafka';
import { measureFreshness } from '../src/lessons/freshness';
import { sparkCheckpoint, startSparkJob, stopSparkJob } from '../src/spark/job';
import { recentBatches, sparkTablesConfig, untilSparkCaughtUp } from '../src/spark/progress';
import { hbaseTotals } from '../src/stores';
import { untilExact } from './exact';
import { median } from './in-process';
import { generateFor, measureJobRound, runKafkaRounds, sendFile, type KafkaRound } from './pipeline';

const secondsSince = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;

/**
 * A round's topic, filled inside one Kafka transaction that is left open: a `read_committed` reader (the Spark job,
 * and the lab's job, like every kafkajs consumer by default) sees none of it until `commit`, then all of it at
 * once. That is how a job that is already running and warm gets a full topic to read, without also measuring how
 * fast the lines were produced.
 */
async function prepareOpenRound(cfg: LabConfig, kafka: Kafka, topic: string, lines: number): Promise<{ round: KafkaRound; commit: () => Promise<void> }> {
  await ensureTopics(kafka, [{ topic, numPartitions: cfg.topics.partitions }]);
  const file = path.join(labPaths(cfg).home, `${topic}.tmp`);
  const truth = await generateFor(cfg, topic, lines, file);
  const truthFile = path.join(labPaths(cfg).home, `${topic}.truth.json`);
  writeTruth(truthFile, truth);
  const producer = kafka.producer({ transactionalId: `${topic}-tx`, idempotent: true, maxInFlightRequests: 1, transactionTimeout: 300_000 });
  await producer.connect();
  const tx = await producer.transaction();
  await sendFile((r) => tx.send(r), topic, file, false);
  fs.rmSync(file);
  return {
    round: { topic, lines, truthFile, keyed: false, jobOnly: true },
    // The producer is let go afterwards, not awaited: kafkajs's disconnect can take seconds, which are not Spark's.
    commit: async () => {
      await tx.commit();
      void producer.disconnect();
    },
  };
}

interface SparkRound {
  topic: string;
  /** Commit of the round's transaction → Spark's checkpoint has a committed batch that read the topic to its end. */
  sec: number;
  exact: boolean;
  /** Spark's own figures for the batches that read the round: how many, and their trigger-to-commit times. */
  batches: number;
  batchMs: number;
}

/**
 * The Spark job (local[2], as `lab spark start` runs it) on rounds of `lines` lines, one topic each. It is started
 * once, subscribed to a pattern the rounds' topics match, so every round after the first `warmupRounds` finds its
 * JVM warm, as the lab job's rounds do. Each round's lines become readable at once (see prepareOpenRound).
 */
async function sparkRounds(cfg: LabConfig, kafka: Kafka, lines: number, count: number): Promise<{ rounds: SparkRound[]; topics: KafkaRound[] }> {
  const run = `bench-spark-${Date.now()}`;
  const checkpoint = path.join(labPaths(cfg).data, 'spark', run);
  const logFile = labPaths(cfg).serviceLog('spark');
  const hbase = await HBaseClient.forLab(cfg);
  const rounds: SparkRound[] = [];
  const topics: KafkaRound[] = [];
  await stopSparkJob(cfg);
  await startSparkJob(cfg, { topicPattern: `${run}-[0-9]+`, checkpoint, quiet: true });
  try {
    for (let r = 0; r < count; r++) {
      const { round, commit } = await prepareOpenRound(cfg, kafka, `${run}-${r}`, lines);
      await commit();
      const committedAt = Date.now();
      const t = process.hrtime.bigint();
      await untilSparkCaughtUp(kafka, checkpoint, round.topic, 300_000);
      const sec = secondsSince(t);
      const exact = await untilExact(hbaseTotals(hbase, sparkTablesConfig(cfg)), cfg, readTruth(round.truthFile), 30_000);
      // Only this round's topic has lines to read now: every batch with lines triggered since (less one trigger
      // interval, as a batch stamps the time it was triggered, before it looked for lines) read this round's.
      const batches = recentBatches(logFile).filter((b) => Date.parse(b.at) >= committedAt - 1000);
      rounds.push({ topic: round.topic, sec, exact, batches: batches.length, batchMs: batches.reduce((sum, b) => sum + b.ms, 0) });
      topics.push(round);
    }
  } finally {
    await stopSparkJob(cfg);
    hbase.close();
    fs.rmSync(checkpoint, { recursive: true, force: true });
  }
  return { rounds, topics };
}

/**
 * The lab's job and the Spark job on the same prepared topics, one after the other (each has the machine to
 * itself), exact every round. Spark reads each topic first, as its lines become readable; the lab's job then reads
 * the same topic from its beginning, in a process started as its workers are (bench/kafka-rounds.ts). Rates are
 * the medians of the rounds after the warm-up ones.
 */
export async function benchSparkThroughput(cfg: LabConfig, lines: number, rounds = 3, warmupRounds = 1) {
  const kafka = kafkaFor(cfg, 'bench-spark');
  const spark = await sparkRounds(cfg, kafka, lines, warmupRounds + rounds);
  const lab = await runKafkaRounds<Awaited<ReturnType<typeof measureJobRound>>>(cfg, 'lab', spark.topics);
  const perRound = spark.rounds.map((s, i) => {
    const l = lab[i] as Awaited<ReturnType<typeof measureJobRound>>;
    return {
      topic: s.topic,
      labJob: Math.round(lines / l.jobSec),
      labExact: l.exact,
      sparkJob: Math.round(lines / s.sec),
      sparkExact: s.exact,
      sparkBatches: s.batches,
      // Spark's own view: lines over the time its batches ran, without the wait for the next trigger.
      sparkInBatches: s.batchMs > 0 ? Math.round(lines / (s.batchMs / 1000)) : null,
    };
  });
  const measured = perRound.slice(warmupRounds);
  const labJobLinesPerSec = median(measured.map((m) => m.labJob));
  const sparkJobLinesPerSec = median(measured.map((m) => m.sparkJob));
  return {
    lines,
    labJobLinesPerSec,
    sparkJobLinesPerSec,
    labToSparkRatio: +(labJobLinesPerSec / sparkJobLinesPerSec).toFixed(3),
    exact: perRound.every((r) => r.labExact && r.sparkExact),
    rounds: measured,
    warmup: perRound.slice(0, warmupRounds),
  };
}

/**
 * The Spark job's freshness, measured as the lab job's is (src/lessons/freshness.ts: the live generator writes
 * `rate` lines/s into Flume's directory, today's total is read every 50 ms), but from Spark's tables. The job runs
 * as `lab spark start` runs it (access-log, trigger `triggerMs`), after it has caught up with the topic.
 */
export async function benchSparkFreshness(cfg: LabConfig, rate: number, seconds: number, triggerMs = 1000) {
  const kafka = kafkaFor(cfg, 'bench-spark-freshness');
  const hbase = await HBaseClient.forLab(cfg);
  await stopSparkJob(cfg);
  await startSparkJob(cfg, { triggerMs, quiet: true });
  try {
    await untilSparkCaughtUp(kafka, sparkCheckpoint(cfg), cfg.topics.accessLog, 30 * 60_000);
    const { series: _series, ...summary } = await measureFreshness(sparkTablesConfig(cfg), hbase, rate, seconds);
    return { ...summary, triggerMs };
  } finally {
    await stopSparkJob(cfg);
    hbase.close();
  }
}
