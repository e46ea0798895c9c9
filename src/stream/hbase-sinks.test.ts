import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COUNT_COLUMN } from '../schema';
import { hbaseSink } from './hbase-sinks';
import { MemoryHBase } from './memory-hbase.test-helper';
import type { SinkBatch } from './sink';

const batch = (lastOffset: number, updates: SinkBatch['updates']): SinkBatch => ({ partition: 0, lastOffset: String(lastOffset), updates });
// A sparse batch: a partition's offsets with gaps (other lines were malformed or did not count).
const first = batch(14, [
  { table: 'course', row: '20261205_1', offsets: [2, 5, 9] },
  { table: 'search', row: '20261205_www.baidu.com_1', offsets: [5, 14] },
]);

test('the exactly-once HBase sink applies a batch once, however often it comes, and reports per table', async () => {
  const db = new MemoryHBase();
  const sink = hbaseSink(db.asClient(), 'exactly-once');
  assert.equal(sink.delivery, 'exactly-once');
  const applied = await sink.openPartition('t', 0).write(first);
  assert.deepEqual([...applied.keys()], ['course', 'search']);
  assert.equal(applied.get('course')?.linesApplied, 3);
  assert.equal(applied.get('search')?.linesApplied, 2);
  // The same batch again, from a writer that knows nothing (a restart after a crash before the commit).
  const again = await sink.openPartition('t', 0).write(first);
  assert.equal(again.get('course')?.linesApplied, 0);
  assert.equal(db.long('course', '20261205_1', COUNT_COLUMN), 3n);
  assert.equal(db.long('search', '20261205_www.baidu.com_1', COUNT_COLUMN), 2n);
  // Another partition's lines for the same row count: its offsets are its own.
  await sink.openPartition('t', 1).write({ ...first, partition: 1 });
  assert.equal(db.long('course', '20261205_1', COUNT_COLUMN), 6n);
});

test('the at-least-once HBase sink counts a replayed batch again (lesson 05)', async () => {
  const db = new MemoryHBase();
  const sink = hbaseSink(db.asClient(), 'at-least-once');
  assert.equal(sink.delivery, 'at-least-once');
  await sink.openPartition('t', 0).write(first);
  const again = await sink.openPartition('t', 0).write(first);
  assert.equal(again.get('course')?.linesApplied, 3);
  assert.equal(db.long('course', '20261205_1', COUNT_COLUMN), 6n);
});
