import type { Connection } from 'mariadb';
import { SQL_TABLES } from '../schema';

/** Where the SQL job reads a partition from, as the database holds it. */
export interface StoredPosition {
  /** The next offset to read; 0 when nothing was ever counted from the partition. */
  next: number;
  /** The Flume file positions at `next` (FilePositions.serialize()), or null. */
  filePositions: string | null;
}

/**
 * The partition's stored position. The SQL job reads it when it is assigned the partition (and seeks there), and
 * every batch it writes must start from it: that is what makes a zombie's transaction fail (exactly-once.ts).
 */
export async function readPosition(conn: Connection, topic: string, partition: number): Promise<StoredPosition> {
  // The row exists from the first read on, so that every batch's `SELECT … FOR UPDATE` locks a row: two writers
  // racing for a partition that has none would both take only a gap lock, and one would end in a deadlock.
  await conn.query(`INSERT IGNORE INTO ${SQL_TABLES.positions} (topic, partition_id, next_offset, file_positions) VALUES (?, ?, 0, NULL)`, [topic, partition]);
  const rows = (await conn.query(`SELECT next_offset, file_positions FROM ${SQL_TABLES.positions} WHERE topic = ? AND partition_id = ?`, [topic, partition])) as {
    next_offset: bigint | number;
    file_positions: string | null;
  }[];
  const row = rows[0];
  return row ? { next: Number(row.next_offset), filePositions: row.file_positions } : { next: 0, filePositions: null };
}
