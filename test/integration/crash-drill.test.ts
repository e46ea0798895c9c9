import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HBaseClient } from '../../src/hbase';
import { runCrashDrill } from '../../src/lessons/crash-drill';
import { testConfig } from '../helpers';

const cfg = testConfig();
let hbase: HBaseClient;

before(async () => {
  hbase = await HBaseClient.forLab(cfg);
});
after(() => hbase.close());

test('kill -9 between HBase write and offset commit: the at-least-once sink counts the replayed batch twice', async () => {
  const r = await runCrashDrill(cfg, hbase, { delivery: 'at-least-once', lines: 8000, batchLines: 2000 });
  assert.equal(r.resumedFrom, 0, 'the first batch was never committed');
  assert.equal(r.crashedAtOffset, 1999);
  assert.ok(r.afterCrash > 0, 'the killed worker had written its first batch');
  // Every line counted once, plus the replayed batch's clicks a second time.
  assert.equal(r.final, r.truth + r.afterCrash);
  assert.ok(r.differences.length > 0);
});

test('the same crash with the exactly-once sink: totals equal the ground truth, row by row', async () => {
  const r = await runCrashDrill(cfg, hbase, { delivery: 'exactly-once', lines: 8000, batchLines: 2000 });
  assert.equal(r.resumedFrom, 0);
  assert.ok(r.afterCrash > 0 && r.afterCrash < r.truth);
  assert.equal(r.final, r.truth);
  assert.deepEqual(r.differences, []);
});
