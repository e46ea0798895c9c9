import { RowOffsets, type CounterUpdate } from './exactly-once';
import { ResendFilter, type FilePositions } from './file-positions';
import type { LineHandler } from './job';
import type { DeadLetter } from './transactional-commit';

/** A Kafka message as the job reads it (kafkajs's KafkaMessage has these two fields and more). */
export interface BatchMessage {
  offset: string;
  value: Buffer | null;
  /** `<file>@<byte offset>` for lines Flume shipped (file-positions.ts); anything else is not deduplicated. */
  key?: Buffer | null;
}

/** One micro-batch, counted: per-row updates (with the offsets that count) and the dead letters. */
export interface BatchResult {
  updates: CounterUpdate[];
  deadLetters: DeadLetter[];
  lines: number;
  courseLines: number;
  filtered: number;
  /** Lines Flume shipped again after a crash, recognised by their file and byte offset and skipped. */
  resends: number;
}

/** Groups offsets by row key, in the order lines arrive (so each row's offsets ascend). */
class OffsetsByRow {
  readonly rows = new Map<string, number[]>();

  add(row: string, offset: number): void {
    const list = this.rows.get(row);
    if (list) list.push(offset);
    else this.rows.set(row, [offset]);
  }

  updates(table: string): CounterUpdate[] {
    return [...this.rows].map(([row, offsets]) => ({ table, row, offsets }));
  }
}

/**
 * One partition's messages → per-row updates (with the offsets that count) and dead letters. With `positions`
 * (the partition's file positions before this batch, advanced in place), re-sent lines are skipped first: they
 * are neither counted nor dead-lettered again.
 */
export function aggregateBatch(messages: readonly BatchMessage[], handleLine: LineHandler, courseTable: string, searchTable: string, positions?: FilePositions): BatchResult {
  const resendFilter = positions ? new ResendFilter(positions) : undefined;
  let resends = 0;
  const course = new OffsetsByRow();
  const search = new OffsetsByRow();
  const deadLetters: DeadLetter[] = [];
  let filtered = 0;
  let courseLines = 0;
  // Offsets arrive as strings. A batch without gaps (no compaction, no transaction markers: what Flume writes)
  // has offset = first + index, which saves converting each line's string.
  const first = messages.length > 0 ? Number((messages[0] as BatchMessage).offset) : 0;
  const gapless = messages.length > 0 && Number((messages[messages.length - 1] as BatchMessage).offset) === first + messages.length - 1;
  for (let i = 0; i < messages.length; i++) {
    const msg = messages[i] as BatchMessage;
    if (resendFilter && !resendFilter.admit(msg.key)) {
      resends++;
      continue;
    }
    const value = msg.value ?? Buffer.alloc(0);
    const outcome = handleLine(value);
    const offset = gapless ? first + i : Number(msg.offset);
    if (outcome.kind === 'course') {
      courseLines++;
      course.add(outcome.courseRow, offset);
      if (outcome.searchRow) search.add(outcome.searchRow, offset);
    } else if (outcome.kind === 'other') filtered++;
    else deadLetters.push({ value, reason: outcome.reason, offset: msg.offset });
  }
  const updates = [...course.updates(courseTable), ...search.updates(searchTable)];
  return { updates, deadLetters, lines: messages.length, courseLines, filtered, resends };
}

/**
 * Several consecutive batches of one partition, in offset order, as one: a row's offsets are concatenated
 * (so they still ascend), dead letters and counts added up. A batch alone is returned as it is.
 */
export function mergeBatchResults(results: readonly BatchResult[]): BatchResult {
  if (results.length === 1) return results[0] as BatchResult;
  const rows = new Map<string, CounterUpdate>();
  const merged: BatchResult = { updates: [], deadLetters: [], lines: 0, courseLines: 0, filtered: 0, resends: 0 };
  for (const r of results) {
    for (const u of r.updates) {
      const key = RowOffsets.key(u.table, u.row);
      const seen = rows.get(key);
      if (seen) seen.offsets = seen.offsets.concat(u.offsets);
      else {
        const copy = { ...u };
        rows.set(key, copy);
        merged.updates.push(copy);
      }
    }
    for (const d of r.deadLetters) merged.deadLetters.push(d);
    merged.lines += r.lines;
    merged.courseLines += r.courseLines;
    merged.filtered += r.filtered;
    merged.resends += r.resends;
  }
  return merged;
}
