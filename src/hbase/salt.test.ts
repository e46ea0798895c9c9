import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketLabel, saltBucket, saltedKey, saltedPrefixes, saltSplits } from './salt';

const courseIds = Array.from({ length: 90 }, (_, i) => 110 + i);

test('the same key always lands in the same bucket, and the salted key ends with the original key', () => {
  for (const id of courseIds) {
    const key = `20261124_${id}`;
    assert.equal(saltedKey(key, 8), saltedKey(key, 8));
    assert.ok(saltedKey(key, 8).endsWith(`_${key}`));
    assert.equal(saltedKey(key, 8), `${saltBucket(key, 8)}_${key}`);
  }
});

test('one day of consecutive course ids spreads over every bucket, none with more than twice its share', () => {
  const counts = new Array<number>(8).fill(0);
  for (const id of courseIds) counts[saltBucket(`20261124_${id}`, 8)]! += 1;
  assert.ok(counts.every((n) => n > 0), `empty bucket: ${counts.join(',')}`);
  assert.ok(Math.max(...counts) <= (2 * courseIds.length) / 8, `uneven: ${counts.join(',')}`);
});

test('split keys put each bucket in its own region', () => {
  const splits = saltSplits(8);
  assert.deepEqual(splits, ['1', '2', '3', '4', '5', '6', '7']);
  for (const id of courseIds) {
    const key = saltedKey(`20261124_${id}`, 8);
    // The region holding a key is the number of split keys <= it.
    const region = splits.filter((s) => s <= key).length;
    assert.equal(region, saltBucket(`20261124_${id}`, 8), key);
  }
});

test('bucket labels are fixed width so they sort as numbers', () => {
  assert.equal(bucketLabel(3, 16), '03');
  assert.deepEqual(saltSplits(12).slice(-3), ['09', '10', '11']);
  const labels = Array.from({ length: 16 }, (_, b) => bucketLabel(b, 16));
  assert.deepEqual([...labels].sort(), labels);
});

test('salted prefixes cover every bucket of a day', () => {
  const prefixes = saltedPrefixes('20261124_', 8);
  assert.equal(prefixes.length, 8);
  for (const id of courseIds) {
    const key = saltedKey(`20261124_${id}`, 8);
    assert.equal(prefixes.filter((p) => key.startsWith(p)).length, 1, key);
  }
});

test('a bucket count out of range is refused with the value', () => {
  assert.throws(() => saltSplits(0), /got 0/);
  assert.throws(() => saltedKey('k', 2.5), /got 2.5/);
});
