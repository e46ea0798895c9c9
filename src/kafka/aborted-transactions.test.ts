import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';

/** kafkajs's own consumer Batch, as the CLI, the dashboard and the tests read topics (no preload). */
const KafkajsBatch = require('kafkajs/src/consumer/batch') as new (
  topic: string,
  fetchedOffset: string,
  data: { partition: number; highWatermark: string; messages: LogRecord[]; abortedTransactions: { producerId: string; firstOffset: string }[] },
) => { messages: LogRecord[] };

interface LogRecord {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  isControlRecord: boolean;
  batchContext: { producerId: string; inTransaction: boolean };
  /** The model's answer: a data record a read_committed consumer must see. */
  visible: boolean;
}

interface AbortedTransaction {
  producerId: string;
  firstOffset: number;
  markerOffset: number;
}

const MARKER_KEY = { abort: Buffer.from([0, 0, 0, 0]), commit: Buffer.from([0, 0, 0, 1]) };

/**
 * A partition's log as the broker writes it: producers' transactions interleaved (each ended by its commit or
 * abort marker, which takes an offset), and plain records from a non-transactional producer between them.
 * `steps` picks, per step, a producer and what it does next.
 */
function partitionLog(steps: readonly { producer: number; action: number }[]) {
  const log: LogRecord[] = [];
  const aborted: AbortedTransaction[] = [];
  const open = new Map<number, { firstOffset: number; records: LogRecord[]; abort: boolean }>();
  const append = (producerId: string, inTransaction: boolean, key: Buffer | null, isControlRecord: boolean): LogRecord => {
    const record = { offset: String(log.length), key, value: Buffer.from('x'), isControlRecord, batchContext: { producerId, inTransaction }, visible: !isControlRecord };
    log.push(record);
    return record;
  };
  const end = (producer: number) => {
    const txn = open.get(producer);
    if (!txn) return;
    open.delete(producer);
    const marker = append(String(producer), true, txn.abort ? MARKER_KEY.abort : MARKER_KEY.commit, true);
    if (!txn.abort) return;
    for (const r of txn.records) r.visible = false;
    aborted.push({ producerId: String(producer), firstOffset: txn.firstOffset, markerOffset: Number(marker.offset) });
  };
  for (const { producer, action } of steps) {
    if (producer === 0) {
      append('-1', false, null, false); // not transactional
      continue;
    }
    const txn = open.get(producer);
    if (txn && action < 3) end(producer);
    else if (txn) txn.records.push(append(String(producer), true, null, false));
    else open.set(producer, { firstOffset: log.length, records: [append(String(producer), true, null, false)], abort: action % 2 === 0 });
  }
  for (const producer of [...open.keys()]) end(producer);
  return { log, aborted };
}

test('a read_committed fetch drops every aborted message, wherever it starts among interleaved transactions (patched kafkajs)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ producer: fc.integer({ min: 0, max: 4 }), action: fc.integer({ min: 0, max: 9 }) }), { minLength: 1, maxLength: 80 }),
      fc.nat(),
      fc.nat(),
      fc.nat(),
      (steps, startPick, fetchedPick, endPick) => {
        const { log, aborted } = partitionLog(steps);
        // The broker answers from a record batch's start at or before the fetched offset, up to some end; it lists
        // the aborted transactions that overlap what it returns, in no promised order.
        const fetched = fetchedPick % log.length;
        const start = fetched - (startPick % (fetched + 1));
        const end = fetched + 1 + (endPick % (log.length - fetched));
        const returned = log.slice(start, end);
        const abortedTransactions = aborted
          .filter((t) => t.markerOffset >= fetched && t.firstOffset < end)
          .sort((a, b) => (a.producerId < b.producerId ? -1 : 1))
          .map((t) => ({ producerId: t.producerId, firstOffset: String(t.firstOffset) }));
        const batch = new KafkajsBatch('t', String(fetched), { partition: 0, highWatermark: String(log.length), messages: returned, abortedTransactions });
        const expected = returned.filter((r) => r.visible && Number(r.offset) >= fetched).map((r) => r.offset);
        assert.deepEqual(
          batch.messages.map((m) => m.offset),
          expected,
        );
      },
    ),
    { numRuns: 2000 },
  );
});

test('the case the chaos test met: a fetch that starts after three producers\' aborted transactions began', () => {
  // Three producers each began a transaction and aborted it when Kafka went away (the dead-letter topic's
  // producers 6, 4 and 5 in that run); the fetch began inside all three, at the second one's second message.
  const { log, aborted } = partitionLog([
    { producer: 1, action: 4 },
    { producer: 2, action: 6 },
    { producer: 3, action: 8 },
    { producer: 1, action: 5 },
    { producer: 2, action: 5 },
    { producer: 3, action: 5 },
    { producer: 1, action: 0 },
    { producer: 2, action: 0 },
    { producer: 3, action: 0 },
  ]);
  assert.equal(aborted.length, 3);
  const abortedTransactions = aborted.map((t) => ({ producerId: t.producerId, firstOffset: String(t.firstOffset) }));
  const batch = new KafkajsBatch('t', '4', { partition: 0, highWatermark: String(log.length), messages: log.slice(4), abortedTransactions });
  assert.deepEqual(batch.messages, []);
});
