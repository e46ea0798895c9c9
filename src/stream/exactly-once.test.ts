import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countAfter } from './exactly-once';

test('countAfter counts the offsets past the last applied one', () => {
  const offsets = [3, 5, 8, 9, 20];
  // Expected by brute force, so the binary search is checked against the obvious definition.
  for (let last = -1; last <= 21; last++) {
    assert.equal(countAfter(offsets, last), offsets.filter((o) => o > last).length, `last=${last}`);
  }
  assert.equal(countAfter([], 5), 0);
});
