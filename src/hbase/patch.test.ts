import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readVarintField, tolerateUnknownZooKeeperCodes } from './patch';

/** Encodes a protobuf message from [field, wireType, value] triples (varint and length-delimited only). */
function encode(fields: [number, 0 | 2, number | Buffer][]): Buffer {
  const varint = (n: number): number[] => {
    const out: number[] = [];
    let v = n;
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
    return out;
  };
  const bytes: number[] = [];
  for (const [field, wire, value] of fields) {
    bytes.push(...varint(field * 8 + wire));
    if (wire === 0) bytes.push(...varint(value as number));
    else bytes.push(...varint((value as Buffer).length), ...(value as Buffer));
  }
  return Buffer.from(bytes);
}

test('reads more_results_in_region after a 64-bit scanner id and length-delimited results', () => {
  // The shape of an HBase 2 ScanResponse: scanner_id, more_results, results..., more_results_in_region, heartbeat.
  const msg = encode([
    [2, 0, 7731725849094783],
    [3, 0, 1],
    [5, 2, Buffer.alloc(300, 7)],
    [5, 2, Buffer.alloc(5, 0x80)],
    [8, 0, 0],
    [9, 0, 1],
  ]);
  assert.equal(readVarintField(msg, 8), 0);
  assert.equal(readVarintField(msg, 9), 1);
  assert.equal(readVarintField(msg, 3), 1);
  assert.equal(readVarintField(msg, 4), undefined, 'absent field');
});

test('a truncated or garbled message gives undefined, never a throw', () => {
  const msg = encode([[2, 0, 2 ** 40], [5, 2, Buffer.alloc(20)], [8, 0, 1]]);
  for (let cut = 0; cut < msg.length; cut++) {
    const r = readVarintField(msg.subarray(0, cut), 8);
    assert.ok(r === undefined || r === 1);
  }
  assert.equal(readVarintField(Buffer.from([0x47]), 8), undefined, 'wire type 7 does not exist');
});

test('an unknown ZooKeeper error code becomes a connection loss, not an uncaught throw', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zkException = require('node-zookeeper-client/lib/Exception') as { create: (c: number) => Error & { code?: number } };
  assert.throws(() => zkException.create(-250740736), /Unknown code/, 'the library as shipped throws');
  tolerateUnknownZooKeeperCodes();
  const err = zkException.create(-250740736);
  assert.match(String(err), /CONNECTION_LOSS/);
  assert.match(String(zkException.create(-101)), /NO_NODE/, 'known codes are unchanged');
});
