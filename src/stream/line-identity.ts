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

/** Where the file part of a key `<file>@<digits>` ends (the '@'), or -1 when the key is not one. */
export function keyFileEnd(key: Uint8Array): number {
  let i = key.length - 1;
  for (; i >= 0 && key.length - 1 - i < MAX_DIGITS; i--) {
    const d = (key[i] as number) - ZERO;
    if (d < 0 || d > 9) break;
  }
  const digits = key.length - 1 - i;
  return digits === 0 || i < 1 || key[i] !== AT ? -1 : i;
}

/** The byte offset after the '@' at `fileEnd` (see keyFileEnd). */
export function keyByteOffset(key: Uint8Array, fileEnd: number): number {
  let offset = 0;
  for (let i = fileEnd + 1; i < key.length; i++) offset = offset * 10 + ((key[i] as number) - ZERO);
  return offset;
}

/** The key `<file>@<digits>`: where the file part ends, and the offset; undefined when the key is not one. */
export function splitLineKey(key: Uint8Array): { fileEnd: number; byteOffset: number } | undefined {
  const fileEnd = keyFileEnd(key);
  return fileEnd < 0 ? undefined : { fileEnd, byteOffset: keyByteOffset(key, fileEnd) };
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
