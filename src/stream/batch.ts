import type { CounterUpdate } from './exactly-once';
import type { LineHandler } from './job';
import type { DeadLetter } from './transactional-commit';

/** A Kafka message as the job reads it (kafkajs's KafkaMessage has these two fields and more). */
export interface BatchMessage {
  offset: string;
  value: Buffer | null;
}

/** One micro-batch, counted: per-row updates (with the offsets that count) and the dead letters. */
export interface BatchResult {
  updates: CounterUpdate[];
  deadLetters: DeadLetter[];
  lines: number;
  courseLines: number;
  filtered: number;
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

/** Pure: one partition's messages → per-row updates (with the offsets that count) and dead letters. */
export function aggregateBatch(messages: readonly BatchMessage[], handleLine: LineHandler, courseTable: string, searchTable: string): BatchResult {
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
  return { updates, deadLetters, lines: messages.length, courseLines, filtered };
}
