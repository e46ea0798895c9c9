/**
 * Unsigned varints (7 bits a byte, low bits first), as protobuf and Kafka's record format write them: measured
 * first, then written in place, so an encoder can allocate its buffer once. `n` is a non-negative safe integer
 * (callers check, or zig-zag signed values first); division keeps values past 2^32 exact.
 */
export function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}

/** Writes `n` at `at`; returns the offset after it. */
export function writeVarint(buf: Uint8Array, at: number, n: number): number {
  while (n >= 0x80) {
    buf[at++] = (n % 0x80) | 0x80;
    n = Math.floor(n / 0x80);
  }
  buf[at++] = n;
  return at;
}
