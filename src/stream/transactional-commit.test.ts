import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kafka } from 'kafkajs';
import { TransactionalCommitter } from './transactional-commit';

/** A fake Kafka whose transactions fail sendOffsets with the given errors, one per transaction, then succeed. */
function fakeKafka(failures: object[]) {
  const log: string[] = [];
  let producers = 0;
  const kafka = {
    producer: (opts: { transactionalId: string }) => {
      const id = ++producers;
      log.push(`producer ${id} ${opts.transactionalId}`);
      return {
        connect: async () => undefined,
        disconnect: async () => void log.push(`disconnect ${id}`),
        transaction: async () => ({
          send: async (r: { messages: unknown[] }) => void log.push(`send ${r.messages.length}`),
          sendOffsets: async (r: { topics: { partitions: { offset: string }[] }[] }) => {
            const failure = failures.shift();
            if (failure) throw Object.assign(new Error('broker says no'), failure);
            log.push(`offsets ${r.topics[0]?.partitions[0]?.offset}`);
          },
          commit: async () => void log.push('commit'),
          abort: async () => void log.push('abort'),
        }),
      };
    },
  };
  return { kafka: kafka as unknown as Kafka, log };
}

const dead = [{ value: Buffer.from('x'), reason: 'bad-time: …', offset: '7' }];

test('CONCURRENT_TRANSACTIONS aborts and retries the whole transaction: dead letters and offset land once', async () => {
  const { kafka, log } = fakeKafka([{ type: 'CONCURRENT_TRANSACTIONS' }, { type: 'CONCURRENT_TRANSACTIONS' }]);
  const c = new TransactionalCommitter(kafka, 'g', 'access-log', 'dlq');
  await c.commit(2, '41', dead);
  assert.deepEqual(log, ['producer 1 g-access-log-2', 'send 1', 'abort', 'send 1', 'abort', 'send 1', 'offsets 42', 'commit']);
});

test('a fenced producer fails the commit and is replaced by a fresh one for the next', async () => {
  const { kafka, log } = fakeKafka([{ type: 'PRODUCER_FENCED' }]);
  const c = new TransactionalCommitter(kafka, 'g', 't', 'dlq');
  await assert.rejects(c.commit(0, '9', []), /broker says no/);
  await c.commit(0, '9', []);
  assert.deepEqual(log.filter((l) => l.startsWith('producer') || l.startsWith('disconnect')), ['producer 1 g-t-0', 'disconnect 1', 'producer 2 g-t-0']);
});

test('other errors are not retried and keep the producer', async () => {
  const { kafka, log } = fakeKafka([{ type: 'COORDINATOR_NOT_AVAILABLE' }]);
  const c = new TransactionalCommitter(kafka, 'g', 't', 'dlq');
  await assert.rejects(c.commit(1, '0', []), /broker says no/);
  await c.commit(1, '0', []);
  assert.equal(log.filter((l) => l.startsWith('producer')).length, 1);
});

test('many dead letters go in sends of at most 250, all inside the one transaction', async () => {
  const { kafka, log } = fakeKafka([]);
  const c = new TransactionalCommitter(kafka, 'g', 't', 'dlq');
  const many = Array.from({ length: 601 }, (_, i) => ({ value: Buffer.from(`line ${i}`), reason: 'missing-field: …', offset: String(i) }));
  await c.commit(0, '700', many);
  assert.deepEqual(log, ['producer 1 g-t-0', 'send 250', 'send 250', 'send 101', 'offsets 701', 'commit']);
});
