import { MissingSolutionError, type HBaseClient } from 'clickstream-lab';

/**
 * Exercise 06.1a: the row key of a table that answers "one course's clicks per hour of a day" with one prefix
 * scan. `time` is the line's `yyyy-MM-dd HH:mm:ss`.
 */
export function hourlyRowKey(time: string, courseId: number): string {
  throw new MissingSolutionError('06.1 a key for clicks per hour', 'Put first what the question fixes (the day, the course), last what it ranges over (the hour), each field fixed-width or ended by a separator, so that one course of one day is one prefix: e.g. yyyyMMdd_<course>_HH.');
}

/**
 * Exercise 06.1b: that course's clicks per hour of `day` (`yyyyMMdd`) from `table`, keyed by hourlyRowKey:
 * 24 numbers, hour 0 first (0 for an hour without clicks), read with one prefix scan.
 */
export async function courseHours(hbase: HBaseClient, table: string, day: string, courseId: number): Promise<number[]> {
  throw new MissingSolutionError('06.1 a key for clicks per hour', 'The prefix of your key that fixes the day and the course; hbase.scan(table, { prefix }) yields the rows; the hour is in each row key; readCounter(row, COUNT_COLUMN) is the count.');
}

/**
 * Exercise 06.2: a salted row key `<bucket>_<key>`: the bucket (0 … buckets-1, written with as many digits as
 * buckets-1 has) must depend on the key only, and spread one day's keys over all buckets.
 */
export function saltRowKey(key: string, buckets: number): string {
  throw new MissingSolutionError('06.2 salt a row key', 'Hash the key to a number (e.g. sum or FNV of its char codes), take it modulo buckets, pad it with padStart(String(buckets - 1).length, "0"), and put it plus "_" in front of the key.');
}

/**
 * Exercise 06.3: every counter of one day (`yyyyMMdd`) in a salted table, by unsalted row key
 * (`yyyyMMdd_courseId` …), whatever bucket each row is in.
 */
export async function readSaltedDay(hbase: HBaseClient, table: string, day: string, buckets: number): Promise<Map<string, bigint>> {
  throw new MissingSolutionError('06.3 read a salted day', 'One prefix scan per bucket: hbase.scan(table, { prefix: `${label}_${day}_` }) for each bucket label; strip "<label>_" from each key and read the count with readCounter(row, COUNT_COLUMN).');
}
