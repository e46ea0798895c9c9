import { courseRowKey, searchRowKey } from '../schema';
import type { ClickTotals } from './totals';

/** One row whose totals differ between two sources (a store, or a ground truth). */
export interface RowDifference {
  table: 'course' | 'search';
  /** The row as both schemas name it: the HBase row key, also the SQL primary key joined with `_`. */
  row: string;
  left: number;
  right: number;
}

/** A day's rows of both tables keyed by row key, zero rows left out (a zero and a missing row mean the same). */
export async function dayRows(totals: ClickTotals, day: string): Promise<{ course: Map<string, number>; search: Map<string, number> }> {
  const [courses, search] = await Promise.all([totals.courses(day), totals.search(day)]);
  return {
    course: new Map(courses.filter((c) => c.clicks !== 0).map((c) => [courseRowKey(day, c.courseId), c.clicks])),
    search: new Map(search.filter((s) => s.clicks !== 0).map((s) => [searchRowKey(day, s.engine, s.courseId), s.clicks])),
  };
}

/** Rows that differ between two maps of row → clicks, in row order. */
export function diffRows(table: RowDifference['table'], left: ReadonlyMap<string, number>, right: ReadonlyMap<string, number>): RowDifference[] {
  const rows = new Set([...left.keys(), ...right.keys()]);
  return [...rows]
    .sort()
    .map((row) => ({ table, row, left: left.get(row) ?? 0, right: right.get(row) ?? 0 }))
    .filter((d) => d.left !== d.right);
}

export interface StoreComparison {
  days: string[];
  rows: { course: number; search: number };
  differences: RowDifference[];
}

/** Compares two stores row by row over `days` (default: every day either has). */
export async function compareStores(left: ClickTotals, right: ClickTotals, days?: string[]): Promise<StoreComparison> {
  const wanted = days ?? [...new Set([...(await left.days()), ...(await right.days())])].sort();
  const differences: RowDifference[] = [];
  const rows = { course: 0, search: 0 };
  for (const day of wanted) {
    const [a, b] = await Promise.all([dayRows(left, day), dayRows(right, day)]);
    rows.course += a.course.size;
    rows.search += a.search.size;
    differences.push(...diffRows('course', a.course, b.course), ...diffRows('search', a.search, b.search));
  }
  return { days: wanted, rows, differences };
}
