import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { kafkaFor } from '../../src/kafka';
import { collectMessages, testConfig, topicEnds, unique } from '../helpers';

const cfg = testConfig();
const kafka = kafkaFor(cfg, 'it-kafka');
const producer = kafka.producer();

after(async () => {
  await producer.disconnect();
});

test('the lab created access-log with its partitions, and the dead-letter topic', async () => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [cfg.topics.accessLog, cfg.topics.deadLetter] });
    const byName = Object.fromEntries(meta.topics.map((t) => [t.name, t.partitions.length]));
    assert.equal(byName[cfg.topics.accessLog], cfg.topics.partitions);
    assert.equal(byName[cfg.topics.deadLetter], 1);
  } finally {
    await admin.disconnect();
  }
});

test('kafkajs produces to and consumes from access-log, keys spreading over the partitions', async () => {
  const marker = unique('kafka-roundtrip');
  const values = Array.from({ length: 60 }, (_, i) => `${marker} line ${i}`);
  await producer.connect();
  const since = await topicEnds(kafka, cfg.topics.accessLog);
  const sent = await producer.send({
    topic: cfg.topics.accessLog,
    messages: values.map((value, i) => ({ key: `k${i}`, value })),
  });
  assert.equal(new Set(sent.map((r) => r.partition)).size, cfg.topics.partitions);
  const received = await collectMessages(kafka, cfg.topics.accessLog, since, marker, values.length);
  assert.deepEqual([...received].sort(), [...values].sort());
});
