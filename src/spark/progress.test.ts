import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { sinceLastStart } from '../process/pid-process';
import { triggerOf } from './job';
import { reached, readCheckpoint, recentBatches } from './progress';

/** A checkpoint as Spark writes it: offsets/<id> (version, metadata, then one JSON line per source), commits/<id>. */
function checkpointWith(batches: Record<number, Record<string, Record<string, number>>>, committed: number[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-checkpoint-'));
  fs.mkdirSync(path.join(dir, 'offsets'));
  fs.mkdirSync(path.join(dir, 'commits'));
  for (const [id, offsets] of Object.entries(batches)) fs.writeFileSync(path.join(dir, 'offsets', id), `v1\n{"batchWatermarkMs":0}\n${JSON.stringify(offsets)}`);
  for (const id of committed) fs.writeFileSync(path.join(dir, 'commits', String(id)), 'v1\n{"nextBatchWatermarkMs":0}');
  // Spark's temporary files sit beside the real ones while it writes.
  fs.writeFileSync(path.join(dir, 'commits', '.3.1234.tmp'), '');
  return dir;
}

test('readCheckpoint takes the last COMMITTED batch: a batch whose offsets are written but not committed yet does not count', () => {
  const dir = checkpointWith({ 1: { 'access-log': { 0: 10, 1: 20 } }, 2: { 'access-log': { 0: 15, 1: 20 } }, 3: { 'access-log': { 0: 99, 1: 99 } } }, [1, 2]);
  const p = readCheckpoint(dir);
  assert.equal(p?.batchId, 2);
  assert.deepEqual([...(p?.offsets.get('access-log') ?? [])], [[0, 15], [1, 20]]);
  assert.equal(reached(p, 'access-log', new Map([[0, 15], [1, 20]])), true);
  assert.equal(reached(p, 'access-log', new Map([[0, 16], [1, 20]])), false, 'one partition behind is not caught up');
  assert.equal(reached(p, 'other-topic', new Map([[0, 0]])), false, 'a topic the batch never read');
  assert.equal(readCheckpoint(path.join(dir, 'missing')), null);
  assert.equal(reached(null, 'access-log', new Map()), false);
});

test('recentBatches reads the one line per batch the job logs, and skips every other line', () => {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spark-log-')), 'spark.log');
  fs.writeFileSync(log, ['26/12/05 WARN something', 'clickstream-spark: batch 7 rows 4005 ms 320 at 2026-12-05T17:46:59.000Z', 'clickstream-spark: batch x rows', 'clickstream-spark: batch 8 rows 12 ms 95 at 2026-12-05T17:47:00.000Z', ''].join('\n'));
  assert.deepEqual(recentBatches(log), [
    { batchId: 7, rows: 4005, ms: 320, at: '2026-12-05T17:46:59.000Z' },
    { batchId: 8, rows: 12, ms: 95, at: '2026-12-05T17:47:00.000Z' },
  ]);
});

test("sinceLastStart keeps only what the service logged since its last start, so an earlier run's line is not taken for this one's", () => {
  const lines = ['===== t1 lab starting spark: java …', 'clickstream-spark: reading access-log', '===== t2 lab starting spark: java …', 'starting up'];
  assert.deepEqual(sinceLastStart(lines, 'spark'), ['starting up']);
  assert.deepEqual(sinceLastStart(['===== t lab starting sparkle: x', 'a'], 'spark'), ['===== t lab starting sparkle: x', 'a'], 'another service of a similar name');
  assert.deepEqual(sinceLastStart(['a', 'b'], 'spark'), ['a', 'b'], 'no banner (tail cut it off): everything');
});

test("the trigger a running job was started with is read from its command line, and nothing else is taken for it", () => {
  assert.equal(triggerOf('java -cp x clickstream.SparkClickJob master=local[2] triggerMs=5000 engines=a lab-marker=m'), 5000);
  assert.equal(triggerOf('java … triggerMs=250'), 250);
  assert.equal(triggerOf('java … maxtriggerMs=9 x'), null);
  assert.equal(triggerOf('java … lab-marker=m'), null);
});
