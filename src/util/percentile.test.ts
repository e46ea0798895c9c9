import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { percentile, weightedPercentile } from './percentile';

test('nearest-rank percentiles', () => {
  const samples = [50, 10, 40, 20, 30]; // unsorted on purpose
  assert.equal(percentile(samples, 0.5), 30);
  assert.equal(percentile(samples, 0.2), 10);
  assert.equal(percentile(samples, 0.21), 20);
  assert.equal(percentile(samples, 1), 50);
  assert.equal(percentile(samples, 0), 10);
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(hundred, 0.99), 99);
  assert.ok(Number.isNaN(percentile([], 0.5)));
  assert.throws(() => percentile(samples, 99), /between 0 and 1, got 99/);
});


test('a weighted percentile is the percentile of the samples each repeated by its weight', () => {
  fc.assert(
    fc.property(fc.array(fc.record({ delayMs: fc.integer({ min: 0, max: 5000 }), clicks: fc.integer({ min: 0, max: 6 }) }), { maxLength: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (groups, p) => {
      const expanded = groups.flatMap((g) => new Array<number>(g.clicks).fill(g.delayMs));
      const w = weightedPercentile(groups, p);
      const e = percentile(expanded, p);
      return Number.isNaN(e) ? Number.isNaN(w) : w === e;
    }),
  );
  assert.throws(() => weightedPercentile([], 2), /between 0 and 1/);
});
