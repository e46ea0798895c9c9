import type { Consumer, Kafka } from 'kafkajs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { labPaths, loadConfig, type LabConfig } from '../src/config';
import { generateBulk, type TruthSummary } from '../src/generator';
import { endOffsets } from '../src/kafka';
import { openStore, type StoreName } from '../src/stores';
import { verifyTotals, type Difference } from '../src/stream/verify';
import { ensureComponent } from '../src/stack/fetch';
import { createTables } from '../src/stack/services';

/**
 * Shared by the stack tiers. scripts/run-tests.js brings a lab up under LAB_HOME before these run, and
 * stops it after; tests read the same configuration.
 */
export function testConfig(): LabConfig {
  return loadConfig();
}

/** A unique name per test run, so reruns against a kept lab never see old data. */
export function unique(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Creates HBase tables through the Admin API (same path as `lab up`); `name@a,b` pre-splits. */
export async function createTestTables(cfg: LabConfig, specs: string[]): Promise<string[]> {
  const jars = await ensureComponent(cfg, 'hbase', { quiet: true });
  return createTables({ cfg, paths: labPaths(cfg), jars }, specs, cfg.tables.family);
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `clickstream-${prefix}-`));
}

// The library's one sleep and one polling loop (src/util/wait.ts).
import { eventually, sleep } from '../src/util/wait';

export { eventually, sleep };

/** An IPv4 address of this machine other than loopback, if it has one. */
export function nonLoopbackAddress(): string | undefined {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

/** Where each partition of `topic` ends now: read from there to see only what is written afterwards. */
export function topicEnds(kafka: Kafka, topic: string): Promise<Map<number, number>> {
  return endOffsets(kafka, topic);
}

/**
 * Where `topic` ends once nothing has been written to it for `quietMs`. A test that compares what lands in the
 * dead-letter topic starts from here: the job counts a batch in HBase before it commits the batch's dead
 * letters, so an earlier test can be exact in HBase while its last dead letters are still on their way.
 */
export async function settledEnds(kafka: Kafka, topic: string, quietMs = 3000, timeoutMs = 60_000): Promise<Map<number, number>> {
  const deadline = Date.now() + timeoutMs;
  let ends = await topicEnds(kafka, topic);
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() < deadline) {
    await sleep(500);
    const now = await topicEnds(kafka, topic);
    if ([...now].some(([p, end]) => ends.get(p) !== end)) since = Date.now();
    ends = now;
  }
  return ends;
}

/**
 * Starts each partition a fresh consumer is assigned at `since` (its end before the test wrote), so a topic
 * that earlier tests filled with millions of lines is not read again from the beginning.
 */
export function startAt(consumer: Consumer, topic: string, since: ReadonlyMap<number, number>): void {
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    for (const partition of e.payload.memberAssignment[topic] ?? []) {
      consumer.seek({ topic, partition, offset: String(since.get(partition) ?? 0) });
    }
  });
}

/**
 * Reads `topic` from `since` (topicEnds before the messages were written) with a fresh consumer group until
 * `count` messages whose value contains `marker` have arrived; returns their values. Fails after `timeoutMs`
 * naming how many came.
 */
export async function collectMessages(
  kafka: Kafka,
  topic: string,
  since: ReadonlyMap<number, number>,
  marker: string,
  count: number,
  timeoutMs = 20_000,
  /** Keep reading this long after `count` arrived, to catch messages that should not be there. */
  settleMs = 0,
): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: unique('it-collect') });
  const seen: string[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    startAt(consumer, topic, since);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${seen.length} of ${count} messages with ${marker} arrived on ${topic} in ${timeoutMs} ms`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const v = message.value?.toString() ?? '';
          if (v.includes(marker)) seen.push(v);
          if (seen.length === count) {
            clearTimeout(timer);
            setTimeout(resolve, settleMs);
          }
        },
      });
    });
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

/** A random real calendar day far in the future (yyyyMMdd), so a test's rows never mix with another's. */
export function uniqueDay(): string {
  const year = 2100 + Math.floor(Math.random() * 800);
  const date = new Date(Date.UTC(year, 0, 1 + Math.floor(Math.random() * 365)));
  return date.toISOString().slice(0, 10).replace(/-/g, '');
}

/** Produces `values` to `topic` as unkeyed messages, `perSend` to a send. */
export async function produceValues(kafka: Kafka, topic: string, values: readonly string[], perSend = 2000): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (let i = 0; i < values.length; i += perSend) await producer.send({ topic, messages: values.slice(i, i + perSend).map((value) => ({ value })) });
  } finally {
    await producer.disconnect();
  }
}

/** `lines` generated lines (seeded by `name`) over two days no other test uses: their ground truth and text. */
export async function generatedLines(cfg: LabConfig, name: string, lines: number, malformedRate: number): Promise<{ truth: TruthSummary; lines: string[] }> {
  const day = uniqueDay();
  const staging = path.join(labPaths(cfg).home, `${name}.staging`);
  const truth = await generateBulk({ seed: name, lines, startDay: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`, days: 2, malformedRate, projectRoot: cfg.projectRoot }, staging);
  const text = fs.readFileSync(staging, 'utf8').split('\n').slice(0, -1);
  fs.rmSync(staging);
  return { truth, lines: text };
}

/** Waits until the store (HBase unless told) holds exactly the ground truth, row by row; fails naming the first differences. */
export async function expectExactTotals(cfg: LabConfig, truth: TruthSummary, timeoutMs: number, store: StoreName = 'hbase'): Promise<void> {
  const opened = await openStore(cfg, store);
  let last: Difference[] = [];
  try {
    await eventually(`${store} to equal the ground truth`, async () => {
      last = await verifyTotals(opened.totals, cfg, truth);
      return last.length === 0 ? true : undefined;
    }, { timeoutMs: timeoutMs }).catch((err: Error) => {
      throw new Error(`${err.message}: ${last.length} rows differ, e.g. ${JSON.stringify(last.slice(0, 5))}`);
    });
  } finally {
    await opened.close();
  }
}

/**
 * Writes `lines` generated lines (seeded by `name`, over two days no other test uses) into Flume's directory:
 * written elsewhere first, then moved in, so Flume sees the file complete (a rename is atomic).
 */
export async function generateIntoFlume(cfg: LabConfig, name: string, lines: number, malformedRate = 0.02): Promise<{ truth: TruthSummary; file: string }> {
  const day = uniqueDay();
  const staging = path.join(labPaths(cfg).home, `${name}.staging`);
  const truth = await generateBulk({ seed: name, lines, startDay: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`, days: 2, malformedRate, projectRoot: cfg.projectRoot }, staging);
  const file = path.join(labPaths(cfg).flumeLogDir, `${name}.log`);
  fs.renameSync(staging, file);
  return { truth, file };
}

/**
 * Appends generated lines to a file in Flume's directory, `perTick` lines every `everyMs`, until `finish()` appends
 * the rest at once: lines keep arriving while a test kills or stops the SQL worker, so it is at work when it dies,
 * and lines wait while it is down.
 */
export async function feedSlowly(cfg: LabConfig, name: string, lines: number, perTick: number, everyMs: number): Promise<{ truth: TruthSummary; done: Promise<void>; finish: () => void }> {
  const { truth, lines: text } = await generatedLines(cfg, name, lines, 0.02);
  const target = path.join(labPaths(cfg).flumeLogDir, `${name}.log`);
  let hurry = false;
  const done = (async () => {
    let i = 0;
    while (i < text.length) {
      const n = hurry ? text.length - i : perTick;
      fs.appendFileSync(target, `${text.slice(i, i + n).join('\n')}\n`);
      i += n;
      if (!hurry) await sleep(everyMs);
    }
  })();
  return { truth, done, finish: () => void (hurry = true) };
}
