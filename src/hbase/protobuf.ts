import { varintSize, writeVarint } from '../util/varint';

/**
 * Just enough protobuf to speak the parts of HBase 2's RPC protocol that hbase-rpc-client's 2015 definitions
 * lack (conditional actions in a multi request). Messages are written as field lists and read back as fields;
 * nothing here knows HBase.
 */
export type Field = [field: number, value: number | boolean | string | Uint8Array | Uint8Array[]];

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;

function checkVarint(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Expected a non-negative safe integer for a varint, got ${n}`);
}

/** Bytes a field takes (strings are measured as UTF-8). */
function fieldSize(field: number, value: Field[1]): number {
  if (typeof value === 'number' || typeof value === 'boolean') {
    checkVarint(field * 8 + WIRE_VARINT);
    checkVarint(Number(value));
    return varintSize(field * 8 + WIRE_VARINT) + varintSize(Number(value));
  }
  if (Array.isArray(value)) {
    let size = 0;
    for (const v of value) size += fieldSize(field, v);
    return size;
  }
  const length = typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;
  return varintSize(field * 8 + WIRE_BYTES) + varintSize(length) + length;
}

function writeField(buf: Buffer, at: number, field: number, value: Field[1]): number {
  if (typeof value === 'number' || typeof value === 'boolean') {
    return writeVarint(buf, writeVarint(buf, at, field * 8 + WIRE_VARINT), Number(value));
  }
  if (Array.isArray(value)) {
    for (const v of value) at = writeField(buf, at, field, v);
    return at;
  }
  at = writeVarint(buf, at, field * 8 + WIRE_BYTES);
  if (typeof value === 'string') {
    at = writeVarint(buf, at, Buffer.byteLength(value, 'utf8'));
    return at + buf.write(value, at, 'utf8');
  }
  at = writeVarint(buf, at, value.length);
  buf.set(value, at);
  return at + value.length;
}

/**
 * Encodes fields in order: numbers and booleans as varints, strings (UTF-8) and bytes as length-delimited,
 * an array of byte strings as a repeated field. Nested messages are passed as their encoded bytes. Measured
 * first and written into one buffer: the job encodes thousands of these per batch.
 */
export function encodeMessage(fields: readonly Field[]): Buffer {
  let size = 0;
  for (const [field, value] of fields) size += fieldSize(field, value);
  const buf = Buffer.allocUnsafe(size);
  let at = 0;
  for (const [field, value] of fields) at = writeField(buf, at, field, value);
  if (at !== size) throw new Error(`protobuf encoder measured ${size} bytes but wrote ${at}`);
  return buf;
}

export interface DecodedField {
  field: number;
  /** Set for varint fields. */
  int?: number;
  /** Set for length-delimited fields (a nested message, bytes or a string). */
  bytes?: Buffer;
}

/**
 * The top-level fields of a message, in order. 64-bit varints lose precision past 2^53 (only small fields
 * are read); fixed-width fields are skipped. Throws RangeError on a truncated or unknown encoding.
 */
export function decodeMessage(msg: Uint8Array): DecodedField[] {
  const buf = Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength);
  const out: DecodedField[] = [];
  let i = 0;
  const readVarint = (): number => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      if (i >= buf.length || shift > 63) throw new RangeError('truncated varint');
      const b = buf[i++] as number;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
  };
  while (i < buf.length) {
    const key = readVarint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === WIRE_VARINT) out.push({ field, int: readVarint() });
    else if (wire === WIRE_BYTES) {
      const len = readVarint();
      if (i + len > buf.length) throw new RangeError(`field ${field} runs past the message's end`);
      out.push({ field, bytes: buf.subarray(i, i + len) });
      i += len;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else throw new RangeError(`unsupported wire type ${wire} in field ${field}`);
  }
  if (i > buf.length) throw new RangeError('message truncated');
  return out;
}

/** The last value of a varint field, or undefined. */
export const intField = (fields: readonly DecodedField[], field: number): number | undefined =>
  fields.filter((f) => f.field === field && f.int !== undefined).pop()?.int;

/** Every length-delimited value of a field, in order. */
export const bytesFields = (fields: readonly DecodedField[], field: number): Buffer[] =>
  fields.filter((f) => f.field === field && f.bytes !== undefined).map((f) => f.bytes as Buffer);
