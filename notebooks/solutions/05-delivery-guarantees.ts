import { COUNT_COLUMN, decodeLong, offsetColumn, type HBaseClient } from 'clickstream-lab';

/** Exercise 05.1: how many of the ascending Kafka `offsets` still need counting: those at or after `next` (0: nothing counted yet). */
export function newLines(offsets: readonly number[], next: number): number {
  return offsets.filter((o) => o >= next).length;
}

/**
 * Exercise 05.2: add this batch's lines for `row` to its `info:click_count` exactly once, whatever was
 * replayed, and whoever else writes the row. Returns how many lines were added.
 */
export async function applyOnce(hbase: HBaseClient, table: string, row: string, partition: number, offsets: readonly number[]): Promise<number> {
  const column = offsetColumn(partition);
  const end = (offsets[offsets.length - 1] as number) + 1;
  for (;;) {
    const cell = (await hbase.get(table, row, [column]))?.cells[column];
    const next = cell ? Number(decodeLong(cell)) : 0;
    const added = newLines(offsets, next);
    if (added === 0) return 0;
    const applied = await hbase.checkAndIncrement(table, row, column, next === 0 ? null : BigInt(next), {
      [COUNT_COLUMN]: added,
      [column]: end - next,
    });
    if (applied) return added;
  }
}
