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
  // Partition 0's second batch waits for the first.
  let secondAdmitted = false;
  const second = pipeline.admit(0, '100').then((ok) => ((secondAdmitted = ok), ok));
  await tick();
  assert.equal(secondAdmitted, false, 'admitted before the previous write finished');
  releaseFirst();
  assert.equal(await second, true);
  pipeline.start(0, '100', async () => void log.push('p0 b2 done'));
  await pipeline.drain();
  assert.deepEqual(log, ['p1 b1 done', 'p0 b1 done', 'p0 b2 done']);
});

test('a failed write rewinds its partition to the batch start and skips batches fetched before the rewind', async () => {
  const seeks: [number, string][] = [];
  const errors: unknown[] = [];
  const pipeline = new PartitionPipeline({ seek: (p, o) => seeks.push([p, o]), onError: (_p, e) => errors.push(e), retryDelayMs: 1 });
  assert.equal(await pipeline.admit(2, '500'), true);
  pipeline.start(2, '500', async () => {
    throw new Error('HBase went away');
  });
  // A batch fetched meanwhile (after the failed one) is skipped, not written.
  assert.equal(await pipeline.admit(2, '900'), false);
  assert.deepEqual(seeks, [[2, '500']]);
  assert.match(String(errors[0]), /HBase went away/);
  assert.equal(await pipeline.admit(2, '1300'), false, 'still before the rewind took effect');
  // The partition's data again from the failed batch's start: accepted, and normal from then on.
  assert.equal(await pipeline.admit(2, '500'), true);
  assert.equal(await pipeline.admit(2, '900'), true);
});

test('a partition that moved to another worker forgets its pending rewind', async () => {
  const pipeline = new PartitionPipeline({ seek: () => undefined, onError: () => undefined, retryDelayMs: 1 });
  pipeline.start(0, '10', () => Promise.reject(new Error('fenced')));
  await pipeline.drain();
  pipeline.reassigned([1, 2]);
  assert.equal(await pipeline.admit(0, '50'), true, 'if it comes back, it starts from the committed offset');
});
