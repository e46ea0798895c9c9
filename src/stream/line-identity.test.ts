import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { lineIdentity, lineKey, splitLineKey } from './line-identity';

const id = (key: string | Uint8Array) => lineIdentity(typeof key === 'string' ? Buffer.from(key) : key);

test('a key names the file and the byte offset after its last @', () => {
  assert.deepEqual(id('/var/log/access.log@4096'), { file: '/var/log/access.log', byteOffset: 4096 });
  assert.deepEqual(id('a.log@0'), { file: 'a.log', byteOffset: 0 });
  // Paths may contain '@' and digits themselves: only the last '@' followed by digits to the end counts.
  assert.deepEqual(id('/srv/app@2/log@77/x@12.log@905'), { file: '/srv/app@2/log@77/x@12.log', byteOffset: 905 });
  assert.deepEqual(id('x@12@34'), { file: 'x@12', byteOffset: 34 });
  assert.deepEqual(id('2024@7'), { file: '2024', byteOffset: 7 });
  assert.deepEqual(id('a@007'), { file: 'a', byteOffset: 7 }, 'leading zeros');
  assert.deepEqual(id('/logs/été 日志.log@3'), { file: '/logs/été 日志.log', byteOffset: 3 });
});

test('keys that are not `<file>@<digits>` have no identity', () => {
  for (const key of ['', 'access.log', '12345', 'file@', 'file@abc', 'file@12a', 'file@-1', 'file@ 1', 'file@1 ', '@', '@12', 'a@1.5']) {
    assert.equal(id(key), undefined, JSON.stringify(key));
  }
  assert.equal(lineIdentity(null), undefined);
  assert.equal(lineIdentity(undefined), undefined);
  assert.equal(lineIdentity(new Uint8Array(0)), undefined);
});

test('offsets of up to 15 digits are read exactly; longer ones are not an identity', () => {
  assert.deepEqual(id('f@999999999999999'), { file: 'f', byteOffset: 999_999_999_999_999 });
  assert.deepEqual(id('f@123456789012345'), { file: 'f', byteOffset: 123_456_789_012_345 });
  // 16 digits could pass 2^53; such a key is kept (no identity) rather than misread.
  assert.equal(id('f@1234567890123456'), undefined);
  assert.equal(id('f@9007199254740993'), undefined);
  assert.equal(id('f@0000000000000001'), undefined, '16 digits, even with leading zeros');
});

test('file names that are not UTF-8 still split at the right byte', () => {
  const key = Buffer.concat([Buffer.from([0xff, 0xfe, 0x40]), Buffer.from('log@12')]);
  assert.deepEqual(splitLineKey(key), { fileEnd: 6, byteOffset: 12 });
  assert.deepEqual(lineIdentity(key), { file: '\ufffd\ufffd@log', byteOffset: 12 });
});

test('a key that is a view into a larger buffer (as kafkajs hands them out) is read within its bounds', () => {
  // Read past either end, the file or the offset would come out different.
  const whole = Buffer.from('x@9' + 'a.log@42@77' + '123');
  assert.deepEqual(lineIdentity(whole.subarray(3, 14)), { file: 'a.log@42', byteOffset: 77 });
  const u8 = new Uint8Array(whole.buffer, whole.byteOffset + 3, 11);
  assert.deepEqual(lineIdentity(u8), { file: 'a.log@42', byteOffset: 77 });
});

test('property: lineKey and lineIdentity round-trip for any non-empty file name and safe offset', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
      fc.integer({ min: 0, max: 999_999_999_999_999 }),
      fc.nat(8),
      (file, offset, pad) => {
        // Placed at an offset inside a larger buffer, like a record key inside a fetched batch.
        const key = Buffer.from(lineKey(file, offset));
        const whole = Buffer.concat([Buffer.alloc(pad, 0x37), key, Buffer.alloc(pad, 0x40)]);
        assert.deepEqual(lineIdentity(whole.subarray(pad, pad + key.length)), { file, byteOffset: offset });
      },
    ),
    { numRuns: 300 },
  );
});
