import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Kafka, ProducerRecord } from 'kafkajs';
import { labPaths, type LabConfig } from '../src/config';
import { generateBulk, readTruth, writeTruth, type TruthSummary } from '../src/generator';
import { HBaseClient } from '../src/hbase';
import { ensureTopics, kafkaFor } from '../src/kafka';
import { freshDay } from '../src/lessons/fresh-day';
import { measureFreshness } from '../src/lessons/freshness';
import { HBaseExactlyOnceSink } from '../src/stream/hbase-sinks';
import { jobConsumerOptions, StreamJob } from '../src/stream/job';
import { JOB_HEAP_FLAGS, jobNodeArgs } from '../src/process/job-process';
import { lineKey } from '../src/stream/line-identity';
import { createLineHandler } from '../src/stream/lines';
import { median } from './in-process';
import { sleep } from '../src/util/wait';
import { doneWithRound, measureSqlJob } from './sql-sink';
import { untilExact } from './exact';

const secondsSince = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;


/** Generated lines for two days only this run uses, in `file`. */
export function generateFor(cfg: LabConfig, seed: string, lines: number, file: string): Promise<TruthSummary> {
  return generateBulk({ seed, lines, startDay: freshDay(), days: 2, malformedRate: 0.02, projectRoot: cfg.projectRoot }, file);
}

/** Files a keyed round's lines come from, as if four web servers' logs were shipped by Flume. */
const KEYED_FILES = 4;

/**
 * Sends a generated file's lines to `topic` through `send` (a producer's, or an open transaction's). The lines are
 * garbage once this returns: they must not sit in the heap while the consumers are measured (every old-generation
 * collection would walk them). `keyed`: each line gets the key Flume's LineIdentity interceptor gives it
 * (`<file>@<byte offset>`), so the job checks every line against its file positions, as it does for lines Flume ships.
 */
export async function sendFile(send: (record: ProducerRecord) => Promise<unknown>, topic: string, file: string, keyed: boolean): Promise<void> {
  const values = fs.readFileSync(file, 'utf8').split('\n').slice(0, -1).map((l) => Buffer.from(l));
  const offsets = new Array<number>(KEYED_FILES).fill(0);
  const keyOf = (i: number) => {
    const f = i % KEYED_FILES;
    const key = lineKey(`/var/log/bench/${topic}-web${f}.log`, offsets[f] as number);
    offsets[f] = (offsets[f] as number) + (values[i] as Buffer).length + 1;
    return key;
  };
  for (let i = 0; i < values.length; i += 2000) {
    await send({ topic, messages: values.slice(i, i + 2000).map((value, k) => (keyed ? { key: keyOf(i + k), value } : { value })) });
  }
}

async function produceFile(kafka: Kafka, topic: string, file: string, keyed: boolean): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await sendFile((r) => producer.send(r), topic, file, keyed);
  await producer.disconnect();
}

/** A topic of generated lines, ready to be read, and where its ground truth is. */
export interface KafkaRound {
  topic: string;
  lines: number;
  truthFile: string;
  /** Lines keyed as Flume ships them: only the job reads them (what checking for re-sends costs it). */
  keyed: boolean;
  /** Only the job is measured on it (keyed rounds, and the rounds the Spark job read first). */
  jobOnly?: boolean;
}

/** Fills a fresh topic with `lines` generated lines (2% malformed) for days no other run uses. */
export async function prepareKafkaRound(cfg: LabConfig, kafka: Kafka, lines: number, keyed = false): Promise<KafkaRound> {
  const topic = `bench-${Date.now()}${keyed ? '-keyed' : ''}`;
  await ensureTopics(kafka, [{ topic, numPartitions: cfg.topics.partitions }]);
  const file = path.join(labPaths(cfg).home, `${topic}.tmp`);
  const truth = await generateFor(cfg, topic, lines, file);
  await produceFile(kafka, topic, file, keyed);
  fs.rmSync(file);
  const truthFile = path.join(labPaths(cfg).home, `${topic}.truth.json`);
  writeTruth(truthFile, truth);
  return { topic, lines, truthFile, keyed };
}

/** Seconds a consumer that reads and discards takes to read the topic's `lines` lines. */
async function bareRead(kafka: Kafka, topic: string, lines: number, group: string): Promise<number> {
  // The same fetch settings as the job: the ratio is then the cost of what the job does with the lines.
  const bare = kafka.consumer({ groupId: `${topic}-${group}`, ...jobConsumerOptions() });
  await bare.connect();
  await bare.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  const t = process.hrtime.bigint();
  await bare.run({ eachBatch: async ({ batch }) => void (seen += batch.messages.length) });
  while (seen < lines) await sleep(20);
  const sec = secondsSince(t);
  await bare.disconnect();
  return sec;
}

/**
 * The bare consumer of a round: kafkajs as published. It runs in a process started without the lab's kafkajs
 * preload (runKafkaRounds), so it reads as kafkajs alone does.
 */
export async function measureBareRound(kafka: Kafka, round: KafkaRound) {
  const bareSec = await bareRead(kafka, round.topic, round.lines, 'bare');
  return { topic: round.topic, bareSec };
}

/**
 * The lab's side of a round, in a process started as the job's workers are (with the preload, src/process/job-process.ts):
 * a bare consumer reading the lab's way (the faster decoder and Batch), so the report also shows what the job
 * costs on top of reading, then the job counting the topic into HBase exactly.
 */
export async function measureLabRound(cfg: LabConfig, kafka: Kafka, round: KafkaRound) {
  const labReadSec = await bareRead(kafka, round.topic, round.lines, 'bare-lab-reading');
  const { jobSec, exact } = await measureJob(cfg, kafka, round);
  // The SQL job on the same topic, after the HBase job (never beside it: each has the machine to itself).
  const sql = await measureSqlJob(cfg, kafka, round);
  doneWithRound(round);
  return { topic: round.topic, labReadSec, jobSec, exact, ...sql };
}

/** The job alone on a round's topic, writing exactly once to HBase: seconds to take every line in, and whether HBase is exact. */
export async function measureJob(cfg: LabConfig, kafka: Kafka, round: KafkaRound): Promise<{ jobSec: number; exact: boolean }> {
  const { topic, lines } = round;
  const hbase = await HBaseClient.forLab(cfg);
  const job = new StreamJob({
    kafka, sink: new HBaseExactlyOnceSink(hbase), handleLine: createLineHandler(cfg), topic, deadLetterTopic: cfg.topics.deadLetter,
    courseTable: cfg.tables.courseClicks, searchTable: cfg.tables.searchClicks, groupId: `${topic}-job`,
  });
  const t = process.hrtime.bigint();
  await job.start();
  while (job.metrics.m.linesIn < lines) await sleep(20);
  const jobSec = secondsSince(t);
  await job.stop();
  const exact = await untilExact(hbase, cfg, readTruth(round.truthFile), 30_000);
  hbase.close();
  return { jobSec, exact };
}

/**
 * Kafka → job → HBase with exact totals, against a bare kafkajs consumer reading the same topic. The topics are
 * filled here; both consumers then run in a fresh process (kafka-rounds.ts), as a lab worker does, not in this
 * one, whose heap holds the generator bench's leftovers. The goal is a sustained rate, so the first
 * `warmupRounds` rounds warm up that process's JIT and the lab's JVMs and are reported apart: in a lab just
 * started, HBase's conditional increments take ~0.5 s a batch at first and ~0.05 s once its JIT has compiled
 * them, and the job's rate climbs over the first few million lines while the bare consumer's does not. Then
 * `rounds` rounds, each on its own topic. Runs of the same code on this 2-core machine differ by ±10%, so the
 * figures are the rounds' medians, and every round is reported.
 */
export async function benchKafkaToHBase(cfg: LabConfig, lines: number, rounds = 3, warmupRounds = 4) {
  const kafka = kafkaFor(cfg, 'bench');
  const topics: KafkaRound[] = [];
  for (let r = 0; r < warmupRounds + rounds; r++) topics.push(await prepareKafkaRound(cfg, kafka, lines));
  // Each measured round also has the same number of lines keyed as Flume ships them, for the job alone.
  for (let r = 0; r < rounds; r++) topics.push(await prepareKafkaRound(cfg, kafka, lines, true));
  const plainTopics = topics.filter((t) => !t.keyed);
  const bare = await runKafkaRounds<Awaited<ReturnType<typeof measureBareRound>>>(cfg, 'bare', plainTopics);
  const lab = await runKafkaRounds<Awaited<ReturnType<typeof measureLabRound>> | Awaited<ReturnType<typeof measureJobRound>>>(cfg, 'lab', topics);
  const rate = (round: KafkaRound, sec: number) => Math.round(round.lines / sec);
  const labOf = new Map(lab.map((r) => [r.topic, r]));
  const plain = plainTopics.map((round, i) => {
    const b = bare[i] as Awaited<ReturnType<typeof measureBareRound>>;
    const l = labOf.get(round.topic) as Awaited<ReturnType<typeof measureLabRound>>;
    return {
      bare: rate(round, b.bareSec),
      bareLabReading: rate(round, l.labReadSec),
      job: rate(round, l.jobSec),
      ratio: +(b.bareSec / l.jobSec).toFixed(3),
      ratioToLabReading: +(l.labReadSec / l.jobSec).toFixed(3),
      exact: l.exact,
      sqlJob: rate(round, l.sqlJobSec),
      sqlExact: l.sqlExact,
      sqlConflictRetries: l.conflictRetries,
    };
  });
  const keyed = topics.flatMap((round) => {
    const l = labOf.get(round.topic);
    return round.keyed && l ? [{ keyedJob: rate(round, l.jobSec), exact: l.exact }] : [];
  });
  const warmup = plain.slice(0, warmupRounds);
  const measured = plain.slice(warmupRounds);
  const jobLinesPerSec = median(measured.map((m) => m.job));
  const keyedJobLinesPerSec = median(keyed.map((k) => k.keyedJob));
  const sqlJobLinesPerSec = median(measured.map((m) => m.sqlJob));
  return {
    lines,
    jobLinesPerSec,
    // The SQL job (issue #17) on the same topics: Kafka -> job -> MariaDB, exact; and HBase's rate over it.
    sqlJobLinesPerSec,
    hbaseToSqlRatio: +(jobLinesPerSec / sqlJobLinesPerSec).toFixed(3),
    sqlExact: plain.every((m) => m.sqlExact),
    bareConsumerLinesPerSec: median(measured.map((m) => m.bare)),
    ratio: median(measured.map((m) => m.ratio)),
    bareLabReadingLinesPerSec: median(measured.map((m) => m.bareLabReading)),
    ratioToLabReading: median(measured.map((m) => m.ratioToLabReading)),
    // Lines keyed `<file>@<byte offset>` are checked against the partition's file positions (re-sends skipped).
    keyedJobLinesPerSec,
    keyedToPlainRatio: +(keyedJobLinesPerSec / jobLinesPerSec).toFixed(3),
    exact: plain.every((m) => m.exact) && keyed.every((k) => k.exact),
    rounds: measured,
    keyedRounds: keyed,
    warmup,
  };
}

/** The job alone on a round: a keyed one (bare consumers read keys for free), or one the Spark job read too. */
export async function measureJobRound(cfg: LabConfig, kafka: Kafka, round: KafkaRound) {
  const { jobSec, exact } = await measureJob(cfg, kafka, round);
  doneWithRound(round);
  return { topic: round.topic, jobSec, exact };
}

/** Which consumers a kafka-rounds.js process runs: kafkajs as published, or the lab's (preloaded) reading and job. */
export type RoundsMode = 'bare' | 'lab';

/**
 * Runs kafka-rounds.js in a child process: its last stdout line is the rounds' results as JSON. Only `lab`
 * processes get the kafkajs preload: the faster parts are switched per process, never inside one.
 */
export function runKafkaRounds<R>(cfg: LabConfig, mode: RoundsMode, rounds: KafkaRound[]): Promise<R[]> {
  const nodeArgs = mode === 'lab' ? jobNodeArgs() : [...JOB_HEAP_FLAGS];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, path.join(__dirname, 'kafka-rounds.js'), mode, JSON.stringify(rounds)], {
      env: { ...process.env, LAB_HOME: labPaths(cfg).home },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`kafka-rounds.js ${mode} exited with ${code}: ${last}`));
      resolve(JSON.parse(last) as R[]);
    });
  });
}

/** Flume → Kafka → job → HBase: a file of generated lines appears in Flume's directory; until HBase is exact. */
export async function benchFlumeToHBase(cfg: LabConfig, lines: number, warmupLines = 100_000) {
  const hbase = await HBaseClient.forLab(cfg);
  const admin = kafkaFor(cfg, 'bench-flume').admin();
  await admin.connect();
  const shippedSoFar = async () => (await admin.fetchTopicOffsets(cfg.topics.accessLog)).reduce((sum, p) => sum + Number(p.offset), 0);
  /**
   * Drops a generated file into Flume's directory (a rename: Flume sees it whole); seconds until every line is
   * in Kafka (Flume's part: TAILDIR → Kafka channel, acknowledged by Kafka) and until HBase is exact.
   */
  const ship = async (name: string, n: number) => {
    const staging = path.join(labPaths(cfg).home, `${name}.staging`);
    const truth = await generateFor(cfg, `${name}-${Date.now()}`, n, staging);
    const before = await shippedSoFar();
    const t = process.hrtime.bigint();
    fs.renameSync(staging, path.join(labPaths(cfg).flumeLogDir, `${name}-${Date.now()}.log`));
    const inKafka = (async () => {
      while ((await shippedSoFar()) - before < n) await sleep(50);
      return secondsSince(t);
    })();
    const exact = await untilExact(hbase, cfg, truth, 300_000);
    return { exact, sec: secondsSince(t), kafkaSec: await inKafka };
  };
  try {
    // A lab just brought up runs cold (Flume's JIT, the worker's first transactions): a sustained rate is
    // measured after a first file has gone all the way through.
    const warmup = await ship('bench-flume-warmup', warmupLines);
    const { exact, sec, kafkaSec } = await ship('bench-flume', lines);
    return {
      lines,
      linesPerSec: Math.round(lines / sec),
      seconds: +sec.toFixed(2),
      flumeToKafkaLinesPerSec: Math.round(lines / kafkaSec),
      exact,
      warmupLines,
      warmupSeconds: +warmup.sec.toFixed(2),
    };
  } finally {
    await admin.disconnect();
    hbase.close();
  }
}

/** Freshness at a steady rate (see src/lessons/freshness.ts): the samples stay out of the bench's report. */
export async function benchFreshness(cfg: LabConfig, rate: number, seconds: number) {
  const hbase = await HBaseClient.forLab(cfg);
  try {
    const { series: _series, ...summary } = await measureFreshness(cfg, hbase, rate, seconds);
    return summary;
  } finally {
    hbase.close();
  }
}
