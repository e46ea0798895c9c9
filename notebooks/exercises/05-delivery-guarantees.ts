import { MissingSolutionError, type HBaseClient } from 'clickstream-lab';

/** Exercise 05.1: how many of the ascending Kafka `offsets` are new, i.e. greater than `lastCounted` (-1: none counted yet). */
export function newLines(offsets: readonly number[], lastCounted: number): number {
  throw new MissingSolutionError('05.1 new lines', 'Count the offsets greater than lastCounted. They are ascending, so the new ones are a tail of the array.');
}

/**
 * Exercise 05.2: add this batch's lines for `row` to its `info:click_count` exactly once, whatever was
 * replayed, and whoever else writes the row. Returns how many lines were added.
 */
export async function applyOnce(hbase: HBaseClient, table: string, row: string, partition: number, offsets: readonly number[]): Promise<number> {
  throw new MissingSolutionError('05.2 apply once', 'Read the row (count and info:offset_p<partition>), take newLines(), and if any: checkAndPut on the count you read, writing count + new and the batch\'s last offset. Retry from the read when checkAndPut returns false.');
}
