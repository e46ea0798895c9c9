import { MissingSolutionError, type SqlConnection } from 'clickstream-lab';

/**
 * Exercise 09.1: adds each row's clicks to `table` (columns day, course_id, clicks; primary key (day, course_id)):
 * a row that is not there yet is inserted, one that is there gets the clicks added. One statement for all rows.
 */
export async function upsertCourseClicks(conn: SqlConnection, table: string, rows: { day: string; courseId: number; clicks: number }[]): Promise<void> {
  throw new MissingSolutionError('09.1 write the upsert', 'INSERT … VALUES (?, ?, ?), (?, ?, ?) … ON DUPLICATE KEY UPDATE: the update must ADD the new clicks (VALUES(clicks)) to the stored ones. Pass the values as parameters, never in the SQL text.');
}

/**
 * Exercise 09.2: one course's clicks on each day from `from` to `to` (`yyyyMMdd`, both included) that has clicks,
 * oldest first, from `course_clickcount`: one range query.
 */
export async function courseOverDays(conn: SqlConnection, courseId: number, from: string, to: string): Promise<{ day: string; clicks: number }[]> {
  throw new MissingSolutionError('09.2 write the range query', 'WHERE course_id = ? AND day BETWEEN ? AND ? (both ends included), ORDER BY day. The index by_course (course_id, day) makes it one index range.');
}

/**
 * Exercise 09.3: a day's clicks per search engine, summed over courses, most first (ties: by engine), from
 * `course_search_clickcount`.
 */
export async function clicksPerEngine(conn: SqlConnection, day: string): Promise<{ engine: string; clicks: number }[]> {
  throw new MissingSolutionError('09.3 clicks per engine', 'GROUP BY engine, and add up the clicks column of the rows (each row is already a count); ORDER BY the sum, descending, then engine.');
}
