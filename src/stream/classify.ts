import * as fs from 'node:fs';
import * as path from 'node:path';
import { dayKey, type AccessRecord } from '../logformat';

/**
 * The course's counting rules, in one place:
 * - a course click is a well-formed line whose path is exactly `/class/<digits>.html` (no query string);
 *   the course id is those digits as a number (`/class/0112.html` is course 112); every status counts;
 * - its day is the date as written in the line (`2026-11-24 …` → `20261124`), never converted;
 * - it is a search click when its referer is an http(s) URL whose host (case-insensitive, port ignored)
 *   is one of data/search-engines.json's hosts, exactly (`map.baidu.com` is not `www.baidu.com`).
 */
export type Classification = { kind: 'course'; day: string; courseId: number; searchEngine: string | null } | { kind: 'other' };

export function loadSearchEngines(projectRoot: string): Set<string> {
  const raw = JSON.parse(fs.readFileSync(path.join(projectRoot, 'data', 'search-engines.json'), 'utf8')) as { engines: { host: string }[] };
  return new Set(raw.engines.map((e) => e.host.toLowerCase()));
}

/** `/class/<digits>.html` → the number, else undefined. */
export function courseIdOf(urlPath: string): number | undefined {
  const PREFIX = '/class/';
  const SUFFIX = '.html';
  if (!urlPath.startsWith(PREFIX) || !urlPath.endsWith(SUFFIX)) return undefined;
  const end = urlPath.length - SUFFIX.length;
  if (end <= PREFIX.length || end - PREFIX.length > 15) return undefined;
  let id = 0;
  for (let i = PREFIX.length; i < end; i++) {
    const d = urlPath.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    id = id * 10 + d;
  }
  return id;
}

/** The lower-cased host of an http(s) URL, without port; undefined for anything else. */
export function refererHost(referer: string | null): string | undefined {
  if (!referer) return undefined;
  const lower = referer.slice(0, 8).toLowerCase();
  const start = lower.startsWith('https://') ? 8 : lower.startsWith('http://') ? 7 : -1;
  if (start < 0) return undefined;
  let end = start;
  while (end < referer.length) {
    const c = referer.charCodeAt(end);
    if (c === 47 || c === 58 || c === 63 || c === 35 || c === 32) break; // / : ? # space
    end++;
  }
  return end > start ? referer.slice(start, end).toLowerCase() : undefined;
}

export function classify(r: AccessRecord, engines: ReadonlySet<string>): Classification {
  const courseId = courseIdOf(r.path);
  if (courseId === undefined) return { kind: 'other' };
  const host = refererHost(r.referer);
  return { kind: 'course', day: dayKey(r.time), courseId, searchEngine: host !== undefined && engines.has(host) ? host : null };
}

/** `course_clickcount` row key: `yyyyMMdd_courseId`. */
export const courseRowKey = (day: string, courseId: number) => `${day}_${courseId}`;
/** `course_search_clickcount` row key: `yyyyMMdd_host_courseId`. */
export const searchRowKey = (day: string, host: string, courseId: number) => `${day}_${host}_${courseId}`;

export function parseCourseRowKey(key: string): { day: string; courseId: number } | undefined {
  const m = /^(\d{8})_(\d+)$/.exec(key);
  return m ? { day: m[1] as string, courseId: Number(m[2]) } : undefined;
}

export function parseSearchRowKey(key: string): { day: string; engine: string; courseId: number } | undefined {
  const m = /^(\d{8})_(.+)_(\d+)$/.exec(key);
  return m ? { day: m[1] as string, engine: m[2] as string, courseId: Number(m[3]) } : undefined;
}
