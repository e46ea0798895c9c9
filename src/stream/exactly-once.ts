import type { HBaseClient, HRow } from '../hbase';
import { decodeLong } from '../hbase';

/**
 * Exactly-once counters in HBase, with nothing but single-row operations.
 *
 * An increment is not idempotent: a job that dies after incrementing but before committing its Kafka
 * offsets increments again on restart (the course's double count). So every counter row also remembers,
 * per Kafka partition, the offset of the last line it has counted (`info:offset_p<N>`), and count and offset
 * always change together in one `checkAndPut`:
 *
 *   1. read the row: count c, last offset o for this partition (none = -1)
 *   2. delta = the batch's lines for this row with offset > o   (lines ≤ o were counted before a crash)
 *   3. if delta = 0: nothing to do (a replay)
 *   4. checkAndPut(row, if count still == c) { count = c + delta, offset_pN = last offset in the batch }
 *   5. if the check failed, someone else (another partition's batch, another worker) changed the row
 *      between 1 and 4: go back to 1.
 *
 * Counts only grow, so "count still == c" means "nobody changed this row since I read it". Replays after a
 * crash, or a partition that moved to another worker mid-batch, find their lines already counted and add
 * nothing. Kafka offsets are committed only after every row of the batch is written; the row offsets make
 * the window between the two harmless.
 */
export const COUNT_COLUMN = 'info:click_count';
export const offsetColumn = (partition: number) => `info:offset_p${partition}`;

export interface CounterUpdate {
  table: string;
  row: string;
  /** Kafka offsets (ascending) of the lines in this batch that count for this row. */
  offsets: number[];
}

export interface SinkStats {
  rowsWritten: number;
  /** Rows whose lines were all counted before (replays after a restart). */
  rowsSkipped: number;
  /** checkAndPut attempts that lost a race and were retried. */
  conflicts: number;
  /** Lines counted now (replayed lines excluded). */
  linesApplied: number;
}

/** How many of the ascending `offsets` are greater than `last`. */
export function countAfter(offsets: readonly number[], last: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((offsets[mid] as number) <= last) lo = mid + 1;
    else hi = mid;
  }
  return offsets.length - lo;
}

const MAX_ATTEMPTS = 100;

async function applyOne(hbase: HBaseClient, partition: number, u: CounterUpdate, stats: SinkStats, prefetched: HRow | null): Promise<void> {
  const offCol = offsetColumn(partition);
  const lastOffset = u.offsets[u.offsets.length - 1] as number;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    // First attempt: the row as read for the whole batch at once; after a lost race, read it again.
    const row = attempt === 1 ? prefetched : await hbase.get(u.table, u.row, [COUNT_COLUMN, offCol]);
    const countCell = row?.cells[COUNT_COLUMN];
    const count = countCell ? decodeLong(countCell) : 0n;
    const offCell = row?.cells[offCol];
    const applied = offCell ? Number(decodeLong(offCell)) : -1;
    const delta = countAfter(u.offsets, applied);
    if (delta === 0) {
      stats.rowsSkipped++;
      return;
    }
    const ok = await hbase.checkAndPut(u.table, u.row, COUNT_COLUMN, countCell ? countCell : null, {
      [COUNT_COLUMN]: count + BigInt(delta),
      [offCol]: Math.max(lastOffset, applied),
    });
    if (ok) {
      stats.rowsWritten++;
      stats.linesApplied += delta;
      return;
    }
    stats.conflicts++;
  }
  throw new Error(`gave up on ${u.table}/${u.row} after ${MAX_ATTEMPTS} conflicting writers`);
}

/** Applies one partition's batch of counter updates exactly once (see above). Rows are written in parallel. */
export async function applyExactlyOnce(hbase: HBaseClient, partition: number, updates: CounterUpdate[]): Promise<SinkStats> {
  const stats: SinkStats = { rowsWritten: 0, rowsSkipped: 0, conflicts: 0, linesApplied: 0 };
  const work = updates.filter((u) => u.offsets.length > 0);
  // One multi-get per table for the rows' current state, instead of one round trip per row.
  const current = new Map<string, Map<string, HRow>>();
  for (const table of new Set(work.map((u) => u.table))) {
    current.set(table, await hbase.getMany(table, work.filter((u) => u.table === table).map((u) => u.row), [COUNT_COLUMN, offsetColumn(partition)]));
  }
  await hbase.mapLimit(work, (u) => applyOne(hbase, partition, u, stats, current.get(u.table)?.get(u.row) ?? null));
  return stats;
}

/**
 * The course's sink, kept for lesson 05: one increment per row per batch. Correct until the job dies
 * between incrementing and committing its offsets — then the restarted job counts those lines again.
 */
export async function applyAtLeastOnce(hbase: HBaseClient, updates: CounterUpdate[]): Promise<SinkStats> {
  const stats: SinkStats = { rowsWritten: 0, rowsSkipped: 0, conflicts: 0, linesApplied: 0 };
  await hbase.mapLimit(updates, async (u) => {
    if (u.offsets.length === 0) return;
    await hbase.increment(u.table, u.row, COUNT_COLUMN, u.offsets.length);
    stats.rowsWritten++;
    stats.linesApplied += u.offsets.length;
  });
  return stats;
}
