import type { LabConfig } from '../config';
import { HBaseClient, readCounter } from '../hbase';
import { COUNT_COLUMN, courseRowKey, parseCourseRowKey, parseSearchRowKey } from '../schema';
import type { ClickTotals, CourseTotal, SearchTotal } from './totals';

/**
 * The totals in HBase: a day is one prefix scan (`yyyyMMdd_`), because the row key starts with the day. A course
 * over many days is one `get` per day: the key has no way to range over one course.
 */
export function hbaseTotals(hbase: HBaseClient, cfg: LabConfig): ClickTotals {
  const counter = (row: Parameters<typeof readCounter>[0]) => Number(readCounter(row, COUNT_COLUMN));
  return {
    store: 'hbase',
    async days() {
      const days = new Set<string>();
      for await (const row of hbase.scan(cfg.tables.courseClicks)) {
        const k = parseCourseRowKey(row.key);
        if (k) days.add(k.day);
      }
      return [...days].sort().reverse();
    },
    async courses(day) {
      const out: CourseTotal[] = [];
      for await (const row of hbase.scan(cfg.tables.courseClicks, { prefix: `${day}_` })) {
        const k = parseCourseRowKey(row.key);
        if (k) out.push({ courseId: k.courseId, clicks: counter(row) });
      }
      return out;
    },
    async search(day) {
      const out: SearchTotal[] = [];
      for await (const row of hbase.scan(cfg.tables.searchClicks, { prefix: `${day}_` })) {
        const k = parseSearchRowKey(row.key);
        if (k) out.push({ engine: k.engine, courseId: k.courseId, clicks: counter(row) });
      }
      return out;
    },
    async courseDays(courseId, from, to) {
      const days = daysBetween(from, to);
      const rows = await Promise.all(days.map((day) => hbase.get(cfg.tables.courseClicks, courseRowKey(day, courseId))));
      return days.flatMap((day, i) => {
        const row = rows[i];
        return row ? [{ day, clicks: counter(row) }] : [];
      });
    },
  };
}

/** Every `yyyyMMdd` from `from` to `to`, both included (UTC calendar days). */
export function daysBetween(from: string, to: string): string[] {
  const toDate = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)));
  const out: string[] = [];
  for (let t = toDate(from); t <= toDate(to); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10).replace(/-/g, ''));
  return out;
}

/** Either store's totals as given, or HBase's when given an HBase client (what the lessons before 09 pass). */
export function totalsOf(source: HBaseClient | ClickTotals, cfg: LabConfig): ClickTotals {
  return source instanceof HBaseClient ? hbaseTotals(source, cfg) : source;
}
