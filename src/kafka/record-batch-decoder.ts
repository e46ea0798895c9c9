/**
 * A faster decoder for the record batches of kafkajs 2.2.4's fetches, giving exactly what kafkajs's own
 * (`kafkajs/src/protocol/recordBatch/v0/decoder`) gives — the same batch fields, the same message objects with
 * the same values — installed into kafkajs by patch.ts.
 *
 * Why: reading is most of what a Kafka consumer in Node costs, and most of kafkajs's reading is 64-bit
 * arithmetic done with BigInt per message: the batch's first offset parsed from its string again for every
 * record, a varlong built from five BigInts, two BigInt sums turned into strings, and a Decoder plus a
 * buffer slice per record before its key and value are sliced. Measured here, a 1M-line topic cost a bare
 * kafkajs consumer ~2 s of CPU, a quarter of it in BigInt work and a third in collecting its garbage. Here
 * offsets and timestamps are plain numbers while they fit one exactly (a Kafka offset reaches 2^53 after
 * 285 years at a million records a second), and each record allocates only what kafkajs hands out.
 *
 * What this decoder does not handle it gives to kafkajs's own, from the batch's start: compressed batches,
 * offsets or timestamps past 2^53, and anything inconsistent (a record longer than its batch, a header named
 * `__proto__`) — so kafkajs decides, and throws where it throws.
 *
 * The record batch format (Kafka's message format v2):
 *   FirstOffset int64, Length int32, PartitionLeaderEpoch int32, Magic int8, CRC int32, Attributes int16,
 *   LastOffsetDelta int32, FirstTimestamp int64, MaxTimestamp int64, ProducerId int64, ProducerEpoch int16,
 *   FirstSequence int32, then Records: count int32 and per record (see record-encoder.ts)
 *   Length varint, Attributes int8, TimestampDelta varlong, OffsetDelta varint, Key, Value, Headers.
 */

/** What the decoder reads from: kafkajs's Decoder (a buffer and a read position). */
export interface FetchDecoder {
  buffer: Buffer;
  offset: number;
}

export interface DecodedMessage {
  magicByte: number;
  attributes: number;
  timestamp: string;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | null | (Buffer | null)[]>;
  isControlRecord: boolean;
  batchContext: object;
}

export type RecordBatchDecoder = (decoder: FetchDecoder) => Promise<{ records: DecodedMessage[] } & Record<string, unknown>>;

const CODEC_MASK = 0x07;
const TIMESTAMP_TYPE_MASK = 0x08;
const TRANSACTIONAL_MASK = 0x10;
const CONTROL_MASK = 0x20;
const LOG_APPEND_TIME = 1;
const CREATE_TIME = 0;
/** From FirstOffset to the first record: the batch header's size. */
const HEADER_BYTES = 61;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Varints longer than this are left to kafkajs (7 bytes = 49 bits: any sum with a safe base stays exact). */
const MAX_FAST_VARINT_BYTES = 7;

/** Thrown where kafkajs is left to decode the batch (any other error thrown here means the same). */
const NOT_MINE = new Error('record batch left to kafkajs');

/**
 * Reads records one after the other from one buffer; `p` is the read position. Varints are read as kafkajs
 * reads them (its readVarInt is 32-bit; its varlong is read here as a number, up to 49 bits).
 */
class RecordReader {
  p: number;

  constructor(
    private readonly buf: Buffer,
    start: number,
  ) {
    this.p = start;
  }

  /** kafkajs's readVarInt: 32-bit, zig-zag. */
  varint(): number {
    const buf = this.buf;
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = buf[this.p++] as number;
      result += (b & 0x7f) << shift;
      shift += 7;
    } while (b >= 0x80);
    return (result >>> 1) ^ -(result & 1);
  }

  /** A varlong of up to 7 bytes as a number; longer ones are kafkajs's business. */
  varlong(): number {
    const buf = this.buf;
    let result = 0;
    let scale = 1;
    for (let n = 0; n < MAX_FAST_VARINT_BYTES; n++) {
      const b = buf[this.p++] as number;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result % 2 === 1 ? -(result + 1) / 2 : result / 2;
      scale *= 0x80;
    }
    throw NOT_MINE;
  }

  /** Bytes with a varint length (-1 = null), as a view into the fetched buffer, as kafkajs slices them. */
  bytes(end: number): Buffer | null {
    const n = this.varint();
    if (n === -1) return null;
    if (n < 0 || this.p + n > end) throw NOT_MINE;
    const out = this.buf.subarray(this.p, this.p + n);
    this.p += n;
    return out;
  }
}

/** kafkajs's header object: one property per key, a repeated key's values in an array, in order. */
function readHeaders(r: RecordReader, end: number): DecodedMessage['headers'] {
  const headers: DecodedMessage['headers'] = {};
  const count = r.varint();
  if (count < -1) throw NOT_MINE;
  for (let h = 0; h < count; h++) {
    const keyBytes = r.bytes(end);
    const key = keyBytes === null ? 'null' : keyBytes.toString('utf8');
    if (key === '__proto__') throw NOT_MINE; // kafkajs makes it an own property; plain assignment would not
    const value = r.bytes(end);
    const seen = headers[key];
    headers[key] = seen === undefined ? value : Array.isArray(seen) ? seen.concat([value]) : [seen, value];
  }
  return headers;
}

const isSafe = (n: bigint) => n <= MAX_SAFE && n >= -MAX_SAFE;

/** Decodes one batch, or throws NOT_MINE for kafkajs to decode it. */
function decodeBatch(fetchDecoder: FetchDecoder) {
  const buf = fetchDecoder.buffer;
  const start = fetchDecoder.offset;
  if (buf.length - start < HEADER_BYTES) throw NOT_MINE;
  const length = buf.readInt32BE(start + 8);
  const end = start + 12 + length;
  const attributes = buf.readInt16BE(start + 21);
  if (end > buf.length || length < HEADER_BYTES - 12 || (attributes & CODEC_MASK) !== 0) throw NOT_MINE;
  const firstOffsetBig = buf.readBigInt64BE(start);
  const firstTimestampBig = buf.readBigInt64BE(start + 27);
  if (!isSafe(firstOffsetBig) || !isSafe(firstTimestampBig)) throw NOT_MINE;
  const firstOffset = Number(firstOffsetBig);
  const firstTimestamp = Number(firstTimestampBig);
  const isControlBatch = (attributes & CONTROL_MASK) > 0;
  // Field order and values as kafkajs builds its batch (int64s as decimal strings).
  const recordContext = {
    firstOffset: String(firstOffset),
    firstTimestamp: String(firstTimestamp),
    partitionLeaderEpoch: buf.readInt32BE(start + 12),
    inTransaction: (attributes & TRANSACTIONAL_MASK) > 0,
    isControlBatch,
    lastOffsetDelta: buf.readInt32BE(start + 23),
    producerId: buf.readBigInt64BE(start + 43).toString(),
    producerEpoch: buf.readInt16BE(start + 51),
    firstSequence: buf.readInt32BE(start + 53),
    maxTimestamp: buf.readBigInt64BE(start + 35).toString(),
    timestampType: (attributes & TIMESTAMP_TYPE_MASK) > 0 ? LOG_APPEND_TIME : CREATE_TIME,
  };
  const magicByte = buf.readInt8(start + 16);
  const batchContext = { ...recordContext, magicByte };
  const count = buf.readInt32BE(start + 57);
  if (count < -1) throw NOT_MINE;
  const records: DecodedMessage[] = count === -1 ? [] : new Array<DecodedMessage>(count);
  const appendTime = recordContext.timestampType === LOG_APPEND_TIME;
  const r = new RecordReader(buf, start + HEADER_BYTES);
  // Records of one producer batch often share a timestamp: its string is made once.
  let lastDelta = NaN;
  let lastTimestamp = '';
  for (let i = 0; i < count; i++) {
    const recordLength = r.varint();
    const recordEnd = r.p + recordLength;
    if (recordLength < 0 || recordEnd > end) throw NOT_MINE;
    const recordAttributes = buf.readInt8(r.p++);
    const timestampDelta = r.varlong();
    if (!appendTime && timestampDelta !== lastDelta) {
      const sum = firstTimestamp + timestampDelta;
      if (!Number.isSafeInteger(sum)) throw NOT_MINE;
      lastDelta = timestampDelta;
      lastTimestamp = String(sum);
    }
    const offset = firstOffset + r.varint();
    if (!Number.isSafeInteger(offset)) throw NOT_MINE;
    const key = r.bytes(recordEnd);
    const value = r.bytes(recordEnd);
    const headers = readHeaders(r, recordEnd);
    if (r.p > recordEnd) throw NOT_MINE;
    r.p = recordEnd; // kafkajs reads each record from its own slice: bytes left in it are skipped
    records[i] = {
      magicByte,
      attributes: recordAttributes,
      timestamp: appendTime ? recordContext.maxTimestamp : lastTimestamp,
      offset: String(offset),
      key,
      value,
      headers,
      isControlRecord: isControlBatch,
      batchContext,
    };
  }
  fetchDecoder.offset = end;
  return { ...recordContext, records };
}

/** kafkajs's decoder with this one in front: a batch this one does not take goes to kafkajs's, from its start. */
export function fasterRecordBatchDecoder(kafkajsDecoder: RecordBatchDecoder): RecordBatchDecoder {
  return async (fetchDecoder) => {
    const start = fetchDecoder.offset;
    try {
      return decodeBatch(fetchDecoder);
    } catch {
      // Not taken, or not as expected (a read past a truncated record's end): kafkajs decides, as it would have.
      fetchDecoder.offset = start;
      return kafkajsDecoder(fetchDecoder);
    }
  };
}
