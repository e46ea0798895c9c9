import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Kafka } from 'kafkajs';
import { isFenced, NotOwnerError, TransactionalCommitter } from './transactional-commit';

interface SentOffset {
  partition: number;
  offset: string;
  metadata: string | null;
}

/**
 * A fake Kafka (only `producer()` and `admin()`, as the committer uses them) whose transactions fail
 * sendOffsets with the given errors, one per call, then succeed (and their aborts with `abortFailures`). Like the broker, it keeps the group's
 * committed offsets (those of committed transactions), which `admin().fetchOffsets` reads back.
 */
function fakeKafka(failures: object[] = [], abortFailures: object[] = []) {
  const log: string[] = [];
  /** What sendOffsets was given, in order; a call that failed sent nothing. */
  const sent: SentOffset[] = [];
  const committed = new Map<number, SentOffset>();
  let producers = 0;
  const kafka = {
    producer: (opts: { transactionalId: string }) => {
      const id = ++producers;
      log.push(`producer ${id} ${opts.transactionalId}`);
      return {
        connect: async () => undefined,
        disconnect: async () => void log.push(`disconnect ${id}`),
        transaction: async () => {
          let offsets: SentOffset | undefined;
          return {
            send: async (r: { messages: unknown[] }) => void log.push(`send ${r.messages.length}`),
            sendOffsets: async (r: { topics: { partitions: SentOffset[] }[] }) => {
              const failure = failures.shift();
              if (failure) throw Object.assign(new Error('broker says no'), failure);
              const p = r.topics[0]?.partitions[0] as SentOffset;
              offsets = { partition: p.partition, offset: p.offset, metadata: p.metadata };
              sent.push(offsets);
              log.push(`offsets ${p.offset}`);
            },
            commit: async () => {
              if (offsets) committed.set(offsets.partition, offsets);
              log.push('commit');
            },
            abort: async () => {
              log.push('abort');
              const failure = abortFailures.shift();
              if (failure) throw Object.assign(new Error('abort refused'), failure);
            },
          };
        },
      };
    },
    admin: () => ({
      connect: async () => undefined,
      disconnect: async () => undefined,
      // kafkajs answers -1 (and no metadata) for a partition the group has committed nothing for.
      fetchOffsets: async ({ topics }: { topics: string[] }) =>
        topics.map((topic) => ({
          topic,
          partitions: [0, 1, 2, 3].map((partition) => ({ partition, offset: committed.get(partition)?.offset ?? '-1', metadata: committed.get(partition)?.metadata ?? null })),
        })),
    }),
  };
  return { kafka: kafka as unknown as Kafka, log, sent, producers: () => producers };
}

/** Takes the partition over as job.ts does, then forgets the log so far (fence() may use a transaction of its own). */
async function takeOver(c: TransactionalCommitter, partition: number, log: string[]) {
  await c.fence(partition);
  const position = await c.committedPosition(partition);
  log.length = 0;
  return position;
}

const dead = [{ value: Buffer.from('x'), reason: 'bad-time: …', offset: '7' }];

test('fence makes the partition\'s producer, named after group, topic and partition', async () => {
  const { kafka, log } = fakeKafka();
  const c = new TransactionalCommitter(kafka, 'g', 'access-log', 'dlq');
  assert.equal(c.owns(2), false);
  await c.fence(2);
  assert.equal(c.owns(2), true);
  assert.equal(log[0], 'producer 1 g-access-log-2');
  assert.equal(log.filter((l) => l.startsWith('producer')).length, 1);
});

test('CONCURRENT_TRANSACTIONS aborts and retries the whole transaction: dead letters and offset land once', async () => {
  const { kafka, log } = fakeKafka([{ type: 'CONCURRENT_TRANSACTIONS' }, { type: 'CONCURRENT_TRANSACTIONS' }]);
  const c = new TransactionalCommitter(kafka, 'g', 'access-log', 'dlq');
  await takeOver(c, 2, log);
  await c.commit(2, '41', dead);
  assert.deepEqual(log, ['send 1', 'abort', 'send 1', 'abort', 'send 1', 'offsets 42', 'commit']);
});

test('a fenced producer fails the commit and is dropped; commits then fail as NotOwner until fence() makes a new one', async () => {
  const { kafka, log, producers } = fakeKafka([{ type: 'PRODUCER_FENCED' }]);
  const c = new TransactionalCommitter(kafka, 'g', 't', 'dlq');
  await takeOver(c, 0, log);
  await assert.rejects(c.commit(0, '9', []), /broker says no/);
  assert.equal(c.owns(0), false);
  // The worker lost the partition: it must not fence the new owner back by making a producer itself.
  await assert.rejects(c.commit(0, '9', []), NotOwnerError);
  assert.equal(producers(), 1, 'commit made a producer');
  await new Promise((r) => setImmediate(r));
  assert.ok(log.includes('disconnect 1'), 'the fenced producer was not disconnected');
  // Given the partition again, the job fences anew.
  await takeOver(c, 0, log);
  await c.commit(0, '9', []);
  assert.equal(producers(), 2);
  assert.deepEqual(log, ['offsets 10', 'commit']);
});

test('other errors are not retried and keep the producer', async () => {
  const { kafka, log, producers } = fakeKafka([{ type: 'COORDINATOR_NOT_AVAILABLE' }]);
  const c = new TransactionalCommitter(kafka, 'g', 't', 'dlq');
  await takeOver(c, 1, log);
  await assert.rejects(c.commit(1, '0', []), /broker says no/);
  await c.commit(1, '0', []);
  assert.equal(producers(), 1);
  assert.deepEqual(log, ['abort', 'offsets 1', 'commit']);
});

test('an abort refused because the producer was fenced fails the commit as fenced, not retried, producer dropped', async () => {
  // A worker frozen past its session timeout: its send fails, and the abort's EndTxn meets the new owner's epoch.
  const abortFailures: object[] = [];
  const { kafka, log, producers } = fakeKafka([{ type: 'CONCURRENT_TRANSACTIONS' }], abortFailures);
  const c = new TransactionalCommitter(kafka, 'g', 't', 'dlq');
  await takeOver(c, 1, log);
  abortFailures.push({ type: 'INVALID_PRODUCER_EPOCH' });
  const err = await c.commit(1, '0', []).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(isFenced(err), `not reported as fenced: ${String(err)}`);
  assert.equal(c.owns(1), false);
  assert.deepEqual(log.filter((l) => !l.startsWith('disconnect')), ['abort'], 'retried');
  await assert.rejects(c.commit(1, '0', []), NotOwnerError);
  assert.equal(producers(), 1);
});

test('an abort refused for another reason drops the producer (kafkajs would refuse its next transaction) and is not retried', async () => {
  const abortFailures: object[] = [];
  const { kafka, log } = fakeKafka([{ type: 'CONCURRENT_TRANSACTIONS' }], abortFailures);
  const c = new TransactionalCommitter(kafka, 'g', 't', 'dlq');
  await takeOver(c, 1, log);
  abortFailures.push({ type: 'REQUEST_TIMED_OUT' });
  const err = await c.commit(1, '0', []).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.equal((err as { type?: string }).type, 'CONCURRENT_TRANSACTIONS');
  assert.equal(isFenced(err), false);
  assert.equal(c.owns(1), false);
  assert.deepEqual(log.filter((l) => !l.startsWith('disconnect')), ['abort'], 'retried');
});

test('many dead letters go in sends of at most 250, all inside the one transaction', async () => {
  const { kafka, log } = fakeKafka();
  const c = new TransactionalCommitter(kafka, 'g', 't', 'dlq');
  await takeOver(c, 0, log);
  const many = Array.from({ length: 601 }, (_, i) => ({ value: Buffer.from(`line ${i}`), reason: 'missing-field: …', offset: String(i) }));
  await c.commit(0, '700', many);
  assert.deepEqual(log, ['send 250', 'send 250', 'send 101', 'offsets 701', 'commit']);
});

test('commit without fence() is NotOwner and makes no producer', async () => {
  const { kafka, log, producers } = fakeKafka();
  const c = new TransactionalCommitter(kafka, 'g', 't', 'dlq');
  await assert.rejects(c.commit(3, '5', dead), NotOwnerError);
  assert.equal(producers(), 0);
  assert.deepEqual(log, []);
  await c.fence(1);
  await assert.rejects(c.commit(3, '5', dead), NotOwnerError, 'another partition\'s producer is not this one\'s');
});

test('never commits an offset below one already committed, and sends nothing then', async () => {
  const { kafka, log, sent } = fakeKafka();
  const c = new TransactionalCommitter(kafka, 'g', 't', 'dlq');
  await takeOver(c, 0, log);
  await c.commit(0, '10', []);
  await assert.rejects(c.commit(0, '5', dead), /refusing to move the committed offset of t\/0 back from 11 to 6/);
  assert.deepEqual(log, ['offsets 11', 'commit'], 'the refused commit sent something');
  // The same offset again (a batch committed twice) is not backwards.
  await c.commit(0, '10', []);
  await c.commit(0, '12', []);
  assert.deepEqual(sent.map((s) => s.offset), ['11', '11', '13']);
});

test('committedPosition: -1 when nothing is committed; a committed offset becomes the floor', async () => {
  const { kafka, log, sent } = fakeKafka();
  const c = new TransactionalCommitter(kafka, 'g', 't', 'dlq');
  assert.deepEqual(await takeOver(c, 0, log), { offset: -1, metadata: null });
  await c.commit(0, '0', []); // anything goes when nothing was committed
  await c.commit(0, '49', [], '{"files":{"a":7}}');
  // Another worker of the group takes the partition over: it reads where this one got to.
  const other = new TransactionalCommitter(kafka, 'g', 't', 'dlq');
  assert.deepEqual(await takeOver(other, 0, log), { offset: 50, metadata: '{"files":{"a":7}}' });
  await assert.rejects(other.commit(0, '30', []), /refusing/);
  await other.commit(0, '49', []);
  assert.deepEqual(sent.map((s) => s.offset), ['1', '50', '50']);
});

test('metadata goes to sendOffsets with the offset (null when none is given)', async () => {
  const { kafka, log, sent } = fakeKafka();
  const c = new TransactionalCommitter(kafka, 'g', 't', 'dlq');
  await takeOver(c, 2, log);
  const metadata = JSON.stringify({ files: { '/var/log/a@1.log': 4096 } });
  await c.commit(2, '9', [], metadata);
  await c.commit(2, '10', []);
  assert.deepEqual(sent, [
    { partition: 2, offset: '10', metadata },
    { partition: 2, offset: '11', metadata: null },
  ]);
});

/** What the job may do to one partition: commit a batch (maybe meeting a broker error), or take it over. */
const actionArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      commit: fc.nat(60),
      failure: fc.constantFrom(undefined, undefined, undefined, 'CONCURRENT_TRANSACTIONS', 'COORDINATOR_NOT_AVAILABLE', 'PRODUCER_FENCED'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ takeOver: fc.constant(true) }) },
);

test('property: whatever the commits asked for, the offsets sent never go down', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(actionArb, { maxLength: 30, size: 'max' }), async (actions) => {
      const failures: object[] = [];
      const { kafka, log, sent } = fakeKafka(failures);
      const c = new TransactionalCommitter(kafka, 'g', 't', 'dlq');
      await takeOver(c, 0, log);
      for (const action of actions) {
        if ('takeOver' in action) {
          await takeOver(c, 0, log);
          continue;
        }
        failures.length = 0;
        if (action.failure) failures.push({ type: action.failure });
        const before = sent.length;
        try {
          await c.commit(0, String(action.commit), []);
        } catch (err) {
          assert.equal(sent.length, before, `a failed commit sent an offset: ${String(err)}`);
        }
      }
      const offsets = sent.map((s) => Number(s.offset));
      for (let i = 1; i < offsets.length; i++) assert.ok(offsets[i] >= offsets[i - 1], `sent ${offsets.join(', ')}`);
    }),
    { numRuns: 200 },
  );
});
