import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alignedStarts } from './spark';

const at = (iso: string) => Date.parse(iso);

test('a job restarted with a 5 s trigger: its cold first batch and the one right after are off the multiples, the rest on them', () => {
  // Batch start times from a CI run's log: the first batch ran 4.4 s, so the next started at once, then at 40.000.
  const starts = ['2026-12-05T18:17:34.957Z', '2026-12-05T18:17:39.435Z', '2026-12-05T18:17:40.171Z', '2026-12-05T18:17:45.001Z'].map(at);
  assert.deepEqual(alignedStarts(starts, 5000), { batches: 4, onTrigger: 2, ok: true });
});

test('a job still running with a 1 s trigger is not taken for one with a 5 s trigger, though it ran well', () => {
  const starts = Array.from({ length: 12 }, (_, i) => at('2026-12-05T18:17:23.000Z') + i * 1000 + (i % 3));
  assert.equal(alignedStarts(starts, 1000).ok, true);
  const asFive = alignedStarts(starts, 5000);
  assert.equal(asFive.ok, false, JSON.stringify(asFive));
});

test('one aligned batch, or none at all, is not enough to tell', () => {
  assert.equal(alignedStarts([at('2026-12-05T18:17:45.001Z')], 5000).ok, false);
  assert.equal(alignedStarts([], 5000).ok, false);
});
