import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PartitionPipeline } from './partition-pipeline';

const tick = () => new Promise((r) => setImmediate(r));

test('writes of one partition run one at a time and in order; other partitions do not wait', async () => {
  const log: string[] = [];
  const pipeline = new PartitionPipeline({ seek: () => assert.fail('no seek'), onError: () => assert.fail('no error') });
  let releaseFirst = () => {};
  assert.equal(await pipeline.admit(0, '0'), true);
  pipeline.start(0, '0', () => new Promise<void>((r) => (releaseFirst = () => (log.push('p0 b1 done'), r()))));
  // Partition 1 is admitted while partition 0's write is still in flight.
  assert.equal(await pipeline.admit(1, '0'), true);
  pipeline.start(1, '0', async () => void log.push('p1 b1 done'));
  // Partition 0's second batch is admitted (to be counted meanwhile) but written only after the first.
  assert.equal(await pipeline.admit(0, '100'), true);
  pipeline.start(0, '100', async () => void log.push('p0 b2 done'));
  // A third waits: at most two batches of a partition are in flight.
  let thirdAdmitted = false;
  const third = pipeline.admit(0, '200').then((ok) => ((thirdAdmitted = ok), ok));
  await tick();
  assert.equal(thirdAdmitted, false, 'a third batch admitted while two were in flight');
  assert.deepEqual(log, ['p1 b1 done'], 'the second batch was written before the first');
  releaseFirst();
  assert.equal(await third, true);
  pipeline.start(0, '200', async () => void log.push('p0 b3 done'));
  await pipeline.drain();
  assert.deepEqual(log, ['p1 b1 done', 'p0 b1 done', 'p0 b2 done', 'p0 b3 done']);
});

test('a failed write rewinds its partition to the batch start; batches after it are skipped, queued or fetched', async () => {
  const seeks: [number, string][] = [];
  const errors: unknown[] = [];
  const written: string[] = [];
  const pipeline = new PartitionPipeline({ seek: (p, o) => seeks.push([p, o]), onError: (_p, e) => errors.push(e), retryDelayMs: 1 });
  assert.equal(await pipeline.admit(2, '500'), true);
  pipeline.start(2, '500', async () => {
    throw new Error('HBase went away');
  });
  // Queued behind the failing write: never written.
  assert.equal(await pipeline.admit(2, '900'), true);
  pipeline.start(2, '900', async () => void written.push('900'));
  await pipeline.drain();
  assert.equal(written.length, 0, 'a batch after the failed one was written');
  assert.deepEqual(seeks, [[2, '500']]);
  assert.match(String(errors[0]), /HBase went away/);
  // Fetched before the rewind took effect: skipped.
  assert.equal(await pipeline.admit(2, '1300'), false, 'still before the rewind took effect');
  // The partition's data again from the failed batch's start: accepted, and normal from then on.
  assert.equal(await pipeline.admit(2, '500'), true);
  pipeline.start(2, '500', async () => void written.push('500'));
  assert.equal(await pipeline.admit(2, '900'), true);
  pipeline.start(2, '900', async () => void written.push('900'));
  await pipeline.drain();
  assert.deepEqual(written, ['500', '900']);
});

test('a batch fetched while a failed write waits to rewind is skipped', async () => {
  const pipeline = new PartitionPipeline({ seek: () => undefined, onError: () => undefined, retryDelayMs: 50 });
  pipeline.start(1, '10', () => Promise.reject(new Error('timeout')));
  await tick(); // failed; the seek comes after the pause
  assert.equal(await pipeline.admit(1, '60'), false);
  await pipeline.drain();
});

test('a partition that moved to another worker forgets its pending rewind', async () => {
  const pipeline = new PartitionPipeline({ seek: () => undefined, onError: () => undefined, retryDelayMs: 1 });
  pipeline.start(0, '10', () => Promise.reject(new Error('fenced')));
  await pipeline.drain();
  pipeline.reassigned([1, 2]);
  assert.equal(await pipeline.admit(0, '50'), true, 'if it comes back, it starts from the committed offset');
});
