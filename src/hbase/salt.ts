/**
 * Salted row keys (lesson 06). Day-first keys (`20261124_112`) put every write of a day next to each other,
 * so one region takes the whole day's load. A salt — a bucket number derived from the key itself — in front
 * spreads the rows over `buckets` key ranges; pre-splitting the table at the bucket boundaries
 * (`saltSplits`) gives each range its own region from the start. The price: reading one day takes one
 * prefix scan per bucket instead of one.
 */

/** FNV-1a (32 bit): cheap, and spreads neighbouring keys (`…_112`, `…_113`) over buckets. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function checkBuckets(buckets: number): void {
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > 1000) {
    throw new RangeError(`Expected buckets to be an integer from 1 to 1000, got ${buckets}`);
  }
}

/** Bucket numbers as fixed-width text, so they sort as numbers: 8 buckets → '0'…'7', 16 → '00'…'15'. */
export function bucketLabel(bucket: number, buckets: number): string {
  return String(bucket).padStart(String(buckets - 1).length, '0');
}

/** The bucket a key belongs to: the same key always gets the same bucket, so reads can find it. */
export function saltBucket(key: string, buckets: number): number {
  checkBuckets(buckets);
  return fnv1a(key) % buckets;
}

/** `<bucket>_<key>`, e.g. `3_20261124_112`. */
export function saltedKey(key: string, buckets: number): string {
  return `${bucketLabel(saltBucket(key, buckets), buckets)}_${key}`;
}

/** Split keys that give each bucket its own region: 8 buckets → ['1', …, '7'] (8 regions). */
export function saltSplits(buckets: number): string[] {
  checkBuckets(buckets);
  return Array.from({ length: buckets - 1 }, (_, i) => bucketLabel(i + 1, buckets));
}

/** The prefixes that together cover every salted key starting with `prefix` (one scan each). */
export function saltedPrefixes(prefix: string, buckets: number): string[] {
  checkBuckets(buckets);
  return Array.from({ length: buckets }, (_, b) => `${bucketLabel(b, buckets)}_${prefix}`);
}
