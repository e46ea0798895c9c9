import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HBaseClient } from '../../src/hbase';
import { saltedKey, saltSplits } from '../../src/hbase/salt';
import { createLabTables, dropTables } from '../../src/stack/hbase-admin';
import { measureWrites, regionStats } from '../../src/lessons/region-stats';
import { testConfig, unique, uniqueDay } from '../helpers';

const cfg = testConfig();
const BUCKETS = 8;
const sequential = unique('rs_seq');
const salted = unique('rs_salt');
let hbase: HBaseClient;

before(async () => {
  // Both tables are pre-split the same way; only the row keys differ.
  const split = saltSplits(BUCKETS).join(',');
  await createLabTables(cfg, [`${sequential}@${split}`, `${salted}@${split}`]);
  hbase = await HBaseClient.forLab(cfg);
});
after(async () => {
  hbase.close();
  await dropTables(cfg, [sequential, salted]);
});

/** A day of course rows, day first: `yyyyMMdd_courseId`. */
const dayKeys = (day: string) => Array.from({ length: 240 }, (_, i) => `${day}_${100 + i}`);

test('region stats list a pre-split table\'s regions in key order with request counters', async () => {
  const [stats] = await regionStats(cfg, [salted]);
  assert.equal(stats?.table, salted);
  assert.deepEqual(stats?.regions.map((r) => r.startKey), ['', ...saltSplits(BUCKETS)]);
  assert.deepEqual(stats?.regions.map((r) => r.endKey), [...saltSplits(BUCKETS), '']);
  for (const r of stats?.regions ?? []) {
    assert.match(r.server ?? '', /,\d+,\d+$/, 'hosted by a live regionserver');
    assert.equal(typeof r.writeRequests, 'number');
  }
});

test('sequential day-first keys all land in one region of a pre-split table', async () => {
  const keys = dayKeys(uniqueDay());
  const m = await measureWrites(cfg, hbase, sequential, keys);
  assert.equal(m.spread.regionsWritten, 1, JSON.stringify(m.deltas));
  assert.equal(m.spread.hottestShare, 1);
  assert.ok(m.spread.totalWrites >= keys.length, `${m.spread.totalWrites} writes counted for ${keys.length} increments`);
});

test('salted keys spread the same writes over every region', async () => {
  const keys = dayKeys(uniqueDay()).map((k) => saltedKey(k, BUCKETS));
  const m = await measureWrites(cfg, hbase, salted, keys);
  assert.equal(m.spread.regionsWritten, BUCKETS, JSON.stringify(m.deltas));
  assert.ok(m.spread.hottestShare < 0.25, `hottest region took ${m.spread.hottestShare} of the writes`);
  assert.ok(m.spread.totalWrites >= keys.length);
});

test('dropping removes the tables; dropping again says absent', async () => {
  const t = unique('rs_drop');
  assert.deepEqual(await createLabTables(cfg, [t]), [`created ${t}`]);
  assert.deepEqual(await dropTables(cfg, [t]), [`dropped ${t}`]);
  assert.deepEqual(await dropTables(cfg, [t]), [`absent ${t}`]);
});
