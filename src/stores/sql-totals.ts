import type { Connection, Pool } from 'mariadb';
import { SQL_TABLES } from '../schema';
import type { ClickTotals } from './totals';

/**
 * The totals in the relational store: a day is one index range on the primary key (day, course_id); a course
 * over many days is one range on the secondary index (course_id, day) — the second access path HBase would need
 * a second table for.
 */
export function sqlTotals(db: Pool | Connection, tables: { course: string; search: string } = SQL_TABLES): ClickTotals {
  const rows = <T>(sql: string, params: unknown[] = []) => db.query(sql, params) as Promise<T[]>;
  return {
    store: 'sql',
    async days() {
      return (await rows<{ day: string }>(`SELECT DISTINCT day FROM ${tables.course} ORDER BY day DESC`)).map((r) => r.day);
    },
    async courses(day) {
      const found = await rows<{ course_id: number; clicks: number }>(`SELECT course_id, clicks FROM ${tables.course} WHERE day = ?`, [day]);
      return found.map((r) => ({ courseId: Number(r.course_id), clicks: Number(r.clicks) }));
    },
    async search(day) {
      const found = await rows<{ engine: string; course_id: number; clicks: number }>(`SELECT engine, course_id, clicks FROM ${tables.search} WHERE day = ?`, [day]);
      return found.map((r) => ({ engine: r.engine, courseId: Number(r.course_id), clicks: Number(r.clicks) }));
    },
    async courseDays(courseId, from, to) {
      const found = await rows<{ day: string; clicks: number }>(`SELECT day, clicks FROM ${tables.course} WHERE course_id = ? AND day BETWEEN ? AND ? ORDER BY day`, [courseId, from, to]);
      return found.map((r) => ({ day: r.day, clicks: Number(r.clicks) }));
    },
  };
}
