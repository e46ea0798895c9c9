import { COUNT_COLUMN, decodeLong, offsetColumn, type HBaseClient } from 'clickstream-lab';

/** Exercise 05.1: how many of the ascending Kafka `offsets` are new, i.e. greater than `lastCounted` (-1: none counted yet). */
export function newLines(offsets: readonly number[], lastCounted: number): number {
  return offsets.filter((o) => o > lastCounted).length;
}

/**
 * Exercise 05.2: add this batch's lines for `row` to its `info:click_count` exactly once, whatever was
 * replayed, and whoever else writes the row. Returns how many lines were added.
 */
export async function applyOnce(hbase: HBaseClient, table: string, row: string, partition: number, offsets: readonly number[]): Promise<number> {
  for (;;) {
    const current = await hbase.get(table, row, [COUNT_COLUMN, offsetColumn(partition)]);
    const countCell = current?.cells[COUNT_COLUMN];
    const offsetCell = current?.cells[offsetColumn(partition)];
    const count = countCell ? decodeLong(countCell) : 0n;
    const lastCounted = offsetCell ? Number(decodeLong(offsetCell)) : -1;
    const added = newLines(offsets, lastCounted);
    if (added === 0) return 0;
    const last = Math.max(lastCounted, offsets[offsets.length - 1] as number);
    const written = await hbase.checkAndPut(table, row, COUNT_COLUMN, countCell ?? null, {
      [COUNT_COLUMN]: count + BigInt(added),
      [offsetColumn(partition)]: last,
    });
    if (written) return added;
  }
}
