import type { HBaseClient } from '../hbase';
import { decodeLong, encodeLong } from '../hbase';
import { COUNT_COLUMN, offsetColumn } from '../schema';

/**
 * Exactly-once counters in HBase, with nothing but single-row operations.
 *
 * An increment is not idempotent: a job that dies after incrementing but before committing its Kafka
 * offsets increments again on restart (the course's double count). So every counter row also remembers,
 * per Kafka partition N, the offset of the next line of N it has not counted yet (`info:next_offset_pN`), and
 * the count and that offset move together in ONE conditional increment:
 *
 *   1. know the row's next offset n for this partition (absent = 0: nothing counted yet)
 *   2. delta = the batch's lines for this row with offset >= n   (lines before n were counted before a crash)
 *   3. if delta = 0: nothing to do (a replay)
 *   4. if next_offset_pN is still n: click_count += delta, next_offset_pN += (last offset + 1 - n)
 *   5. if the condition failed, another writer of partition N (a zombie worker) moved it: re-read n, go to 2.
 *
 * Only partition N's owner writes next_offset_pN, so the worker keeps what it wrote (a RowOffsets per partition)
 * and needs no read before the write, and a batch's rows all go in one multi request per regionserver (HBase
 * checks each row's condition on its own). Writers of other partitions never make the condition fail — their
 * increments of click_count commute with ours. A stale belief is harmless: the condition fails and step 5
 * reads the truth, row by row. Kafka offsets are committed only after every row of the batch is
 * written; the row offsets make the window between the two harmless.
 */
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
  /** Conditional increments that found another writer's offset and were retried. */
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

/** Rows remembered per partition before starting over (a row costs ~100 bytes; days × courses × engines). */
const MAX_REMEMBERED = 200_000;

/**
 * What one partition's writer believes each row's next offset is: what it last read or wrote. A belief that
 * is wrong only costs a failed condition and a read; the job starts a fresh one whenever partitions move.
 */
export class RowOffsets {
  private readonly next = new Map<string, number>();
  /** The row column this partition's next offsets live in. */
  readonly column: string;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly maxRemembered = MAX_REMEMBERED,
  ) {
    this.column = offsetColumn(topic, partition);
  }

  /** Rows remembered now. */
  get size(): number {
    return this.next.size;
  }

  /** Called between batches only: a batch relies on the beliefs it set up until it is written. */
  startBatch(): void {
    if (this.next.size >= this.maxRemembered) this.next.clear();
  }

  static key = (table: string, row: string) => `${table}\u0000${row}`;

  get(table: string, row: string): number | undefined {
    return this.next.get(RowOffsets.key(table, row));
  }

  forget(table: string, row: string): void {
    this.next.delete(RowOffsets.key(table, row));
  }

  set(table: string, row: string, next: number): void {
    this.next.set(RowOffsets.key(table, row), next);
  }
}

function readNext(cell: Buffer | undefined): number {
  return cell ? Number(decodeLong(cell)) : 0;
}

/** Reads the next offsets of the rows `state` does not know, one multi-get per table. */
async function learnUnknown(hbase: HBaseClient, state: RowOffsets, updates: readonly CounterUpdate[]): Promise<void> {
  const col = state.column;
  const unknown = new Map<string, string[]>();
  for (const u of updates) {
    if (state.get(u.table, u.row) !== undefined) continue;
    const rows = unknown.get(u.table) ?? [];
    rows.push(u.row);
    unknown.set(u.table, rows);
  }
  for (const [table, rows] of unknown) {
    const found = await hbase.getMany(table, rows, [col]);
    for (const row of rows) state.set(table, row, readNext(found.get(row)?.cells[col]));
  }
}

/** The offset right after the row's last line in this batch: its next offset once the batch is counted. */
const endOf = (u: CounterUpdate) => (u.offsets[u.offsets.length - 1] as number) + 1;

const MAX_ATTEMPTS = 100;
/**
 * Rows per multi request. HBase runs a request's conditional actions one after the other, each with its own
 * WAL sync; several smaller requests in parallel run on several handler threads, whose syncs HBase groups.
 */
const ROWS_PER_REQUEST = 64;

/** The row by row path: reads when the belief is missing, retries lost races. */
async function applyOne(hbase: HBaseClient, state: RowOffsets, u: CounterUpdate, stats: SinkStats): Promise<void> {
  const col = state.column;
  const end = endOf(u);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    let next = state.get(u.table, u.row);
    if (next === undefined) {
      next = readNext((await hbase.get(u.table, u.row, [col]))?.cells[col]);
      state.set(u.table, u.row, next);
    }
    const delta = countAfter(u.offsets, next - 1);
    if (delta === 0) {
      stats.rowsSkipped++;
      return;
    }
    // A next offset is never 0 once written (it follows a counted line), so 0 can stand for "absent".
    const ok = await hbase.checkAndIncrement(u.table, u.row, col, next === 0 ? null : BigInt(next), {
      [COUNT_COLUMN]: delta,
      [col]: end - next,
    });
    if (ok) {
      state.set(u.table, u.row, end);
      stats.rowsWritten++;
      stats.linesApplied += delta;
      return;
    }
    stats.conflicts++;
    state.set(u.table, u.row, readNext((await hbase.get(u.table, u.row, [col]))?.cells[col]));
  }
  throw new Error(`gave up on ${u.table}/${u.row} after ${MAX_ATTEMPTS} conflicting writers of ${state.topic}/${state.partition}`);
}

type Planned = { u: CounterUpdate; next: number; delta: number };

/**
 * One round of conditional increments, one multi request per `ROWS_PER_REQUEST` rows. Rows whose condition
 * failed come back in `failed` (their belief forgotten), rows that errored in `errored`.
 */
async function writeRound(hbase: HBaseClient, state: RowOffsets, rows: readonly Planned[], stats: SinkStats) {
  const col = state.column;
  const failed: CounterUpdate[] = [];
  const errored: CounterUpdate[] = [];
  const byTable = new Map<string, Planned[]>();
  for (const p of rows) {
    const list = byTable.get(p.u.table) ?? [];
    list.push(p);
    byTable.set(p.u.table, list);
  }
  const requests: { table: string; rows: Planned[] }[] = [];
  for (const [table, list] of byTable) {
    for (let i = 0; i < list.length; i += ROWS_PER_REQUEST) requests.push({ table, rows: list.slice(i, i + ROWS_PER_REQUEST) });
  }
  await hbase.mapLimit(requests, async ({ table, rows: chunk }) => {
    const outcomes = await hbase.checkAndIncrementMany(
      table,
      chunk.map(({ u, next, delta }) => ({
        row: u.row,
        column: col,
        // A next offset is never 0 once written (it follows a counted line), so 0 can stand for "absent".
        expected: next === 0 ? null : encodeLong(next),
        amounts: { [COUNT_COLUMN]: delta, [col]: endOf(u) - next },
      })),
    );
    outcomes.forEach((outcome, k) => {
      const { u, delta } = chunk[k] as Planned;
      if (outcome === 'applied') {
        state.set(u.table, u.row, endOf(u));
        stats.rowsWritten++;
        stats.linesApplied += delta;
        return;
      }
      // Whether it was applied, the row's next offset tells: it is read before the row is tried again.
      state.forget(u.table, u.row);
      (outcome === 'condition-failed' ? failed : errored).push(u);
    });
  });
  return { failed, errored };
}

/** Beliefs → what to write: rows with lines not counted yet, and their counts. */
function plan(state: RowOffsets, updates: readonly CounterUpdate[], stats: SinkStats): Planned[] {
  const rows: Planned[] = [];
  for (const u of updates) {
    const next = state.get(u.table, u.row) as number;
    const delta = countAfter(u.offsets, next - 1);
    if (delta === 0) stats.rowsSkipped++;
    else rows.push({ u, next, delta });
  }
  return rows;
}

/**
 * Applies one partition's batch of counter updates exactly once (see above); rows are written in parallel.
 * Pass the partition's RowOffsets from batch to batch (calling its startBatch() between batches, never while
 * one is being applied); a fresh one tries every row as new first.
 *
 * A row the worker knows nothing about is first tried as new (no offset of this partition yet): that is every
 * row of a new day, and it needs no read. A row that exists fails that condition, and only those rows are
 * read (one multi-get) and tried again; rows failing again (a zombie of this partition) go row by row.
 */
export async function applyExactlyOnce(hbase: HBaseClient, state: RowOffsets, updates: CounterUpdate[]): Promise<SinkStats> {
  const stats: SinkStats = { rowsWritten: 0, rowsSkipped: 0, conflicts: 0, linesApplied: 0 };
  const work = updates.filter((u) => u.offsets.length > 0);
  const guessed = new Set<CounterUpdate>();
  for (const u of work) {
    if (state.get(u.table, u.row) !== undefined) continue;
    state.set(u.table, u.row, 0);
    guessed.add(u);
  }
  const first = await writeRound(hbase, state, plan(state, work, stats), stats);
  const slow = [...first.errored];
  // Guessed "new" but the row exists: read what it says, then the same batched write once more. A row whose
  // belief came from an earlier write lost a race with another writer of this partition: row by row.
  const existing: CounterUpdate[] = [];
  for (const u of first.failed) {
    if (guessed.has(u)) existing.push(u);
    else {
      stats.conflicts++;
      slow.push(u);
    }
  }
  if (existing.length > 0) {
    await learnUnknown(hbase, state, existing);
    const second = await writeRound(hbase, state, plan(state, existing, stats), stats);
    stats.conflicts += second.failed.length;
    slow.push(...second.failed, ...second.errored);
  }
  await hbase.mapLimit(slow, (u) => applyOne(hbase, state, u, stats));
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
