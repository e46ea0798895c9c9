import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCheckpoint, decodePointer, encodeCheckpoint, encodePointer, type WorkerCheckpoint } from './checkpoint';

test('a checkpoint and the pointer to it round-trip; what the worker did not write is refused, saying what it is', () => {
  const cp: WorkerCheckpoint = { v: 1, detector: { watermark: [[0, 5]], baselines: [[112, { mean: 0.03, variance: 0.001, windows: 4 } as never]], latches: [['bot:10.0.0.1', { open: true, quiet: 2 }]], ipsClosedBefore: 1000, coursesClosedBefore: 2000, late: 3 }, readFrom: [[0, 17], [1, 0]], modelSavedAt: null };
  assert.deepEqual(decodeCheckpoint(encodeCheckpoint(cp)), cp);
  assert.deepEqual(decodePointer(encodePointer({ v: 1, partition: 0, offset: 41 })), { v: 1, partition: 0, offset: 41 });
  assert.equal(decodePointer(null), null, 'a group that never committed has no checkpoint');
  assert.equal(decodePointer(''), null);
  assert.throws(() => decodePointer('{"files":{"a.log":12}}'), /not a checkpoint pointer/);
  assert.throws(() => decodeCheckpoint('{"v":2}'), /not a detector checkpoint/);
});
