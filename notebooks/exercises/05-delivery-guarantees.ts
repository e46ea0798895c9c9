import { MissingSolutionError, type HBaseClient } from 'clickstream-lab';

/** Exercise 05.1: how many of the ascending Kafka `offsets` are new, i.e. at least `nextOffset` (0: none counted yet). */
export function newLines(offsets: readonly number[], nextOffset: number): number {
  throw new MissingSolutionError('05.1 new lines', 'Count the offsets that are >= nextOffset. They are ascending, so the new ones are a tail of the array.');
}

/**
 * Exercise 05.2: add this batch's lines of `topic`'s `partition` for `row` to its `info:click_count` exactly
 * once, whatever was replayed, and whoever else writes the row. Returns how many lines were added.
 */
export async function applyOnce(hbase: HBaseClient, table: string, row: string, topic: string, partition: number, offsets: readonly number[]): Promise<number> {
  throw new MissingSolutionError('05.2 apply once', 'Read the row\'s next offset (column offsetColumn(topic, partition)), take newLines(), and if any: checkAndIncrement on that next offset, adding the new lines to the count and moving the next offset past the batch\'s last one. Retry from the read when it returns false.');
}
