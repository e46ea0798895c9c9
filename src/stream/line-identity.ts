/**
 * A shipped line's identity: the Kafka record key `<file>@<byte offset>` that Flume's LineIdentity interceptor
 * writes (src/stack/java/LineIdentity.java). It names the line for good, whatever Kafka offset a re-send gets.
 * Records without such a key (tests, lessons and the bench produce some) have no identity and are never
 * taken for re-sends.
 */
export interface LineIdentity {
  file: string;
  byteOffset: number;
}

const AT = 0x40;
const ZERO = 0x30;
/** Byte offsets up to 2^53 are exact numbers: 15 digits stay well inside (a petabyte file). */
const MAX_DIGITS = 15;

/** The key `<file>@<digits>`: where the file part ends, and the offset; undefined when the key is not one. */
export function splitLineKey(key: Uint8Array): { fileEnd: number; byteOffset: number } | undefined {
  let i = key.length - 1;
  let offset = 0;
  let scale = 1;
  for (; i >= 0 && key.length - 1 - i < MAX_DIGITS; i--) {
    const d = (key[i] as number) - ZERO;
    if (d < 0 || d > 9) break;
    offset += d * scale;
    scale *= 10;
  }
  const digits = key.length - 1 - i;
  if (digits === 0 || i < 1 || key[i] !== AT) return undefined;
  return { fileEnd: i, byteOffset: offset };
}

/** The identity in a record key, or undefined. */
export function lineIdentity(key: Uint8Array | null | undefined): LineIdentity | undefined {
  if (!key) return undefined;
  const split = splitLineKey(key);
  if (!split) return undefined;
  return { file: Buffer.from(key.buffer, key.byteOffset, split.fileEnd).toString('utf8'), byteOffset: split.byteOffset };
}

/** The key the interceptor writes, for tests and tools that ship lines the way Flume does. */
export function lineKey(file: string, byteOffset: number): string {
  return `${file}@${byteOffset}`;
}
