// Wrong on purpose (05.1 new lines): takes a line as new only when its offset is above the stored next offset.
// The next offset is the first line NOT counted yet: the line at exactly that offset is skipped, never counted.
import { COUNT_COLUMN, decodeLong, offsetColumn, type HBaseClient } from 'clickstream-lab';

/** Exercise 05.1: how many of the ascending Kafka `offsets` are new, i.e. at least `nextOffset` (0: none counted yet). */
export function newLines(offsets: readonly number[], nextOffset: number): number {
  return offsets.filter((o) => o > nextOffset).length;
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
    const written = await hbase.checkAndIncrement(table, row, column, nextCell ?? null, {
      [COUNT_COLUMN]: added,
      [column]: end - next,
    });
    if (written) return added;
  }
}
