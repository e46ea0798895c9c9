import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WriteMeasurement } from '../region-stats';
import { freshnessFigure, regionWritesFigure } from './lesson-charts';

test('region writes: one trace per table, one bar per region, labelled by key range', () => {
  const m = (table: string, writes: number[]): WriteMeasurement => ({
    table,
    deltas: writes.map((w, i) => ({ region: `r${i}`, startKey: i === 0 ? '' : String(i), endKey: i === writes.length - 1 ? '' : String(i + 1), writes: w, reads: 0 })),
    spread: { regions: writes.length, regionsWritten: 0, totalWrites: 0, hottestShare: 0 },
  });
  const fig = regionWritesFigure([m('seq', [0, 0, 240]), m('salted', [80, 75, 85])]);
  assert.deepEqual(fig.data.map((t) => t.name), ['seq', 'salted']);
  assert.deepEqual(fig.data[0]?.y, [0, 0, 240]);
  assert.deepEqual(fig.data[1]?.x, ['region 0: [∅, 1)', 'region 1: [1, 2)', 'region 2: [2, ∅)']);
});

test('freshness samples are plotted in seconds against milliseconds of delay', () => {
  const fig = freshnessFigure([{ atMs: 1500, delayMs: 210 }, { atMs: 2000, delayMs: 180 }], 'run');
  assert.deepEqual(fig.data[0]?.x, [1.5, 2]);
  assert.deepEqual(fig.data[0]?.y, [210, 180]);
});
