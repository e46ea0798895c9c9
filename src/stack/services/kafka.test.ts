import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newClusterId } from './kafka';

test('a Kafka cluster id is 22 base64url characters and never starts with "-"', () => {
  // Bytes whose base64url starts with '-' (0xf8 → "-"), then ordinary ones: the first draw must be refused.
  const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x41)];
  const id = newClusterId(() => draws.shift() as Buffer);
  assert.equal(id, Buffer.alloc(16, 0x41).toString('base64url'));
  assert.equal(Buffer.alloc(16, 0xf8).toString('base64url')[0], '-', 'the refused draw really started with "-"');
  for (let i = 0; i < 2000; i++) assert.match(newClusterId(), /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
});
