import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabConfig } from '../config';
import type { HBaseClient } from '../hbase';
import { isCalendarTime } from '../logformat';
import { totalsOf, type ClickTotals } from '../stores';

/**
 * What the dashboard shows, read from either store (stores/: HBase's prefix scans on the course's row keys, or
 * the relational store's primary-key ranges), in the same shapes.
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

/** Days that have course clicks, newest first, from either store (an HBase client means HBase). */
export async function listDays(source: HBaseClient | ClickTotals, cfg: LabConfig): Promise<string[]> {
  return totalsOf(source, cfg).days();
}

/** A day's clicks per course, most clicked first (ties by course id), with the course names. */
export async function courseClicks(source: HBaseClient | ClickTotals, cfg: LabConfig, day: string, names: Map<number, string>): Promise<CourseClicks[]> {
  const rows = await totalsOf(source, cfg).courses(day);
  return rows
    .map((r) => ({ courseId: r.courseId, name: names.get(r.courseId) ?? `course ${r.courseId}`, clicks: r.clicks }))
    .sort((a, b) => b.clicks - a.clicks || a.courseId - b.courseId);
}

/** A day's clicks per (search engine, course), most clicked first. */
export async function searchClicks(source: HBaseClient | ClickTotals, cfg: LabConfig, day: string): Promise<SearchClicks[]> {
  const rows = await totalsOf(source, cfg).search(day);
  return rows.sort((a, b) => b.clicks - a.clicks || a.engine.localeCompare(b.engine) || a.courseId - b.courseId);
}

/** `yyyyMMdd` that is a real calendar day, else an explanation. */
export function checkDay(day: string | null): true | string {
  if (day === null || !/^\d{8}$/.test(day)) return `Expected day as yyyyMMdd (e.g. 20261124), got \`${day ?? ''}\``;
  const asTime = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)} 00:00:00`;
  return isCalendarTime(asTime) ? true : `Expected a real calendar day, got \`${day}\``;
}
