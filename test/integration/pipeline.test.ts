import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { labPaths } from '../../src/config';
import type { TruthSummary } from '../../src/generator';
import { HBaseClient } from '../../src/hbase';
import { parseLine } from '../../src/logformat';
import { kafkaFor } from '../../src/kafka';
import { runningManaged, startManaged, stopManaged } from '../../src/process/managed-process';
import { verifyTotals, type Difference } from '../../src/stream/verify';
import { startWorker, stopWorkers, workerStatus } from '../../src/stream/workers';
import { eventually, generateIntoFlume, sleep, testConfig } from '../helpers';

/**
 * The whole pipeline on the real stack: generated lines written into Flume's directory → Flume → Kafka →
 * the streaming job `lab up` started → HBase, compared with the generator's ground truth. Each test uses
 * days no other test writes, so its totals are its own.
 */
const cfg = testConfig();
let hbase: HBaseClient;

before(async () => {
  hbase = await HBaseClient.forLab(cfg);
});
after(() => hbase.close());

/** Writes `lines` generated lines (2% malformed) into Flume's directory; returns the truth and the file. */
const generate = (name: string, lines: number) => generateIntoFlume(cfg, name, lines);

async function exactWithin(truth: TruthSummary, ms: number): Promise<void> {
  let last: Difference[] = [];
  await eventually(`HBase totals to equal the ground truth (last: ${last.length} rows differ)`, async () => {
    last = await verifyTotals(hbase, cfg, truth);
    return last.length === 0 ? true : undefined;
  }, { timeoutMs: ms }).catch((err: Error) => {
    throw new Error(`${err.message}; first differences: ${JSON.stringify(last.slice(0, 5))}`);
  });
}

function malformedLinesOf(file: string, truth: TruthSummary): string[] {
  // The generator made every malformed line malformed by construction; the truth says how many.
  // Which lines they are is recovered here only to check the dead-letter topic's contents.
  const lines = fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
  const bad = lines.filter((l) => !parseLine(l).ok);
  assert.equal(bad.length, truth.malformed, 'the parser finds exactly the malformed lines the generator made');
  return bad;
}

test('100k generated lines (2% malformed) through Flume → Kafka → job → HBase give exact totals; the DLQ holds exactly the malformed lines', async () => {
  const dlqStart = await endOffsets(cfg.topics.deadLetter);
  const { truth, file } = await generate(`pipeline-${Date.now()}`, 100_000);
  const began = Date.now();
  await exactWithin(truth, 120_000);
  console.log(`# 100k lines exact in HBase ${((Date.now() - began) / 1000).toFixed(1)} s after the file appeared`);
  const bad = malformedLinesOf(file, truth);
  // Everything the dead-letter topic received since this test began is ours: exactly our malformed lines,
  // each with the parser's reason and the line's place in access-log in its headers.
  const dlq = await readFrom(cfg.topics.deadLetter, dlqStart, bad.length);
  assert.deepEqual(dlq.map((d) => d.value).sort(), [...bad].sort());
  for (const d of dlq) {
    const parsed = parseLine(d.value);
    assert.ok(!parsed.ok);
    assert.equal(d.headers.reason, `${parsed.reason}: ${parsed.detail}`);
    assert.match(d.headers.source ?? '', new RegExp(`^${cfg.topics.accessLog}/\\d+/\\d+$`));
  }
});

test('the job killed with SIGKILL three times mid-run and restarted still gives exact totals', async () => {
  const { truth } = await generate(`kill9-${Date.now()}`, 300_000);
  for (let kill = 1; kill <= 3; kill++) {
    await sleep(700 + kill * 300);
    const rec = runningManaged(cfg, 'stream-1');
    assert.ok(rec, 'the worker runs');
    process.kill(rec.pid, 'SIGKILL');
    await eventually('the killed worker to be gone', async () => (runningManaged(cfg, 'stream-1') ? undefined : true), { timeoutMs: 10_000 });
    const restarted = await startWorker(cfg, '1'); // what `lab up` does for a dead worker
    assert.equal(restarted.outcome, 'started');
  }
  await exactWithin(truth, 180_000);
  const m = workerStatus(cfg)[0]?.metrics;
  console.log(`# after 3 kills: the restarted worker skipped ${m?.replayed ?? '?'} already-counted lines`);
});

test('two workers in one consumer group give exact totals', async () => {
  await startWorker(cfg, '2');
  await eventually('both workers to share the partitions', async () => {
    const ws = workerStatus(cfg).filter((w) => w.state === 'running');
    const parts = ws.flatMap((w) => w.metrics?.partitions ?? []);
    return ws.length === 2 && ws.every((w) => (w.metrics?.partitions.length ?? 0) > 0) && new Set(parts).size === cfg.topics.partitions ? true : undefined;
  }, { timeoutMs: 30_000 });
  // Started as `lab up` starts them, both run with the lab's faster kafkajs parts (the preload), and say so.
  assert.deepEqual(workerStatus(cfg).map((w) => w.kafkajsMissing), [[], []]);
  try {
    const { truth } = await generate(`two-workers-${Date.now()}`, 100_000);
    await exactWithin(truth, 120_000);
    // Workers publish their metrics twice a second: HBase can be exact before the last figures are out.
    let perWorker: number[] = [];
    await eventually(`both workers to report lines consumed (last: ${perWorker.join(', ')})`, async () => {
      perWorker = workerStatus(cfg).map((w) => w.metrics?.linesIn ?? 0);
      return perWorker.length === 2 && perWorker.every((n) => n > 0) ? true : undefined;
    }, { timeoutMs: 5000 }).catch(() => assert.fail(`both workers consumed lines: ${perWorker.join(', ')}`));
  } finally {
    // Back to the lab's one worker for the tests that follow.
    for (const w of await stopWorkers(cfg)) assert.notEqual(w.outcome, 'killed');
    await startWorker(cfg, '1');
  }
});

test('a worker started without the kafkajs preload works, and `lab status` says it runs without the faster parts', async () => {
  const root = path.resolve(__dirname, '..', '..', '..');
  // What `lab stream` run by hand is: no `--require …/preload.js` (process/job-process.ts).
  await startManaged(cfg, {
    name: 'stream-9',
    command: process.execPath,
    args: [path.join(root, 'bin', 'lab.js'), 'stream', '--worker-id', '9'],
    ready: async () => (workerStatus(cfg).find((w) => w.workerId === '9')?.state === 'running' ? true : 'not in the group yet'),
  });
  try {
    assert.deepEqual(workerStatus(cfg).find((w) => w.workerId === '9')?.kafkajsMissing, ['encoder', 'decoder', 'batch']);
    assert.deepEqual(workerStatus(cfg).find((w) => w.workerId === '1')?.kafkajsMissing, []);
    const text = execFileSync(process.execPath, [path.join(root, 'bin', 'lab.js'), 'status'], { encoding: 'utf8', env: { ...process.env, LAB_HOME: cfg.home } });
    assert.match(text, /stream-9 .*WITHOUT the faster kafkajs encoder, decoder, batch/);
    assert.doesNotMatch(text, /stream-1 .*WITHOUT/);
    assert.match(fs.readFileSync(labPaths(cfg).serviceLog('stream-9'), 'utf8'), /WITHOUT the lab's faster encoder, decoder, batch/);
  } finally {
    assert.notEqual(await stopManaged(cfg, 'stream-9'), 'killed');
  }
});

async function endOffsets(topic: string): Promise<Map<number, string>> {
  const admin = kafkaFor(cfg, 'it-offsets').admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.offset]));
  } finally {
    await admin.disconnect();
  }
}

/** Committed messages of `topic` from the given offsets on: waits for `count`, then reads 2 s more for extras. */
async function readFrom(topic: string, from: Map<number, string>, count: number): Promise<{ value: string; headers: Record<string, string> }[]> {
  const consumer = kafkaFor(cfg, 'it-dlq').consumer({ groupId: `it-dlq-${Date.now()}`, readUncommitted: false });
  const seen: { value: string; headers: Record<string, string> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${seen.length} of ${count} dead letters arrived`)), 60_000);
      void consumer.run({
        eachMessage: async ({ message, partition }) => {
          if (BigInt(message.offset) < BigInt(from.get(partition) ?? '0')) return;
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
          seen.push({ value: message.value?.toString('utf8') ?? '', headers });
          if (seen.length === count) {
            clearTimeout(timer);
            setTimeout(resolve, 2000); // a duplicate would arrive now
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
