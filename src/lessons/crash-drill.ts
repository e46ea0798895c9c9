import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Kafka } from 'kafkajs';
import { labPaths, type LabConfig } from '../config';
import { LabError } from '../errors';
import { generateBulk, type TruthSummary } from '../generator';
import type { HBaseClient } from '../hbase';
import { endOffsets, ensureTopics, kafkaFor } from '../kafka';
import { freshDay } from './fresh-day';
import { dayTotal } from './freshness';
import type { CrashNote, DrillWorkerOptions } from './drill-worker';
import { hbaseSink } from '../stream/hbase-sinks';
import { jobNodeArgs } from '../process/job-process';
import { StreamJob } from '../stream/job';
import { createLineHandler } from '../stream/lines';
import { verifyTotals, type Difference } from '../stream/verify';
import { sleep } from '../util/wait';

/**
 * Lesson 05's crash drill, against the live Kafka and HBase: a day of generated lines (a day no one else
 * writes) goes into a topic of its own; a streaming worker in a child process counts them and is killed
 * with SIGKILL after its first micro-batch reached HBase but before that batch's offsets were committed;
 * a new worker in the same consumer group takes over from the last committed offset — replaying that
 * batch — and runs until the group has committed the whole topic. The HBase totals are then compared with
 * the generator's ground truth.
 */
export interface CrashDrillOptions {
  delivery: 'exactly-once' | 'at-least-once';
  /** Lines generated (default 20,000), 1 % malformed. */
  lines?: number;
  /** Lines per micro-batch (default 5,000): the replayed batch. */
  batchLines?: number;
  crashAfterBatches?: number;
  seed?: string;
  timeoutMs?: number;
}

export interface CrashDrillResult {
  delivery: CrashDrillOptions['delivery'];
  /** The drill's day, `yyyyMMdd`. */
  day: string;
  topic: string;
  /** Course clicks the generator wrote: the right answer. */
  truth: number;
  /** The day's HBase total right after the kill (the killed worker's writes). */
  afterCrash: number;
  /** Offset the group had committed when the worker died: the restart resumes here. */
  resumedFrom: number;
  /** The killed worker's last batch ended at this offset (its counters were written, its offset not). */
  crashedAtOffset: number;
  /** The day's HBase total once the restarted worker caught up. */
  final: number;
  /** HBase rows that differ from the ground truth (course and search tables). */
  differences: Difference[];
  /** The exact ground truth, for further checks. */
  truthSummary: TruthSummary;
}

async function committedOffset(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Number(t?.partitions[0]?.offset ?? -1);
  } finally {
    await admin.disconnect();
  }
}

async function endOffset(kafka: Kafka, topic: string): Promise<number> {
  return (await endOffsets(kafka, topic)).get(0) ?? 0;
}

/** Runs the drill worker in a child process; resolves when it died (by its own SIGKILL, we expect). */
function runVictim(opts: DrillWorkerOptions, timeoutMs: number): Promise<CrashNote> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'drill-worker.js'), [JSON.stringify(opts)], { execArgv: jobNodeArgs(), stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const output: string[] = [];
    child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && fs.existsSync(opts.crashFile)) {
        resolve(JSON.parse(fs.readFileSync(opts.crashFile, 'utf8')) as CrashNote);
        return;
      }
      reject(
        new LabError(`The crash drill's worker ended without crashing where planned (exit code ${code}, signal ${signal})`, {
          hint: `Its output:\n${output.join('').split('\n').slice(-15).join('\n')}\nIs the lab up? \`lab status\`.`,
        }),
      );
    });
  });
}

export async function runCrashDrill(cfg: LabConfig, hbase: HBaseClient, opts: CrashDrillOptions): Promise<CrashDrillResult> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const dayDashed = freshDay();
  const day = dayDashed.replace(/-/g, '');
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const topic = `drill-${opts.delivery}-${run}`;
  const deadLetterTopic = `${topic}-dlq`;
  const groupId = `${topic}-job`;
  const paths = labPaths(cfg);
  fs.mkdirSync(paths.run, { recursive: true });
  const crashFile = path.join(paths.run, `${topic}.crash.json`);

  // 1. A day of lines, produced to the drill's own one-partition topic (one partition: a predictable batch).
  const file = path.join(paths.home, `${topic}.log`);
  const truthSummary = await generateBulk(
    { seed: opts.seed ?? run, lines: opts.lines ?? 20_000, startDay: dayDashed, days: 1, malformedRate: 0.01, projectRoot: cfg.projectRoot },
    file,
  );
  const values = fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
  fs.rmSync(file);
  const kafka = kafkaFor(cfg, 'crash-drill');
  await ensureTopics(kafka, [{ topic, numPartitions: 1 }, { topic: deadLetterTopic, numPartitions: 1 }]);
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < values.length; i += 2000) {
    await producer.send({ topic, messages: values.slice(i, i + 2000).map((value) => ({ value })) });
  }
  await producer.disconnect();

  // 2. The worker that dies between writing its counters and committing its offsets.
  const note = await runVictim(
    { topic, deadLetterTopic, groupId, delivery: opts.delivery, maxBatchLines: opts.batchLines ?? 5000, crashAfterBatches: opts.crashAfterBatches ?? 1, crashFile },
    timeoutMs,
  );
  fs.rmSync(crashFile, { force: true });
  const afterCrash = await dayTotal(hbase, cfg, day);
  const resumedFrom = Math.max(0, await committedOffset(kafka, groupId, topic));

  // 3. The restart: same group, so it resumes at the committed offset. Kafka first has to notice that the
  //    dead member is gone (its session times out after 10 s) before it hands the partition over.
  const job = new StreamJob({
    kafka, sink: hbaseSink(hbase, opts.delivery), handleLine: createLineHandler(cfg), topic, deadLetterTopic,
    courseTable: cfg.tables.courseClicks, searchTable: cfg.tables.searchClicks, groupId,
    maxBatchLines: opts.batchLines ?? 5000,
  });
  await job.start();
  try {
    const end = await endOffset(kafka, topic);
    const deadline = Date.now() + timeoutMs;
    while ((await committedOffset(kafka, groupId, topic)) < end) {
      if (Date.now() > deadline) throw new LabError(`The restarted worker did not catch up with ${topic} within ${timeoutMs} ms`, { hint: 'See `lab status`.' });
      await sleep(200);
    }
  } finally {
    await job.stop();
  }
  const final = await dayTotal(hbase, cfg, day);
  const differences = await verifyTotals(hbase, cfg, truthSummary);

  // The drill's topics are of no further use; its HBase rows stay (their day is its own) for inspection.
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic, deadLetterTopic] }).catch(() => undefined);
  await admin.disconnect();

  return {
    delivery: opts.delivery, day, topic, truth: truthSummary.counted, afterCrash, resumedFrom,
    crashedAtOffset: note.lastOffset, final, differences, truthSummary,
  };
}
