import type { Connection } from 'mariadb';
import { LabError } from '../errors';
import { parseCourseRowKey, parseSearchRowKey, SQL_TABLES } from '../schema';
import type { StoredPosition } from './positions';

/** One partition's micro-batch, as the SQL sink writes it. */
export interface SqlBatch {
  topic: string;
  partition: number;
  /** Where this writer believes the partition stands: the position it read, or the one its last batch stored. */
  from: StoredPosition;
  /** The batch's last offset: the stored next offset becomes lastOffset + 1. */
  lastOffset: number;
  /** Clicks per course row key (`yyyyMMdd_courseId`) and per search row key (`yyyyMMdd_host_courseId`). */
  course: ReadonlyMap<string, number>;
  search: ReadonlyMap<string, number>;
  /** The Flume file positions after the batch. */
  filePositions: string | null;
  /** The count tables to add to (default the lab's; lesson 09 measures the write path into tables of its own). */
  countTables?: { course: string; search: string };
}

/** Thrown when the stored position is not where this writer believed: another writer (or a replay) got there first. */
export class PositionMovedError extends LabError {
  readonly name = 'PositionMovedError';
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly expected: number,
    readonly found: number,
  ) {
    super(`the stored position of ${topic}/${partition} is ${found}, not ${expected}: another writer moved it; nothing of this batch was written`, {
      hint: 'The job reads the partition again from the stored position.',
    });
  }
}

/** Rows of at most this many tuples per INSERT: one statement per table for a usual batch, never a huge packet. */
const ROWS_PER_INSERT = 1000;

/**
 * Writes one batch exactly once, the relational way: ONE transaction locks the partition's position row, checks
 * it is where this writer believed (else rolls back: PositionMovedError), adds the batch's clicks to the counts
 * (an upsert per row) and moves the position to lastOffset + 1 with the file positions. A zombie that read the
 * same position waits for the lock, then finds the position moved and writes nothing; a crash before COMMIT
 * leaves nothing; a replay of committed lines starts below the stored position and is refused the same way.
 */
export async function applyBatchOnce(conn: Connection, b: SqlBatch): Promise<{ courseRows: number; searchRows: number }> {
  await conn.beginTransaction();
  try {
    const rows = (await conn.query(`SELECT next_offset FROM ${SQL_TABLES.positions} WHERE topic = ? AND partition_id = ? FOR UPDATE`, [b.topic, b.partition])) as {
      next_offset: bigint | number;
    }[];
    const stored = rows[0] ? Number(rows[0].next_offset) : 0;
    if (stored !== b.from.next) throw new PositionMovedError(b.topic, b.partition, b.from.next, stored);
    const course = [...b.course]
      .map(([row, clicks]) => {
        const k = parseCourseRowKey(row);
        if (!k) throw new RangeError(`not a course row key: ${row}`);
        return [k.day, k.courseId, clicks] as const;
      })
      // In primary-key order: batches of several partitions committing at once lock their shared rows in the
      // same order, so they wait for each other instead of deadlocking.
      .sort((x, y) => compareKeys([x[0], x[1]], [y[0], y[1]]));
    const search = [...b.search].map(([row, clicks]) => {
      const k = parseSearchRowKey(row);
      if (!k) throw new RangeError(`not a search row key: ${row}`);
      return [k.day, k.engine, k.courseId, clicks] as const;
    })
      .sort((x, y) => compareKeys([x[0], x[1], x[2]], [y[0], y[1], y[2]]));
    const tables = b.countTables ?? SQL_TABLES;
    await upsert(conn, `INSERT INTO ${tables.course} (day, course_id, clicks) VALUES`, '(?, ?, ?)', course);
    await upsert(conn, `INSERT INTO ${tables.search} (day, engine, course_id, clicks) VALUES`, '(?, ?, ?, ?)', search);
    await conn.query(
      `INSERT INTO ${SQL_TABLES.positions} (topic, partition_id, next_offset, file_positions) VALUES (?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE next_offset = VALUES(next_offset), file_positions = VALUES(file_positions)`,
      [b.topic, b.partition, b.lastOffset + 1, b.filePositions],
    );
    await conn.commit();
    return { courseRows: course.length, searchRows: search.length };
  } catch (err) {
    await conn.rollback().catch(() => undefined);
    throw err;
  }
}

/** Primary-key order: strings as utf8mb4_bin compares them (bytewise; the keys are ASCII), numbers as numbers. */
function compareKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** MariaDB's "deadlock found" (1213) and "lock wait timeout" (1205): the transaction was rolled back and may simply run again. */
export function isRetriableConflict(err: unknown): boolean {
  const errno = (err as { errno?: number } | null)?.errno;
  return errno === 1213 || errno === 1205;
}

async function upsert(conn: Connection, insert: string, tuple: string, rows: readonly (readonly unknown[])[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    await conn.query(`${insert} ${chunk.map(() => tuple).join(', ')} ON DUPLICATE KEY UPDATE clicks = clicks + VALUES(clicks)`, chunk.flat());
  }
}
