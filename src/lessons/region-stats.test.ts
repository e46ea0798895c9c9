import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestDeltas, totalOverWindows, writeSpread, type RegionDelta, type TableRegionStats } from './region-stats';

const snapshot = (writes: number[], reads: number[] = writes.map(() => 0)): TableRegionStats => ({
  table: 't',
  regions: writes.map((w, i) => ({
    region: `r${i}`,
    startKey: i === 0 ? '' : String(i),
    endKey: i === writes.length - 1 ? '' : String(i + 1),
    server: 'localhost,16020,1',
    readRequests: reads[i] ?? 0,
    writeRequests: w,
  })),
});

test('deltas subtract the earlier snapshot per region', () => {
  const d = requestDeltas(snapshot([5, 0, 7], [1, 1, 1]), snapshot([15, 0, 9], [1, 4, 1]));
  assert.deepEqual(d.map((r) => r.writes), [10, 0, 2]);
  assert.deepEqual(d.map((r) => r.reads), [0, 3, 0]);
});

test('a region born after the first snapshot counts from zero', () => {
  const before = snapshot([5]);
  const after = snapshot([5, 3]);
  assert.deepEqual(requestDeltas(before, after).map((r) => r.writes), [0, 3]);
});

test('snapshots of different tables are refused', () => {
  assert.throws(() => requestDeltas(snapshot([1]), { ...snapshot([1]), table: 'u' }), /`t` and `u`/);
});

test('spread: one hot region vs an even spread', () => {
  const hot = writeSpread(requestDeltas(snapshot([0, 0, 0, 0]), snapshot([0, 0, 400, 0])));
  assert.deepEqual(hot, { regions: 4, regionsWritten: 1, totalWrites: 400, hottestShare: 1 });
  const even = writeSpread(requestDeltas(snapshot([0, 0, 0, 0]), snapshot([100, 90, 110, 100])));
  assert.equal(even.regionsWritten, 4);
  assert.equal(even.hottestShare, 110 / 400);
  assert.equal(writeSpread([]).hottestShare, 0);
});

test('totalOverWindows adds each region\'s writes over the windows; a window that hit one region is hot however even the total', () => {
  const region = (name: string, writes: number): RegionDelta => ({ region: name, startKey: name, endKey: '', writes, reads: 0 });
  const windows = ['a', 'b'].map((hot) => ({
    label: hot,
    tables: [{ table: 't', deltas: [region('a', hot === 'a' ? 10 : 0), region('b', hot === 'b' ? 10 : 0)], spread: writeSpread([region('a', hot === 'a' ? 10 : 0), region('b', hot === 'b' ? 10 : 0)]) }],
  }));
  assert.deepEqual(windows.map((w) => w.tables[0]?.spread.hottestShare), [1, 1]);
  const total = totalOverWindows(windows, 0);
  assert.deepEqual(total.deltas.map((d) => d.writes), [10, 10]);
  assert.equal(total.spread.hottestShare, 0.5);
  assert.throws(() => totalOverWindows([], 0), RangeError);
});
