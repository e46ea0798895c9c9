// Wrong on purpose (06.1 a key for clicks per hour): no separator between the course id and the hour
// (`20261124_11223` for course 112 at 23 h). Ids have different lengths, so course 11's prefix `20261124_11` also
// matches course 112's rows (and `…_1120` is both course 11 at 20 h and course 112 at 0 h).
import { COUNT_COLUMN, readCounter, type HBaseClient } from 'clickstream-lab';

/**
 * Exercise 06.1a: the row key of a table that answers "one course's clicks per hour of a day" with one prefix
 * scan. `time` is the line's `yyyy-MM-dd HH:mm:ss`.
 */
export function hourlyRowKey(time: string, courseId: number): string {
  // Day and course first (what the question fixes), the hour last; `_` ends the course id, so course 11's
  // prefix does not also match course 112; the hour has two digits, so the rows sort 00 … 23.
  return `${time.slice(0, 4)}${time.slice(5, 7)}${time.slice(8, 10)}_${courseId}${time.slice(11, 13)}`;
}

/**
 * Exercise 06.1b: that course's clicks per hour of `day` (`yyyyMMdd`) from `table`, keyed by hourlyRowKey:
 * 24 numbers, hour 0 first (0 for an hour without clicks), read with one prefix scan.
 */
export async function courseHours(hbase: HBaseClient, table: string, day: string, courseId: number): Promise<number[]> {
  const hours = new Array<number>(24).fill(0);
  const prefix = `${day}_${courseId}`;
  for await (const row of hbase.scan(table, { prefix })) hours[Number(row.key.slice(prefix.length))] = Number(readCounter(row, COUNT_COLUMN));
  return hours;
}

/**
 * Exercise 06.2: a salted row key `<bucket>_<key>`: the bucket (0 … buckets-1, written with as many digits as
 * buckets-1 has) must depend on the key only, and spread one day's keys over all buckets.
 */
export function saltRowKey(key: string, buckets: number): string {
  let hash = 0x811c9dc5; // FNV-1a: neighbouring keys (…_112, …_113) land far apart
  for (const byte of Buffer.from(key)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return `${String(hash % buckets).padStart(String(buckets - 1).length, '0')}_${key}`;
}

/**
 * Exercise 06.3: every counter of one day (`yyyyMMdd`) in a salted table, by unsalted row key
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
