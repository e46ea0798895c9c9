import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { labPaths } from '../../src/config';
import { generateBulk } from '../../src/generator';
import { HBaseClient } from '../../src/hbase';
import { ensureTopics, kafkaFor } from '../../src/kafka';
import { StreamJob } from '../../src/stream/job';
import { HBaseExactlyOnceSink } from '../../src/stream/hbase-sinks';
import { createLineHandler } from '../../src/stream/lines';
import { verifyTotals } from '../../src/stream/verify';
import { collectMessages, eventually, produceValues, testConfig, unique, uniqueDay } from '../helpers';

/**
 * The job writes a batch while it fetches the next (partition-pipeline.ts). When a write fails, the partition
 * must be read again from that batch — and batches fetched meanwhile must not be committed past it.
 */
const cfg = testConfig();

test('batches whose HBase writes fail are read again: totals stay exact and each dead letter is written once', async () => {
  const kafka = kafkaFor(cfg, 'it-recovery');
  const topic = unique('it_recovery');
  const dlq = `${topic}_dlq`;
  await ensureTopics(kafka, [{ topic, numPartitions: 3 }, { topic: dlq, numPartitions: 1 }]);
  const day = uniqueDay();
  const file = path.join(labPaths(cfg).home, `${topic}.tmp`);
  const truth = await generateBulk({ seed: topic, lines: 30_000, startDay: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`, days: 2, malformedRate: 0.02, projectRoot: cfg.projectRoot }, file);
  const lines = fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
  fs.rmSync(file);
  // Small sends spread over time: the job sees many batches, and fetches new ones while failing.
  await produceValues(kafka, topic, lines, 1000);

  const real = await HBaseClient.forLab(cfg);
  // A sink that fails its 2nd and 3rd batched writes, as a regionserver going away would.
  let calls = 0;
  const flaky = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === 'checkAndIncrementMany') {
        return (...args: Parameters<HBaseClient['checkAndIncrementMany']>) => {
          calls++;
          return calls === 2 || calls === 3 ? Promise.reject(new Error('injected: regionserver went away')) : target.checkAndIncrementMany(...args);
        };
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const errors: string[] = [];
  const originalError = console.error;
  console.error = (...a: unknown[]) => void errors.push(a.join(' '));
  const job = new StreamJob({
    kafka, sink: new HBaseExactlyOnceSink(flaky), handleLine: createLineHandler(cfg), topic, deadLetterTopic: dlq,
    courseTable: cfg.tables.courseClicks, searchTable: cfg.tables.searchClicks, groupId: `${topic}-job`, maxBatchLines: 2000,
  });
  try {
    await job.start();
    await eventually('exact totals after the failed writes', async () => ((await verifyTotals(real, cfg, truth)).length === 0 ? true : undefined), { timeoutMs: 90_000 });
    assert.ok(calls > 3, 'the failures were hit');
    assert.ok(errors.some((e) => /reading it again/.test(e) && /injected/.test(e)), `the failure was reported: ${errors.join(' | ')}`);
    const dead = await collectMessages(kafka, dlq, new Map(), '', truth.malformed, 60_000, 2000); // a topic of its own: from the start
    assert.equal(dead.length, truth.malformed, 'each malformed line once in the dead-letter topic');
  } finally {
    console.error = originalError;
    await job.stop();
    real.close();
  }
});
