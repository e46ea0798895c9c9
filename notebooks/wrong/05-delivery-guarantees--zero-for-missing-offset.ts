// Wrong on purpose (05.2 apply once): expects the stored offset to be 0 when the row has none. The condition
// "cell equals 0" never holds for an absent cell, so on a new row the write fails forever and the retry loop never
// ends: the check's timeout stops the check (restart the kernel to stop the loop).
import { COUNT_COLUMN, decodeLong, encodeLong, offsetColumn, type HBaseClient } from 'clickstream-lab';

/** Exercise 05.1: how many of the ascending Kafka `offsets` are new, i.e. at least `nextOffset` (0: none counted yet). */
export function newLines(offsets: readonly number[], nextOffset: number): number {
  return offsets.filter((o) => o >= nextOffset).length;
}

/**
 * Exercise 05.2: add this batch's lines of `topic`'s `partition` for `row` to its `info:click_count` exactly
 * once, whatever was replayed, and whoever else writes the row. Returns how many lines were added.
 */
export async function applyOnce(hbase: HBaseClient, table: string, row: string, topic: string, partition: number, offsets: readonly number[]): Promise<number> {
  const column = offsetColumn(topic, partition);
  for (;;) {
    const current = await hbase.get(table, row, [column]);
    const nextCell = current?.cells[column];
    const next = nextCell ? Number(decodeLong(nextCell)) : 0;
    const added = newLines(offsets, next);
    if (added === 0) return 0;
    const end = (offsets[offsets.length - 1] as number) + 1;
    const written = await hbase.checkAndIncrement(table, row, column, nextCell ?? encodeLong(0n), {
      [COUNT_COLUMN]: added,
      [column]: end - next,
    });
    if (written) return added;
  }
}
