import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labPaths } from '../../src/config';
import { kafkaFor } from '../../src/kafka';
import { parseLine } from '../../src/logformat';
import { stopManaged } from '../../src/process/managed-process';
import { startWorker, workerStatus } from '../../src/stream/workers';
import { eventually, expectExactTotals, generatedLines, settledEnds, sleep, testConfig, topicEnds } from '../helpers';
import { committedMessages } from '../committed-messages';
import { downThenUp, killServiceThenUp, killWorkerThenUp, workerPid } from './faults';
import { LogFeeder } from './feeder';

/**
 * End-to-end exactly once, tried as a user would break it: lines keep arriving in four log files while each
 * fault of issue #14 happens once, then HBase must equal the generator's ground truth row by row and the
 * dead-letter topic (read as a read_committed consumer sees it) must hold each malformed line exactly once.
 */
const cfg = testConfig();
const LINES = 600_000;
const RATE = 5000; // lines a second while the faults happen

/** What `expected` has that `actual` lacks, and the reverse, counting repeats. */
function multisetDifference(expected: readonly string[], actual: readonly string[]): { missing: string[]; extra: string[] } {
  const counts = new Map<string, number>();
  for (const v of expected) counts.set(v, (counts.get(v) ?? 0) + 1);
  const extra: string[] = [];
  for (const v of actual) {
    const n = counts.get(v) ?? 0;
    if (n === 0) extra.push(v);
    else counts.set(v, n - 1);
  }
  const missing = [...counts].flatMap(([v, n]) => Array<string>(n).fill(v));
  return { missing, extra };
}

function log(msg: string): void {
  console.log(`# chaos ${new Date().toISOString().slice(11, 19)} ${msg}`);
}

async function bothWorkersOwnPartitions(): Promise<void> {
  await eventually('both workers to own partitions', async () => {
    const ws = workerStatus(cfg).filter((w) => w.state === 'running');
    return ws.length === 2 && ws.every((w) => (w.metrics?.partitions.length ?? 0) > 0) ? true : undefined;
  }, { timeoutMs: 60_000 });
}

test('faults 1-7 while lines flow: HBase equals the ground truth and each malformed line is dead-lettered once', async () => {
  const name = `chaos-${Date.now().toString(36)}`;
  const { truth, lines } = await generatedLines(cfg, name, LINES, 0.02);
  const malformed = lines.filter((l) => !parseLine(l).ok);
  assert.equal(malformed.length, truth.malformed, 'the parser finds exactly the malformed lines the generator made');

  const kafka = kafkaFor(cfg, 'chaos');
  const dlqFrom = await settledEnds(kafka, cfg.topics.deadLetter);
  const shippedFrom = await topicEnds(kafka, cfg.topics.accessLog);
  const feeder = new LogFeeder(labPaths(cfg).flumeLogDir, name, 4, lines);
  const began = Date.now();
  feeder.start(RATE);
  try {
    await sleep(2000);
    log(`1: kill -9 the job (${feeder.written} lines written)`);
    await killWorkerThenUp(cfg, '1');
    await sleep(2000);
    // A big append to one file, and Flume killed while it reads it: lines of it in Kafka, more still to read.
    feeder.append(100_000, 0);
    await sleep(600);
    log(`2: kill -9 Flume in the middle of a 100k-line append (${feeder.written} lines written)`);
    await killServiceThenUp(cfg, 'flume');
    await sleep(2000);
    log(`3: kill -9 Kafka (${feeder.written} lines written)`);
    await killServiceThenUp(cfg, 'kafka');
    await sleep(2000);
    log(`4: kill -9 HBase (${feeder.written} lines written)`);
    await killServiceThenUp(cfg, 'hbase');
    await sleep(2000);
    log(`5: lab down, lab up (${feeder.written} lines written)`);
    await downThenUp(cfg);
    await sleep(2000);
    log(`6: a second worker joins under load (${feeder.written} lines written)`);
    await startWorker(cfg, '2');
    await bothWorkersOwnPartitions();
    const frozen = workerPid(cfg, '1');
    log(`7: worker 1 frozen (SIGSTOP) for 16 s, past its 10 s session timeout (${feeder.written} lines written)`);
    process.kill(frozen, 'SIGSTOP');
    try {
      await sleep(16_000);
    } finally {
      process.kill(frozen, 'SIGCONT');
    }
    await sleep(3000);
    log(`6: worker 2 leaves (${feeder.written} lines written)`);
    assert.notEqual(await stopManaged(cfg, 'stream-2'), 'killed', 'worker 2 stopped gracefully');
  } finally {
    feeder.finish();
  }
  log(`all ${feeder.written} lines written after ${((Date.now() - began) / 1000).toFixed(0)} s; waiting for exact totals`);

  await expectExactTotals(cfg, truth, 240_000);
  log(`HBase exact ${((Date.now() - began) / 1000).toFixed(0)} s after the first line`);
  const dead = await committedMessages(kafka, cfg.topics.deadLetter, dlqFrom, malformed.length, 120_000);
  const { missing, extra } = multisetDifference(malformed, dead.map((d) => d.value));
  // The header `source` (topic/partition/offset) tells a Kafka record dead-lettered twice from a line Flume
  // shipped twice that was not recognised.
  const sources = dead.map((d) => d.source);
  const sameRecordTwice = sources.length - new Set(sources).size;
  assert.deepEqual(
    { missing: missing.length, extra: extra.length },
    { missing: 0, extra: 0 },
    `the dead-letter topic must hold each malformed line exactly once; ${sameRecordTwice} of the extras are a Kafka record written twice; missing e.g. ${JSON.stringify(missing.slice(0, 3))}, extra e.g. ${JSON.stringify(extra.slice(0, 3))}`,
  );
  // Only Flume writes access-log here (no transactions): records past the lines written are Flume's re-sends.
  const shippedTo = await topicEnds(kafka, cfg.topics.accessLog);
  const records = [...shippedTo].reduce((sum, [p, end]) => sum + end - (shippedFrom.get(p) ?? 0), 0);
  log(`dead letters exact; Flume shipped ${records} records for ${lines.length} lines: ${records - lines.length} re-sends, each recognised`);
});
