import { MissingSolutionError, type HBaseClient } from 'clickstream-lab';

/**
 * Exercise 06.1: a salted row key `<bucket>_<key>`: the bucket (0 … buckets-1, written with as many digits as
 * buckets-1 has) must depend on the key only, and spread one day's keys over all buckets.
 */
export function saltRowKey(key: string, buckets: number): string {
  throw new MissingSolutionError('06.1 salt a row key', 'Hash the key to a number (e.g. sum or FNV of its char codes), take it modulo buckets, pad it with padStart(String(buckets - 1).length, "0"), and put it plus "_" in front of the key.');
}

/**
 * Exercise 06.2: every counter of one day (`yyyyMMdd`) in a salted table, by unsalted row key
 * (`yyyyMMdd_courseId` …), whatever bucket each row is in.
 */
export async function readSaltedDay(hbase: HBaseClient, table: string, day: string, buckets: number): Promise<Map<string, bigint>> {
  throw new MissingSolutionError('06.2 read a salted day', 'One prefix scan per bucket: hbase.scan(table, { prefix: `${label}_${day}_` }) for each bucket label; strip "<label>_" from each key and read the count with readCounter(row, COUNT_COLUMN).');
}
