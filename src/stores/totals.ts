/**
 * The two totals the pipeline keeps — clicks per (day, course) and per (day, search engine, course) — as any store
 * holds them. HBase and the relational store answer the same questions through this one shape, so `lab verify`,
 * `lab compare-stores`, the dashboard (`?store=`) and lesson 09 never care which store they read.
 */
export const STORE_NAMES = ['hbase', 'sql'] as const;
export type StoreName = (typeof STORE_NAMES)[number];

export interface CourseTotal {
  courseId: number;
  clicks: number;
}

export interface SearchTotal {
  engine: string;
  courseId: number;
  clicks: number;
}

export interface ClickTotals {
  readonly store: StoreName;
  /** Days that have course clicks, newest first. */
  days(): Promise<string[]>;
  /** A day's course rows, in no particular order. */
  courses(day: string): Promise<CourseTotal[]>;
  /** A day's search-engine rows, in no particular order. */
  search(day: string): Promise<SearchTotal[]>;
  /** One course's clicks on each day in [from, to] that has any, oldest first. */
  courseDays(courseId: number, from: string, to: string): Promise<{ day: string; clicks: number }[]>;
}

/** `?store=` or `--store`: one of the names, or the default (HBase, the course's store). */
export function parseStoreName(raw: string | null | undefined): StoreName | string {
  if (raw === null || raw === undefined || raw === '') return 'hbase';
  return raw;
}

export function isStoreName(s: string): s is StoreName {
  return (STORE_NAMES as readonly string[]).includes(s);
}
