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

/** What the job does with a fetched batch: check the fetch, read the generation, wait for room. */
async function takeIn<B>(pipeline: PartitionPipeline<B>, partition: number, fetchedOffset: string): Promise<boolean> {
  if (!pipeline.acceptsFetch(partition, fetchedOffset)) return false;
  return pipeline.admit(partition, pipeline.generation(partition));
}

/** A write that finishes only when `release` is called. */
function held(log: string[], name: string) {
  let release = () => {};
  const batch: Batch = () => new Promise<void>((r) => (release = () => (log.push(name), r())));
  return { batch, release: () => release() };
}

test('writes of one partition run one at a time and in order; other partitions do not wait', async () => {
  const log: string[] = [];
  const pipeline = pipe({ seek: () => assert.fail('no seek'), onError: () => assert.fail('no error') });
  const first = held(log, 'p0 b1 done');
  assert.equal(await takeIn(pipeline, 0, '0'), true);
  pipeline.start(0, '0', first.batch, 1);
  // Partition 1 is admitted while partition 0's write is still in flight.
  assert.equal(await takeIn(pipeline, 1, '0'), true);
  pipeline.start(1, '0', async () => void log.push('p1 b1 done'), 1);
  // Partition 0's second batch is admitted (to be counted meanwhile) but written only after the first.
  assert.equal(await takeIn(pipeline, 0, '100'), true);
  pipeline.start(0, '100', async () => void log.push('p0 b2 done'), 1);
  // A third waits: at most two batches of a partition are in flight.
  let thirdAdmitted = false;
  const third = takeIn(pipeline, 0, '200').then((ok) => ((thirdAdmitted = ok), ok));
  await tick();
  assert.equal(thirdAdmitted, false, 'a third batch admitted while two were in flight');
  assert.deepEqual(log, ['p1 b1 done'], 'the second batch was written before the first');
  first.release();
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
  // A batch taken in (its generation read) before the failure, to be admitted after it.
  const before = pipeline.generation(2);
  assert.equal(await takeIn(pipeline, 2, '500'), true);
  pipeline.start(2, '500', async () => {
    throw new Error('HBase went away');
  }, 1);
  // Queued behind the failing write: never written.
  assert.equal(await takeIn(pipeline, 2, '900'), true);
  pipeline.start(2, '900', async () => void written.push('900'), 1);
  await pipeline.drain();
  assert.equal(written.length, 0, 'a batch after the failed one was written');
  assert.deepEqual(seeks, [[2, '500']]);
  assert.match(String(errors[0]), /HBase went away/);
  assert.equal(await pipeline.admit(2, before), false, 'taken in before the failure, yet admitted');
  // Fetched before the rewind took effect: skipped.
  assert.equal(await takeIn(pipeline, 2, '1300'), false, 'still before the rewind took effect');
  // The partition's data again from the failed batch's start: accepted, and normal from then on.
  assert.equal(await takeIn(pipeline, 2, '500'), true);
  pipeline.start(2, '500', async () => void written.push('500'), 1);
  assert.equal(await takeIn(pipeline, 2, '900'), true);
  pipeline.start(2, '900', async () => void written.push('900'), 1);
  await pipeline.drain();
  assert.deepEqual(written, ['500', '900']);
});

test('a batch fetched while a failed write waits to rewind is skipped', async () => {
  const pipeline = pipe({ seek: () => undefined, onError: () => undefined, retryDelayMs: 50 });
  const before = pipeline.generation(1);
  pipeline.start(1, '10', () => Promise.reject(new Error('timeout')), 1);
  await tick(); // failed; the seek comes after the pause
  assert.equal(pipeline.acceptsFetch(1, '60'), false);
  assert.equal(await pipeline.admit(1, before), false);
  await pipeline.drain();
});

test('a partition (re)assigned forgets its pending rewind; other partitions keep theirs', async () => {
  const pipeline = pipe({ seek: () => undefined, onError: () => undefined, retryDelayMs: 1 });
  pipeline.start(0, '10', () => Promise.reject(new Error('fenced')), 1);
  pipeline.start(1, '10', () => Promise.reject(new Error('fenced')), 1);
  await pipeline.drain();
  assert.equal(pipeline.acceptsFetch(0, '50'), false, 'the rewind to 10 is pending');
  pipeline.forgetRewind(0);
  assert.equal(pipeline.acceptsFetch(0, '50'), true, 'if it comes back, it starts from the committed offset');
  assert.equal(await pipeline.admit(0, pipeline.generation(0)), true);
  assert.equal(pipeline.acceptsFetch(1, '50'), false, 'partition 1 was not reassigned');
});

test('acceptsFetch: while a rewind is pending only a fetch from its offset or before it passes, and clears it', () => {
  const pipeline = pipe({ seek: () => undefined, onError: () => undefined });
  assert.equal(pipeline.acceptsFetch(0, '12345'), true, 'no rewind pending');

  pipeline.rewind(0, '100');
  assert.equal(pipeline.acceptsFetch(1, '500'), true, 'another partition has no rewind');
  assert.equal(pipeline.acceptsFetch(0, '101'), false, 'after the rewind offset');
  assert.equal(pipeline.acceptsFetch(0, '1000'), false, 'after it (and longer as a string)');
  assert.equal(pipeline.acceptsFetch(0, '100'), true, 'at the rewind offset');
  assert.equal(pipeline.acceptsFetch(0, '5000'), true, 'the rewind took effect: later fetches are normal');

  pipeline.rewind(0, '100');
  assert.equal(pipeline.acceptsFetch(0, '99'), true, 'before it (numerically; "99" > "100" as strings)');
  assert.equal(pipeline.acceptsFetch(0, '101'), true, 'cleared by the fetch from before it');

  // Offsets past 2^53 compare exactly (as numbers these two are equal).
  pipeline.rewind(0, '9007199254740992');
  assert.equal(pipeline.acceptsFetch(0, '9007199254740993'), false);
  assert.equal(pipeline.acceptsFetch(0, '9007199254740992'), true);
});

test('drainPartition waits for that partition\'s writes only, all of them', async () => {
  const log: string[] = [];
  const pipeline = pipe({ seek: () => assert.fail('no seek'), onError: () => assert.fail('no error') });
  const p0 = held(log, 'p0');
  const p1a = held(log, 'p1a');
  const p1b = held(log, 'p1b');
  // Nothing in flight: returns at once.
  await pipeline.drainPartition(2);
  pipeline.start(0, '0', p0.batch, 1);
  pipeline.start(1, '0', p1a.batch, 1);
  pipeline.start(1, '10', p1b.batch, 1);
  let drained = false;
  void pipeline.drainPartition(1).then(() => (drained = true));
  await tick();
  p1a.release();
  await tick();
  await tick();
  assert.equal(drained, false, 'returned before the partition\'s last write');
  p1b.release();
  await tick();
  await tick();
  assert.equal(drained, true, 'still waiting, for partition 0');
  assert.deepEqual(log, ['p1a', 'p1b']);
  p0.release();
  await pipeline.drain();
});

test('onError receives the failed write\'s batches, joined ones included', async () => {
  const failed: [number, string[]][] = [];
  let release = () => {};
  const pipeline = new PartitionPipeline<string>({
    write: async (_p, batches) => {
      if (batches[0] === 'slow') return new Promise<void>((r) => (release = r));
      throw new Error('HBase went away');
    },
    seek: () => undefined,
    onError: (p, _e, batches) => void failed.push([p, [...batches]]),
    retryDelayMs: 1,
  });
  pipeline.start(4, '0', 'lone', 10);
  await pipeline.drain();
  assert.deepEqual(failed, [[4, ['lone']]]);

  pipeline.start(5, '0', 'slow', 10);
  await tick();
  pipeline.start(5, '10', 'b', 10);
  assert.equal(pipeline.join(5, 'c', 10, 100), true);
  release();
  await pipeline.drain();
  assert.deepEqual(failed, [[4, ['lone']], [5, ['b', 'c']]]);
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
  assert.equal(await takeIn(pipeline, 0, '0'), true);
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
  assert.equal(await takeIn(pipeline, 3, '20'), false, 'fetched before the rewind took effect');
  await pipeline.drain();
  assert.deepEqual(written, []);
  assert.equal(await takeIn(pipeline, 3, '0'), true);
  pipeline.start(3, '0', 'again', 10);
  assert.equal(await takeIn(pipeline, 3, '10'), true);
  pipeline.start(3, '10', 'again2', 10);
  assert.equal(pipeline.join(3, 'next', 10, 1000), true);
  await pipeline.drain();
  assert.deepEqual(written, ['again', 'again2', 'next']);
});
