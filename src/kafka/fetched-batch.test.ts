import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../generator/random';
import './preload'; // as in the streaming job's processes (node --require): installs the Batch
import { exactOffset, fasterBatchClass, type PartitionData } from './fetched-batch';
import { installedParts, KafkajsBatch } from './patch';

const filterAbortedMessages = require('kafkajs/src/consumer/filterAbortedMessages') as Parameters<typeof fasterBatchClass>[1];
const FetchedBatch = fasterBatchClass(KafkajsBatch, filterAbortedMessages);

/** Seeded (the generator's PRNG), so a failure can be replayed: `pick(n)` is uniform in [0, n). */
function seeded(seed: number) {
  const random = new Random(seed);
  return (n: number) => random.int(n);
}

const ABORT_MARKER_KEY = Buffer.from([0, 0, 0, 0]);

/** A fetched partition as kafkajs's fetch hands it to Batch: ascending offsets, some in aborted transactions. */
function randomPartition(pick: (n: number) => number): { fetchedOffset: unknown; data: PartitionData & Record<string, unknown> } {
  const big = pick(6) === 0;
  const base = big ? 2n ** 60n + BigInt(pick(1000)) : BigInt(pick(2 ** 31)) * BigInt(1 + pick(3000));
  const messages = [];
  let offset = base;
  for (let i = pick(5) === 0 ? 0 : pick(60); i > 0; i--) {
    const producerId = String(pick(3));
    const marker = pick(12) === 0;
    messages.push({
      offset: offset.toString(),
      key: marker ? ABORT_MARKER_KEY : null,
      value: Buffer.from('x'),
      isControlRecord: marker || pick(15) === 0,
      batchContext: { producerId, inTransaction: pick(2) === 0 },
    });
    offset += BigInt(1 + (pick(4) === 0 ? pick(5) : 0));
  }
  const last = offset;
  const near = base + BigInt(pick(Number(last - base) + 3)) - 1n; // before, inside or after the messages
  // As kafkajs passes it (a string), and forms only kafkajs's own comparison takes.
  const forms: unknown[] = [near.toString(), near.toString(), Number(near), `0${near}`, near];
  const fetchedOffset = forms[pick(forms.length)];
  const abortedTransactions = pick(3) === 0 ? [] : Array.from({ length: pick(3) }, () => ({ firstOffset: (base + BigInt(pick(60))).toString(), producerId: String(pick(3)) }));
  return { fetchedOffset, data: { partition: pick(3), highWatermark: last.toString(), messages, abortedTransactions } };
}

/** Everything a consumer reads from a Batch. */
function view(batch: object) {
  const b = batch as Record<string, unknown> & Record<'firstOffset' | 'lastOffset' | 'offsetLag' | 'offsetLagLow' | 'isEmpty' | 'isEmptyControlRecord' | 'isEmptyDueToFiltering', () => unknown>;
  return {
    fields: { topic: b.topic, partition: b.partition, highWatermark: b.highWatermark, fetchedOffset: b.fetchedOffset },
    rawMessages: b.rawMessages,
    messagesWithinOffset: b.messagesWithinOffset,
    messages: b.messages,
    firstOffset: b.firstOffset(),
    lastOffset: b.lastOffset(),
    offsetLag: b.offsetLag(),
    offsetLagLow: b.offsetLagLow(),
    empty: [b.isEmpty(), b.isEmptyControlRecord(), b.isEmptyDueToFiltering()],
  };
}

test('a fetched batch keeps and filters the same messages as kafkajs Batch (offsets around the fetched one, aborted transactions, control records)', () => {
  const pick = seeded(3);
  let filteredSome = 0;
  for (let i = 0; i < 3000; i++) {
    const { fetchedOffset, data } = randomPartition(pick);
    const ours = view(new FetchedBatch('access-log', fetchedOffset, data));
    const theirs = view(new KafkajsBatch('access-log', fetchedOffset, data));
    assert.deepEqual(ours, theirs, `partition ${i}: fetched ${String(fetchedOffset)}`);
    assert.deepEqual(ours.rawMessages, data.messages);
    if (ours.messagesWithinOffset !== undefined && (ours.messagesWithinOffset as unknown[]).length < data.messages.length) filteredSome++;
  }
  assert.ok(filteredSome > 300, `only ${filteredSome} batches dropped messages before the fetched offset`);
});

test('the fetched offset is compared by number only when it is one exactly', () => {
  assert.equal(exactOffset('0'), 0);
  assert.equal(exactOffset('123456789012345'), 123456789012345);
  assert.equal(exactOffset(42), 42);
  for (const inexact of ['1234567890123456', '007', '-1', '1e3', '', ' 1', 2 ** 53, 1.5, 5n, null, undefined]) {
    assert.equal(exactOffset(inexact), undefined, String(inexact));
  }
});

test('a fetched offset that is not exactly a number leaves all the work to kafkajs Batch', () => {
  const data = { partition: 0, highWatermark: '3', messages: [{ offset: '1' }, { offset: '2' }], abortedTransactions: [] };
  // kafkajs's Batch parses offsets with BigInt: an offset BigInt rejects shows whose code ran.
  assert.throws(() => new FetchedBatch('t', '007', { ...data, messages: [{ offset: 'x' }] }), SyntaxError);
  assert.deepEqual(view(new FetchedBatch('t', '007', data)), view(new KafkajsBatch('t', '007', data)));
  assert.doesNotThrow(() => new FetchedBatch('t', '0', { partition: 0, highWatermark: '1', messages: [{ offset: 'x' }] }));
});

test('the preload installs the Batch into kafkajs', () => {
  assert.equal(installedParts().batch, true);
  const batchModule = require.cache[require.resolve('kafkajs/src/consumer/batch')];
  assert.notEqual(batchModule?.exports, KafkajsBatch, 'kafkajs would still use its own Batch');
});
