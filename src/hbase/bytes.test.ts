import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeLong, encodeLong, longToNumber, prefixStop, splitColumn } from './bytes';

test('longs round-trip as 8-byte big-endian, like HBase incrementColumnValue', () => {
  for (const n of [0n, 1n, 255n, 256n, -1n, 2n ** 40n + 7n, 2n ** 63n - 1n, -(2n ** 63n)]) {
    const buf = encodeLong(n);
    assert.equal(buf.length, 8);
    assert.equal(decodeLong(buf), n);
  }
  assert.deepEqual([...encodeLong(258)], [0, 0, 0, 0, 0, 0, 1, 2]);
});

test('decodeLong rejects a cell that is not 8 bytes, naming its content', () => {
  assert.throws(() => decodeLong(Buffer.from('12')), /8-byte HBase long, got 2 bytes \(3132\)/);
});

test('encodeLong refuses numbers that already lost precision', () => {
  assert.throws(() => encodeLong(2 ** 60), /safe integer/);
  assert.throws(() => longToNumber(2n ** 60n), /does not fit/);
  assert.equal(longToNumber(42n), 42);
});

test('prefixStop is the first key past every key with the prefix', () => {
  assert.equal(prefixStop('20261124_')?.toString(), '20261124`');
  assert.deepEqual([...(prefixStop(Buffer.from([0x61, 0xff])) ?? [])], [0x62]);
  assert.equal(prefixStop(Buffer.from([0xff, 0xff])), undefined);
  const keys = ['20261124_1', '20261124_999', '20261124~', '20261125_1'];
  const stop = prefixStop('20261124_') as Buffer;
  assert.deepEqual(
    keys.filter((k) => Buffer.compare(Buffer.from(k), stop) < 0 && k >= '20261124_'),
    ['20261124_1', '20261124_999'],
  );
});

test('splitColumn needs family:qualifier', () => {
  assert.deepEqual(splitColumn('info:click_count'), ['info', 'click_count']);
  assert.throws(() => splitColumn('info'), /family:qualifier/);
  assert.throws(() => splitColumn(':x'), /family:qualifier/);
});
