import { COUNT_COLUMN, readCounter, type HBaseClient } from 'clickstream-lab';

/**
 * Exercise 06.1: a salted row key `<bucket>_<key>`: the bucket (0 … buckets-1, written with as many digits as
 * buckets-1 has) must depend on the key only, and spread one day's keys over all buckets.
 */
export function saltRowKey(key: string, buckets: number): string {
  let hash = 0x811c9dc5; // FNV-1a: neighbouring keys (…_112, …_113) land far apart
  for (const byte of Buffer.from(key)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return `${String(hash % buckets).padStart(String(buckets - 1).length, '0')}_${key}`;
}

/**
 * Exercise 06.2: every counter of one day (`yyyyMMdd`) in a salted table, by unsalted row key
 * (`yyyyMMdd_courseId` …), whatever bucket each row is in.
 */
export async function readSaltedDay(hbase: HBaseClient, table: string, day: string, buckets: number): Promise<Map<string, bigint>> {
  const counts = new Map<string, bigint>();
  for (let b = 0; b < buckets; b++) {
    const label = String(b).padStart(String(buckets - 1).length, '0');
    for await (const row of hbase.scan(table, { prefix: `${label}_${day}_` })) {
      counts.set(row.key.slice(label.length + 1), readCounter(row, COUNT_COLUMN));
    }
  }
  return counts;
}
