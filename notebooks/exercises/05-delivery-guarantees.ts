import { MissingSolutionError, type HBaseClient } from 'clickstream-lab';

/** Exercise 05.1: how many of the ascending Kafka `offsets` still need counting: those at or after `next` (0: nothing counted yet). */
export function newLines(offsets: readonly number[], next: number): number {
  throw new MissingSolutionError('05.1 new lines', 'Count the offsets >= next. They are ascending, so the new ones are a tail of the array.');
}

/**
 * Exercise 05.2: add this batch's lines for `row` to its `info:click_count` exactly once, whatever was
 * replayed, and whoever else writes the row. Returns how many lines were added.
 */
export async function applyOnce(hbase: HBaseClient, table: string, row: string, partition: number, offsets: readonly number[]): Promise<number> {
  throw new MissingSolutionError('05.2 apply once', 'Read next = the row\'s offsetColumn(partition) (absent: 0), take newLines(); if any, checkAndIncrement(table, row, offsetColumn(partition), next === 0 ? null : BigInt(next), { [COUNT_COLUMN]: added, [offsetColumn(partition)]: last + 1 - next }). When it returns false, read again and start over.');
}
