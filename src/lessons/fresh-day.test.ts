import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshDay } from './fresh-day';

test('fresh days are real calendar days centuries ago', () => {
  for (const r of [0, 0.5, 0.999999]) {
    const d = freshDay(() => r);
    assert.match(d, /^1[2-8]\d\d-\d\d-\d\d$/);
    assert.equal(new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10), d);
  }
});
