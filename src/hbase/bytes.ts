/**
 * HBase stores bytes. Counters are 8-byte big-endian signed longs: that is what `incrementColumnValue`
 * writes and what the HBase shell's `get_counter` reads, so the lab stores click counts the same way.
 */
export function encodeLong(value: number | bigint): Buffer {
  const big = typeof value === 'bigint' ? value : BigInt(value);
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new RangeError(`Expected a safe integer for an HBase long, got ${value}`);
  }
  const buf = Buffer.alloc(8);
  buf.writeBigInt64BE(big);
  return buf;
}

export function decodeLong(buf: Buffer): bigint {
  if (buf.length !== 8) {
    throw new RangeError(`Expected an 8-byte HBase long, got ${buf.length} bytes (${buf.toString('hex')})`);
  }
  return buf.readBigInt64BE(0);
}

/** A long as a JS number; throws rather than silently losing precision past 2^53. */
export function longToNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`HBase long ${value} does not fit a JS number; use the bigint value`);
  }
  return Number(value);
}

/** The smallest key greater than every key that starts with `prefix`: the stop row of a prefix scan. */
export function prefixStop(prefix: string | Buffer): Buffer | undefined {
  const bytes = Buffer.from(prefix);
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] !== 0xff) {
      const stop = Buffer.from(bytes.subarray(0, i + 1));
      stop[i] = (stop[i] as number) + 1;
      return stop;
    }
  }
  return undefined; // all 0xff (or empty): no upper bound
}

/** Splits `family:qualifier`. */
export function splitColumn(column: string): [string, string] {
  const i = column.indexOf(':');
  if (i <= 0 || i === column.length - 1) {
    throw new TypeError(`Expected a column as \`family:qualifier\`, got \`${column}\``);
  }
  return [column.slice(0, i), column.slice(i + 1)];
}
