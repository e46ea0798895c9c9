import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HBaseClient } from '../../src/hbase';
import { ensureTopics, kafkaFor } from '../../src/kafka';
import { parseLine } from '../../src/logformat';
import { StreamJob } from '../../src/stream/job';
import { HBaseExactlyOnceSink } from '../../src/stream/hbase-sinks';
import { lineKey } from '../../src/stream/line-identity';
import { createLineHandler } from '../../src/stream/lines';
import { verifyTotals } from '../../src/stream/verify';
import { committedMessages } from '../committed-messages';
import { eventually, generatedLines, testConfig, topicEnds, unique } from '../helpers';

/**
 * What Flume does after a crash, done on purpose: lines shipped again under new Kafka offsets with the same
 * `<file>@<byte offset>` keys. The job must count each line once and dead-letter each malformed one once,
 * also when it is stopped between the original and the re-send (the file positions travel with the offsets).
 */
const cfg = testConfig();

test('lines re-sent under the same file@offset keys are counted and dead-lettered once, across a job restart', async () => {
  const name = unique('resend');
  const { truth, lines } = await generatedLines(cfg, name, 20_000, 0.02);
  // Two files' worth of keyed records, as the LineIdentity interceptor writes them.
  const records = lines.map((value, i) => {
    const file = `/logs/${name}-${i % 2}.log`;
    return { key: lineKey(file, Math.floor(i / 2) * 200), value };
  });
  const kafka = kafkaFor(cfg, 'it-resend');
  const topic = name;
  const dlq = `${name}_dlq`;
  await ensureTopics(kafka, [{ topic, numPartitions: 3 }, { topic: dlq, numPartitions: 1 }]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const send = async (from: number, to: number) => {
    for (let i = from; i < to; i += 2000) await producer.send({ topic, messages: records.slice(i, Math.min(to, i + 2000)) });
  };
  const hbase = await HBaseClient.forLab(cfg);
  const jobOf = () =>
    new StreamJob({ kafka, sink: new HBaseExactlyOnceSink(hbase), handleLine: createLineHandler(cfg), topic, deadLetterTopic: dlq, courseTable: cfg.tables.courseClicks, searchTable: cfg.tables.searchClicks, groupId: `${name}-job`, maxBatchLines: 3000 });
  const dlqFrom = await topicEnds(kafka, dlq);
  try {
    // First 12,000 lines, read by a job that then stops; a crash-like re-send of 6,000..12,000, then the rest.
    await send(0, 12_000);
    let job = jobOf();
    await job.start();
    await eventually('the first job to take in 12,000 lines', async () => (job.metrics.snapshot().linesIn >= 12_000 ? true : undefined), { timeoutMs: 60_000 });
    await job.stop();
    await send(6_000, 12_000);
    await send(12_000, records.length);
    await send(15_000, 18_000); // and once more, while the second job reads
    job = jobOf();
    await job.start();
    try {
      await eventually('exact totals', async () => ((await verifyTotals(hbase, cfg, truth)).length === 0 ? true : undefined), { timeoutMs: 90_000 });
      await eventually('the re-sends to be seen', async () => (job.metrics.snapshot().resends >= 9_000 ? true : undefined), { timeoutMs: 30_000 });
      assert.equal(job.metrics.snapshot().resends, 9_000, 'every re-sent line recognised, and nothing else');
    } finally {
      await job.stop();
    }
    const malformed = lines.filter((l) => !parseLine(l).ok);
    const dead = await committedMessages(kafka, dlq, dlqFrom, malformed.length, 60_000);
    assert.deepEqual(dead.map((d) => d.value).sort(), [...malformed].sort(), 'each malformed line dead-lettered once');
  } finally {
    await producer.disconnect();
    hbase.close();
  }
});
