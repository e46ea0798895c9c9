import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabConfig } from '../config';
import { readCounter, type HBaseClient } from '../hbase';
import { isCalendarTime } from '../logformat';
import { parseCourseRowKey, parseSearchRowKey } from '../schema';
import { COUNT_COLUMN } from '../schema';

/**
 * What the dashboard shows, read straight from HBase with prefix scans on the course's row keys:
 * `course_clickcount` rows `yyyyMMdd_courseId`, `course_search_clickcount` rows `yyyyMMdd_host_courseId`.
 */
export interface CourseClicks {
  courseId: number;
  name: string;
  clicks: number;
}
export interface SearchClicks {
  engine: string;
  courseId: number;
  clicks: number;
}


/** Course names by id, from data/courses.json. */
export function loadCourseNames(cfg: LabConfig): Map<number, string> {
  const raw = JSON.parse(fs.readFileSync(path.join(cfg.projectRoot, 'data', 'courses.json'), 'utf8')) as unknown;
  const list = (Array.isArray(raw) ? raw : (raw as { courses: unknown[] }).courses) as { id: number; name: string }[];
  return new Map(list.map((c) => [Number(c.id), String(c.name)]));
}

/** Days that have course clicks, newest first. */
export async function listDays(hbase: HBaseClient, cfg: LabConfig): Promise<string[]> {
  const days = new Set<string>();
  for await (const row of hbase.scan(cfg.tables.courseClicks)) {
    const k = parseCourseRowKey(row.key);
    if (k) days.add(k.day);
  }
  return [...days].sort().reverse();
}

export async function courseClicks(hbase: HBaseClient, cfg: LabConfig, day: string, names: Map<number, string>): Promise<CourseClicks[]> {
  const out: CourseClicks[] = [];
  for await (const row of hbase.scan(cfg.tables.courseClicks, { prefix: `${day}_` })) {
    const k = parseCourseRowKey(row.key);
    if (!k) continue;
    const courseId = k.courseId;
    out.push({ courseId, name: names.get(courseId) ?? `course ${courseId}`, clicks: Number(readCounter(row, COUNT_COLUMN)) });
  }
  return out.sort((a, b) => b.clicks - a.clicks || a.courseId - b.courseId);
}

export async function searchClicks(hbase: HBaseClient, cfg: LabConfig, day: string): Promise<SearchClicks[]> {
  const out: SearchClicks[] = [];
  for await (const row of hbase.scan(cfg.tables.searchClicks, { prefix: `${day}_` })) {
    const k = parseSearchRowKey(row.key);
    if (!k) continue;
    out.push({ engine: k.engine, courseId: k.courseId, clicks: Number(readCounter(row, COUNT_COLUMN)) });
  }
  return out.sort((a, b) => b.clicks - a.clicks || a.engine.localeCompare(b.engine) || a.courseId - b.courseId);
}

/** `yyyyMMdd` that is a real calendar day, else an explanation. */
export function checkDay(day: string | null): true | string {
  if (day === null || !/^\d{8}$/.test(day)) return `Expected day as yyyyMMdd (e.g. 20261124), got \`${day ?? ''}\``;
  const asTime = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)} 00:00:00`;
  return isCalendarTime(asTime) ? true : `Expected a real calendar day, got \`${day}\``;
}
