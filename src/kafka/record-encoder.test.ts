import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../generator/random';
import './preload'; // as in the streaming job's processes (node --require): installs the encoder
import { installedParts, kafkajsRecordEncoder } from './patch';
import { encodeRecord, type RecordInput } from './record-encoder';

/** Seeded (the generator's PRNG), so a failure can be replayed: `pick(n)` is uniform in [0, n). */
function seeded(seed: number) {
  const random = new Random(seed);
  return (n: number) => random.int(n);
}

function randomRecord(pick: (n: number) => number): RecordInput {
  const text = () => ['', 'x', 'status is not a number: 40x', '实战 Storm '.repeat(pick(40)), 'é'.repeat(pick(300))][pick(5)] as string;
  const bytes = () => Buffer.from(Array.from({ length: pick(400) }, () => pick(256)));
  const field = () => [null, undefined, text(), bytes()][pick(4)] as Buffer | string | null | undefined;
  const headers: NonNullable<RecordInput['headers']> = {};
  for (let h = pick(4); h > 0; h--) headers[`h${'ü'.repeat(pick(3))}${h}`] = pick(3) === 0 ? [text(), bytes()] : text();
  return {
    offsetDelta: pick(2) ? pick(300) : pick(2 ** 29),
    timestampDelta: pick(2) ? 0 : pick(2 ** 29) - 2 ** 28,
    key: field(),
    value: field(),
    headers,
  };
}

test('records are encoded byte for byte as kafkajs encodes them (random keys, values, headers, deltas)', () => {
  const pick = seeded(42);
  for (let i = 0; i < 5000; i++) {
    const input = randomRecord(pick);
    const ours = encodeRecord(input);
    assert.ok(ours, `record ${i} was not taken`);
    assert.equal(ours.offset, ours.buf.length);
    assert.deepEqual(ours.buffer, kafkajsRecordEncoder(input).buffer, `record ${i}: ${JSON.stringify(input).slice(0, 200)}`);
  }
});

test('what kafkajs encodes as a Long or rejects is left to kafkajs', () => {
  assert.equal(encodeRecord({ value: 'x', timestampDelta: 2 ** 40 }), null);
  assert.equal(encodeRecord({ value: 'x', offsetDelta: 2 ** 31 }), null);
  assert.equal(encodeRecord({ value: 42 as unknown as string }), null);
  assert.equal(encodeRecord({ value: 'x', headers: { reason: null } }), null);
  // …and kafkajs still answers for them as it did: a Long delta is encoded, a null header throws.
  assert.ok(kafkajsRecordEncoder({ value: 'x', timestampDelta: 2 ** 40 }).buffer.length > 0);
  assert.throws(() => kafkajsRecordEncoder({ value: 'x', headers: { reason: null } }));
});

test('the preload installs the encoder into kafkajs', () => {
  assert.equal(installedParts().encoder, true);
  const produceRequest = require('kafkajs/src/protocol/requests/produce/v3/request') as (r: object) => { encode(): Promise<Buffer> };
  assert.equal(typeof produceRequest, 'function');
  const recordModule = require.cache[require.resolve('kafkajs/src/protocol/recordBatch/record/v0')];
  assert.notEqual(recordModule?.exports, kafkajsRecordEncoder, 'kafkajs would still use its own encoder');
});
