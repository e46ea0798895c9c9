import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HBaseClient } from '../../src/hbase';
import { applyAtLeastOnce, applyExactlyOnce, RowOffsets, type CounterUpdate } from '../../src/stream/exactly-once';
import { COUNT_COLUMN } from '../../src/schema';
import { testConfig, unique } from '../helpers';

const cfg = testConfig();
const table = cfg.tables.courseClicks;
// Rows remember their next offset per topic and partition; a fresh RowOffsets per call knows nothing.
const source = 'it-exactly-once';
let hbase: HBaseClient;

before(async () => {
  hbase = await HBaseClient.forLab(cfg);
});
after(() => hbase.close());

/** Splits offsets [0, n) of one partition into batches at the given cut points, one row per `rows`. */
function batches(rows: string[], n: number, cuts: number[]): CounterUpdate[][] {
  const bounds = [0, ...cuts, n];
  return bounds.slice(1).map((end, i) => {
    const start = bounds[i] as number;
    return rows.map((row, r) => ({
      table,
      row,
      // Row r gets every offset o with o % rows.length === r.
      offsets: Array.from({ length: end - start }, (_, k) => start + k).filter((o) => o % rows.length === r),
    }));
  });
}

test('a replay with different batch boundaries counts every line once', async () => {
  const rows = [unique('eo_a'), unique('eo_b'), unique('eo_c')];
  const n = 3000;
  // First run: three batches, then a "crash" after the second (its offsets were never committed).
  const first = batches(rows, n, [1000, 2200]);
  await applyExactlyOnce(hbase, new RowOffsets(source, 0), first[0] as CounterUpdate[]);
  await applyExactlyOnce(hbase, new RowOffsets(source, 0), first[1] as CounterUpdate[]);
  // Restart from the last committed offset (1000), with other boundaries: [1000, 2500) and [2500, 3000).
  const replay = batches(rows, n, [1000, 2500]).slice(1);
  const s1 = await applyExactlyOnce(hbase, new RowOffsets(source, 0), replay[0] as CounterUpdate[]);
  assert.equal(s1.linesApplied, 2500 - 2200, 'only lines past the crash point are new');
  await applyExactlyOnce(hbase, new RowOffsets(source, 0), replay[1] as CounterUpdate[]);
  // Replaying the whole partition again changes nothing.
  for (const b of batches(rows, n, [700, 1900])) assert.equal((await applyExactlyOnce(hbase, new RowOffsets(source, 0), b)).linesApplied, 0);
  for (const [r, row] of rows.entries()) {
    const expected = Array.from({ length: n }, (_, o) => o).filter((o) => o % rows.length === r).length;
    assert.equal(await hbase.getLong(table, row, COUNT_COLUMN), BigInt(expected), row);
  }
});

test('partitions writing the same rows concurrently lose no update', async () => {
  const rows = [unique('eo_hot1'), unique('eo_hot2')];
  const partitions = [0, 1, 2];
  const perPartition = 40;
  // Every partition sends 40 one-line batches to both rows, all at once: checkAndPut races on every row.
  await Promise.all(
    partitions.map(async (p) => {
      for (let o = 0; o < perPartition; o++) {
        await applyExactlyOnce(hbase, new RowOffsets(source, p), rows.map((row) => ({ table, row, offsets: [o] })));
      }
    }),
  );
  for (const row of rows) assert.equal(await hbase.getLong(table, row, COUNT_COLUMN), BigInt(partitions.length * perPartition));
});

test('the at-least-once sink double counts a replay (what lesson 05 demonstrates)', async () => {
  const row = unique('alo');
  const batch: CounterUpdate[] = [{ table, row, offsets: [0, 1, 2, 3] }];
  await applyAtLeastOnce(hbase, batch);
  await applyAtLeastOnce(hbase, batch); // the restart replays the uncommitted batch
  assert.equal(await hbase.getLong(table, row, COUNT_COLUMN), 8n);
});
