// Wrong on purpose (09.1 write the upsert): INSERT IGNORE keeps the stored row and drops the new clicks without a
// word: every batch after a row's first counts nothing for it.
import type { SqlConnection } from 'clickstream-lab';

/**
 * Exercise 09.1: adds each row's clicks to `table` (columns day, course_id, clicks; primary key (day, course_id)):
 * a row that is not there yet is inserted, one that is there gets the clicks added. One statement for all rows.
 */
export async function upsertCourseClicks(conn: SqlConnection, table: string, rows: { day: string; courseId: number; clicks: number }[]): Promise<void> {
  if (rows.length === 0) return;
  const tuples = rows.map(() => '(?, ?, ?)').join(', ');
  // The primary key decides "already there"; VALUES(clicks) is the value this statement tried to insert.
  await conn.query(`INSERT IGNORE INTO ${table} (day, course_id, clicks) VALUES ${tuples}`, rows.flatMap((r) => [r.day, r.courseId, r.clicks]));
}

/**
 * Exercise 09.2: one course's clicks on each day from `from` to `to` (`yyyyMMdd`, both included) that has clicks,
 * oldest first, from `course_clickcount`: one range query.
 */
export async function courseOverDays(conn: SqlConnection, courseId: number, from: string, to: string): Promise<{ day: string; clicks: number }[]> {
  const rows = (await conn.query('SELECT day, clicks FROM course_clickcount WHERE course_id = ? AND day BETWEEN ? AND ? ORDER BY day', [courseId, from, to])) as { day: string; clicks: number }[];
  return rows.map((r) => ({ day: r.day, clicks: Number(r.clicks) }));
}

/**
 * Exercise 09.3: a day's clicks per search engine, summed over courses, most first (ties: by engine), from
 * `course_search_clickcount`.
 */
export async function clicksPerEngine(conn: SqlConnection, day: string): Promise<{ engine: string; clicks: number }[]> {
  const rows = (await conn.query('SELECT engine, SUM(clicks) AS clicks FROM course_search_clickcount WHERE day = ? GROUP BY engine ORDER BY clicks DESC, engine', [day])) as { engine: string; clicks: number }[];
  return rows.map((r) => ({ engine: r.engine, clicks: Number(r.clicks) }));
}
