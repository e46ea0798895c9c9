import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../generator/random';
import './preload'; // as in the streaming job's processes (node --require): installs the decoder
import { installedParts, kafkajsRecordBatchDecoder } from './patch';
import { fasterRecordBatchDecoder, type FetchDecoder } from './record-batch-decoder';

type KafkajsDecoder = FetchDecoder & { canReadBytes(n: number): boolean };
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => KafkajsDecoder;
/** Batches handed on to kafkajs's decoder: the comparisons below mean something only if few are. */
let handedOn = 0;
const faster = fasterRecordBatchDecoder((d) => {
  handedOn++;
  return kafkajsRecordBatchDecoder(d);
});

/** Seeded (the generator's PRNG), so a failure can be replayed: `pick(n)` is uniform in [0, n). */
function seeded(seed: number) {
  const random = new Random(seed);
  return (n: number) => random.int(n);
}

/** Signed varints as Kafka writes them (zig-zag, 7 bits a byte), any 64-bit value. */
function varint(n: bigint | number): Buffer {
  let z = BigInt.asUintN(64, (BigInt(n) << 1n) ^ (BigInt(n) >> 63n));
  const out: number[] = [];
  while (z >= 0x80n) {
    out.push(Number(z & 0x7fn) | 0x80);
    z >>= 7n;
  }
  out.push(Number(z));
  return Buffer.from(out);
}

const sized = (b: Buffer | null) => (b === null ? varint(-1) : Buffer.concat([varint(b.length), b]));

interface BatchSpec {
  firstOffset: bigint;
  firstTimestamp: bigint;
  attributes: number;
  records: Buffer[];
}

/** A record batch's bytes (Kafka's message format v2); the CRC is not checked by kafkajs, so left 0. */
function batchBytes({ firstOffset, firstTimestamp, attributes, records }: BatchSpec, pick: (n: number) => number): Buffer {
  const header = Buffer.alloc(61);
  header.writeBigInt64BE(firstOffset, 0);
  header.writeInt32BE(pick(1000), 12); // partition leader epoch
  header.writeInt8(2, 16); // magic
  header.writeInt16BE(attributes, 21);
  header.writeInt32BE(Math.max(0, records.length - 1), 23);
  header.writeBigInt64BE(firstTimestamp, 27);
  header.writeBigInt64BE(firstTimestamp + BigInt(pick(5000)), 35); // max timestamp
  header.writeBigInt64BE(BigInt(pick(3)) - 1n, 43); // producer id (-1 = none)
  header.writeInt16BE(pick(5), 51);
  header.writeInt32BE(pick(100), 53);
  header.writeInt32BE(records.length, 57);
  const body = Buffer.concat([header, ...records]);
  body.writeInt32BE(body.length - 12, 8);
  return body;
}

/**
 * One record's bytes. With a `lie`, one length or count in it is wrong: 1 the record's length, 2 the key's
 * (past the record's end), 3 the header count; or 4, bytes left over inside the record. Only lies that keep
 * the records after it where they are: kafkajs reads a misaligned record's garbage as counts and allocates
 * (and loops) as they say, so a test would hang in it.
 */
function randomRecord(pick: (n: number) => number, i: number, lie: 0 | 1 | 2 | 3 | 4 = 0): Buffer {
  const bytes = () => [null, Buffer.alloc(0), Buffer.from(`168.187.72.98\t2026-11-24 12:09:16\t"GET /class/${pick(999)}.html HTTP/1.1"\t200\t-`), Buffer.from(Array.from({ length: pick(300) }, () => pick(256)))][pick(4)] as Buffer | null;
  const headerKey = () => [null, 'reason', 'source', 'ü', `h${pick(3)}`][pick(5)] as string | null;
  const headers: Buffer[] = [];
  const headerCount = pick(3) === 0 ? pick(5) : 0;
  for (let h = 0; h < headerCount; h++) {
    const key = headerKey();
    headers.push(sized(key === null ? null : Buffer.from(key)), sized(bytes()));
  }
  // Timestamp deltas: mostly small and repeated, some negative, a few past what fits 7 varint bytes.
  const tsDelta = pick(150) === 0 ? BigInt(pick(2 ** 30)) * 2n ** 30n : ([0, 0, pick(10), -pick(1000), pick(2 ** 30)][pick(5)] as number);
  const offsetDelta = pick(10) === 0 ? i + pick(5) : i;
  const key = bytes();
  const value = sized(bytes());
  const countField = varint(lie === 3 ? (pick(4) === 0 ? -2 : headerCount + 1 + pick(3)) : headerCount);
  // A key too long runs past the record's end (one ending inside the value would misalign the rest).
  const rest = (key?.length ?? 0) + value.length + countField.length + headers.reduce((n, h) => n + h.length, 0);
  const keyField = lie === 2 ? Buffer.concat([varint(rest + 1 + pick(20)), key ?? Buffer.alloc(0)]) : sized(key);
  const body = Buffer.concat([Buffer.from([pick(4) === 0 ? pick(256) - 128 : 0]), varint(tsDelta), varint(offsetDelta), keyField, value, countField, ...headers]);
  const length = lie === 1 ? Math.max(0, body.length + pick(7) - 3) : body.length;
  // 4: bytes after the headers, inside the record's length (kafkajs skips them).
  if (lie === 4) {
    const padding = Buffer.alloc(1 + pick(5), pick(256));
    return Buffer.concat([varint(body.length + padding.length), body, padding]);
  }
  return Buffer.concat([varint(length), body]);
}

function randomBatch(pick: (n: number) => number, lies = 0): Buffer {
  const records = Array.from({ length: pick(4) === 0 ? 0 : pick(40) }, (_, i) => randomRecord(pick, i));
  for (let l = 0; l < lies && records.length > 0; l++) {
    // A wrong record length moves every record after it: only the last one's may be wrong.
    const lie = (1 + pick(4)) as 1 | 2 | 3 | 4;
    const at = lie === 1 ? records.length - 1 : pick(records.length);
    records[at] = randomRecord(pick, at, lie);
  }
  const big = pick(8) === 0; // offsets and timestamps past 2^53 are kafkajs's
  return batchBytes(
    {
      firstOffset: big ? 2n ** 60n + BigInt(pick(1000)) : BigInt(pick(2 ** 31)) * BigInt(pick(1000)),
      firstTimestamp: big ? -(2n ** 62n) : 1_795_000_000_000n + BigInt(pick(1e9)),
      // timestamp type (0x08), transactional (0x10), control (0x20); a compression codec now and then
      attributes: (pick(2) ? 0x08 : 0) | (pick(2) ? 0x10 : 0) | (pick(4) === 0 ? 0x20 : 0) | (pick(10) === 0 ? 1 : 0),
      records,
    },
    pick,
  );
}

/** What decoding a fetch's message bytes gives, batch by batch, as kafkajs's fetch loop reads them. */
async function decodeAll(decode: (d: FetchDecoder) => Promise<unknown>, bytes: Buffer) {
  const decoder = new Decoder(bytes);
  const out: unknown[] = [];
  while (decoder.canReadBytes(49)) {
    try {
      out.push(await decode(decoder));
    } catch (err) {
      out.push({ threw: (err as Error).name, message: (err as Error).message, at: decoder.offset });
      break;
    }
  }
  return { out, end: decoder.offset };
}

test('record batches decode exactly as kafkajs decodes them (random batches, headers, deltas, a partial last batch)', async () => {
  const pick = seeded(7);
  handedOn = 0;
  let batchCount = 0;
  for (let fetch = 0; fetch < 300; fetch++) {
    const batches = Array.from({ length: 1 + pick(4) }, () => randomBatch(pick));
    batchCount += batches.length;
    let bytes = Buffer.concat(batches);
    if (pick(3) === 0) bytes = bytes.subarray(0, bytes.length - 1 - pick(60)); // a fetch cut short by maxBytes
    assert.deepEqual(await decodeAll(faster, bytes), await decodeAll(kafkajsRecordBatchDecoder, bytes), `fetch ${fetch}`);
  }
  // Handed on: compressed (1 in 10), past 2^53 (1 in 8), a varlong over 7 bytes (1 record in 150), cut short.
  assert.ok(handedOn < batchCount * 0.6, `${handedOn} of ${batchCount} batches were left to kafkajs`);
  assert.ok(handedOn > 0);
});

test('inconsistent batches give what kafkajs gives: the same records or the same error', async () => {
  const pick = seeded(11);
  for (let fetch = 0; fetch < 400; fetch++) {
    const bytes = randomBatch(pick, 1 + pick(2));
    assert.deepEqual(await decodeAll(faster, bytes), await decodeAll(kafkajsRecordBatchDecoder, bytes), `fetch ${fetch}`);
  }
});

test('a header named __proto__ stays an own property, as kafkajs makes it', async () => {
  const record = (() => {
    const body = Buffer.concat([Buffer.from([0]), varint(0), varint(0), sized(null), sized(Buffer.from('x')), varint(1), sized(Buffer.from('__proto__')), sized(Buffer.from('v'))]);
    return Buffer.concat([varint(body.length), body]);
  })();
  const bytes = batchBytes({ firstOffset: 5n, firstTimestamp: 1n, attributes: 0, records: [record] }, seeded(1));
  const ours = (await faster(new Decoder(bytes))) as { records: { headers: object }[] };
  assert.deepEqual(Object.keys(ours.records[0]?.headers ?? {}), ['__proto__']);
  assert.deepEqual(ours, await kafkajsRecordBatchDecoder(new Decoder(bytes)));
});

test('the preload installs the decoder into kafkajs', () => {
  assert.equal(installedParts().decoder, true);
  const decoderModule = require.cache[require.resolve('kafkajs/src/protocol/recordBatch/v0/decoder')];
  assert.notEqual(decoderModule?.exports, kafkajsRecordBatchDecoder, 'kafkajs would still use its own decoder');
});
