import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesFields, decodeMessage, encodeMessage, intField } from './protobuf';

test('fields round-trip: varints (multi-byte too), booleans, strings, bytes, repeated and nested', () => {
  const nested = encodeMessage([[1, 'inner'], [2, 300]]);
  const msg = encodeMessage([[1, 0], [2, 2 ** 40 + 5], [3, true], [4, 'Storm 实战'], [5, Buffer.from([0, 255])], [6, [nested, nested]]]);
  const f = decodeMessage(msg);
  assert.equal(intField(f, 1), 0);
  assert.equal(intField(f, 2), 2 ** 40 + 5);
  assert.equal(intField(f, 3), 1);
  assert.equal(bytesFields(f, 4)[0]?.toString('utf8'), 'Storm 实战');
  assert.deepEqual([...(bytesFields(f, 5)[0] as Buffer)], [0, 255]);
  const inner = bytesFields(f, 6).map((b) => decodeMessage(b));
  assert.equal(inner.length, 2);
  assert.equal(bytesFields(inner[1] as never, 1)[0]?.toString(), 'inner');
  assert.equal(intField(inner[1] as never, 2), 300);
});

test('the encoding is protobuf: the library that hbase-rpc-client uses decodes it', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ProtoBuf = require('protobufjs') as { loadProto(text: string): { build(name: string): { decode(b: Buffer): Record<string, unknown> } } };
  const T = ProtoBuf.loadProto('message T { optional uint32 a = 1; optional string b = 2; repeated bytes c = 3; optional bool d = 4; }').build('T');
  const decoded = T.decode(encodeMessage([[1, 150], [2, 'x'], [3, [Buffer.from('p'), Buffer.from('q')]], [4, false]]));
  assert.equal(decoded.a, 150);
  assert.equal(decoded.b, 'x');
  assert.equal((decoded.c as { toString(enc: string): string }[]).map((c) => c.toString('utf8')).join(','), 'p,q');
  assert.equal(decoded.d, false);
});

test('truncated messages and bad input are rejected, not misread', () => {
  const msg = encodeMessage([[1, 'hello'], [2, 7]]);
  assert.throws(() => decodeMessage(msg.subarray(0, 4)), RangeError);
  assert.throws(() => decodeMessage(Buffer.from([0x80])), RangeError);
  assert.throws(() => encodeMessage([[1, -1]]), RangeError);
  assert.deepEqual(decodeMessage(Buffer.alloc(0)), []);
});
