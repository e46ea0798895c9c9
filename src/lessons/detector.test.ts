import assert from 'node:assert/strict';
import fc from 'fast-check';
import { test } from 'node:test';
import { confusionAt, thresholdCurve } from './detector';

test('the confusion at a threshold counts every window once; precision and recall follow from it', () => {
  const c = confusionAt([0.9, 0.8, 0.6, 0.3, 0.1], [1, 0, 1, 1, 0], 0.5);
  assert.deepEqual([c.truePositives, c.falsePositives, c.falseNegatives, c.trueNegatives], [2, 1, 1, 1]);
  assert.deepEqual([c.precision, c.recall], [2 / 3, 2 / 3]);
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 1 }))), fc.double({ min: 0, max: 1, noNaN: true }), (rows, t) => {
      const k = confusionAt(rows.map((r) => r[0]), rows.map((r) => r[1]), t);
      assert.equal(k.truePositives + k.falsePositives + k.falseNegatives + k.trueNegatives, rows.length);
      assert.equal(k.truePositives + k.falseNegatives, rows.filter((r) => r[1] === 1).length);
      // Recall never grows as the threshold rises.
      assert.ok(confusionAt(rows.map((r) => r[0]), rows.map((r) => r[1]), Math.min(1, t + 0.1)).recall <= k.recall);
    }),
  );
  assert.deepEqual(thresholdCurve([0.5], [1]).map((c) => c.threshold).slice(0, 3), [0.05, 0.1, 0.15]);
});
