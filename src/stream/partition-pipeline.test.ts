import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PartitionPipeline, type PipelineHooks } from './partition-pipeline';

const tick = () => new Promise((r) => setImmediate(r));

/** Each batch here is its own write action; a joined write runs its batches' actions in order. */
type Batch = () => Promise<void>;
const pipe = (hooks: Omit<PipelineHooks<Batch>, 'write'>, depth?: number) =>
  new PartitionPipeline<Batch>({ ...hooks, write: async (_p, batches) => {
    for (const b of batches) await b();
  } }, depth);

test('writes of one partition run one at a time and in order; other partitions do not wait', async () => {
  const log: string[] = [];
  const pipeline = pipe({ seek: () => assert.fail('no seek'), onError: () => assert.fail('no error') });
  let releaseFirst = () => {};
  assert.equal(await pipeline.admit(0, '0'), true);
  pipeline.start(0, '0', () => new Promise<void>((r) => (releaseFirst = () => (log.push('p0 b1 done'), r()))), 1);
  // Partition 1 is admitted while partition 0's write is still in flight.
  assert.equal(await pipeline.admit(1, '0'), true);
  pipeline.start(1, '0', async () => void log.push('p1 b1 done'), 1);
  // Partition 0's second batch is admitted (to be counted meanwhile) but written only after the first.
  assert.equal(await pipeline.admit(0, '100'), true);
  pipeline.start(0, '100', async () => void log.push('p0 b2 done'), 1);
  // A third waits: at most two batches of a partition are in flight.
  let thirdAdmitted = false;
  const third = pipeline.admit(0, '200').then((ok) => ((thirdAdmitted = ok), ok));
  await tick();
  assert.equal(thirdAdmitted, false, 'a third batch admitted while two were in flight');
  assert.deepEqual(log, ['p1 b1 done'], 'the second batch was written before the first');
  releaseFirst();
  assert.equal(await third, true);
  pipeline.start(0, '200', async () => void log.push('p0 b3 done'), 1);
  await pipeline.drain();
  assert.deepEqual(log, ['p1 b1 done', 'p0 b1 done', 'p0 b2 done', 'p0 b3 done']);
});

test('a failed write rewinds its partition to the batch start; batches after it are skipped, queued or fetched', async () => {
  const seeks: [number, string][] = [];
  const errors: unknown[] = [];
  const written: string[] = [];
  const pipeline = pipe({ seek: (p, o) => seeks.push([p, o]), onError: (_p, e) => errors.push(e), retryDelayMs: 1 });
  assert.equal(await pipeline.admit(2, '500'), true);
  pipeline.start(2, '500', async () => {
    throw new Error('HBase went away');
  }, 1);
  // Queued behind the failing write: never written.
  assert.equal(await pipeline.admit(2, '900'), true);
  pipeline.start(2, '900', async () => void written.push('900'), 1);
  await pipeline.drain();
  assert.equal(written.length, 0, 'a batch after the failed one was written');
  assert.deepEqual(seeks, [[2, '500']]);
  assert.match(String(errors[0]), /HBase went away/);
  // Fetched before the rewind took effect: skipped.
  assert.equal(await pipeline.admit(2, '1300'), false, 'still before the rewind took effect');
  // The partition's data again from the failed batch's start: accepted, and normal from then on.
  assert.equal(await pipeline.admit(2, '500'), true);
  pipeline.start(2, '500', async () => void written.push('500'), 1);
  assert.equal(await pipeline.admit(2, '900'), true);
  pipeline.start(2, '900', async () => void written.push('900'), 1);
  await pipeline.drain();
  assert.deepEqual(written, ['500', '900']);
});

test('a batch fetched while a failed write waits to rewind is skipped', async () => {
  const pipeline = pipe({ seek: () => undefined, onError: () => undefined, retryDelayMs: 50 });
  pipeline.start(1, '10', () => Promise.reject(new Error('timeout')), 1);
  await tick(); // failed; the seek comes after the pause
  assert.equal(await pipeline.admit(1, '60'), false);
  await pipeline.drain();
});

test('a partition that moved to another worker forgets its pending rewind', async () => {
  const pipeline = pipe({ seek: () => undefined, onError: () => undefined, retryDelayMs: 1 });
  pipeline.start(0, '10', () => Promise.reject(new Error('fenced')), 1);
  await pipeline.drain();
  pipeline.reassigned([1, 2]);
  assert.equal(await pipeline.admit(0, '50'), true, 'if it comes back, it starts from the committed offset');
});

test('batches arriving while a write waits join it: one write for all of them, in order, up to maxLines', async () => {
  const writes: string[][] = [];
  let release = () => {};
  const pipeline = new PartitionPipeline<string>({
    write: async (_p, batches) => {
      writes.push(batches);
      if (batches[0] === 'a') await new Promise<void>((r) => (release = r));
    },
    seek: () => assert.fail('no seek'),
    onError: () => assert.fail('no error'),
  });
  assert.equal(pipeline.join(0, 'a', 100, 300), false, 'nothing queued to join');
  assert.equal(await pipeline.admit(0, '0'), true);
  pipeline.start(0, '0', 'a', 100);
  assert.equal(pipeline.join(0, 'x', 100, 300), false, 'joined a write that waits for nothing');
  await tick(); // 'a' is being written: nothing joins it any more
  assert.equal(pipeline.join(0, 'x', 100, 300), false, 'joined a write already under way');
  pipeline.start(0, '100', 'b', 100);
  assert.equal(pipeline.join(0, 'c', 100, 300), true);
  assert.equal(pipeline.join(0, 'd', 100, 300), true);
  assert.equal(pipeline.join(0, 'e', 100, 300), false, 'past maxLines');
  assert.equal(pipeline.join(1, 'p1', 100, 300), false, 'another partition has its own queue');
  release();
  await pipeline.drain();
  assert.deepEqual(writes, [['a'], ['b', 'c', 'd']]);
});

test('nothing joins a write queued before a failure: those batches come again after the rewind', async () => {
  const written: string[] = [];
  const pipeline = new PartitionPipeline<string>({
    write: async (_p, batches) => {
      if (batches[0] === 'bad') throw new Error('HBase went away');
      written.push(...batches);
    },
    seek: () => undefined,
    onError: () => undefined,
    retryDelayMs: 20,
  });
  pipeline.start(3, '0', 'bad', 10);
  pipeline.start(3, '10', 'queued', 10);
  await tick(); // 'bad' failed; the rewind to 0 is pending
  assert.equal(pipeline.join(3, 'late', 10, 1000), false, 'joined a write that will be skipped');
  assert.equal(await pipeline.admit(3, '20'), false, 'fetched before the rewind took effect');
  await pipeline.drain();
  assert.deepEqual(written, []);
  assert.equal(await pipeline.admit(3, '0'), true);
  pipeline.start(3, '0', 'again', 10);
  assert.equal(await pipeline.admit(3, '10'), true);
  pipeline.start(3, '10', 'again2', 10);
  assert.equal(pipeline.join(3, 'next', 10, 1000), true);
  await pipeline.drain();
  assert.deepEqual(written, ['again', 'again2', 'next']);
});
