import { dayKey, type AccessRecord } from '../logformat';


/**
 * The course's counting rules, in one place (the byte fast path in scan.ts is their twin, held equal by tests):
 * - a course click is a well-formed line whose path is exactly `/class/<digits>.html`. "Exactly" is taken
 *   literally: a query string or fragment (`/class/112.html?x=1`), another suffix (`.htm`), an empty or doubled
 *   segment (`/class//112.html`) or a different case (`/Class/`) make the line a valid but uncounted one;
 * - the course id is those digits as a number, so `/class/0112.html` is course 112 (one course, one row, however
 *   a link spelled it); more than 15 digits is not an id (it could not be a JavaScript number exactly);
 * - every status counts (a 404 on a course page is still a click on it);
 * - its day is the date as written in the line (`2026-11-24 …` → `20261124`), never converted;
 * - it is a search click when its referer is an http(s) URL whose host, compared ASCII-case-insensitively and
 *   without its port, is exactly one of data/search-engines.json's hosts (`map.baidu.com` is not `www.baidu.com`).
 *   Browsers strip user:password@ from a Referer, so an authority with `@` is not special-cased: it never matches.
 */
export type Classification = { kind: 'course'; day: string; courseId: number; searchEngine: string | null } | { kind: 'other' };

/** What classify needs of the engine list: a Set of lower-case hosts or a SearchEngines. */
export interface EngineSet {
  has(host: string): boolean;
}

/** The longest digit run taken as a course id: 15 digits always fit a double exactly. */
export const MAX_ID_DIGITS = 15;

/** `/class/<digits>.html` → the number, else undefined. */
export function courseIdOf(urlPath: string): number | undefined {
  const PREFIX = '/class/';
  const SUFFIX = '.html';
  if (!urlPath.startsWith(PREFIX) || !urlPath.endsWith(SUFFIX)) return undefined;
  const end = urlPath.length - SUFFIX.length;
  if (end <= PREFIX.length || end - PREFIX.length > MAX_ID_DIGITS) return undefined;
  let id = 0;
  for (let i = PREFIX.length; i < end; i++) {
    const d = urlPath.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    id = id * 10 + d;
  }
  return id;
}

/** `s` with A-Z lowered and every other character kept (see engines.ts for why not toLowerCase). */
function asciiLower(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      out += s.slice(from, i) + String.fromCharCode(c + 32);
      from = i + 1;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

/** True when `s` starts with `prefix` (lower-case ASCII) ignoring ASCII case. */
function startsWithIgnoringCase(s: string, prefix: string): boolean {
  if (s.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== prefix.charCodeAt(i)) return false;
  }
  return true;
}

/** The host of an http(s) URL, ASCII-lower-cased, without port; undefined for anything else. */
export function refererHost(referer: string | null): string | undefined {
  if (!referer) return undefined;
  const start = startsWithIgnoringCase(referer, 'https://') ? 8 : startsWithIgnoringCase(referer, 'http://') ? 7 : -1;
  if (start < 0) return undefined;
  let end = start;
  while (end < referer.length) {
    const c = referer.charCodeAt(end);
    if (c === 47 || c === 58 || c === 63 || c === 35 || c === 32) break; // / : ? # space
    end++;
  }
  return end > start ? asciiLower(referer.slice(start, end)) : undefined;
}

export function classify(r: AccessRecord, engines: EngineSet): Classification {
  const courseId = courseIdOf(r.path);
  if (courseId === undefined) return { kind: 'other' };
  const host = refererHost(r.referer);
  return { kind: 'course', day: dayKey(r.time), courseId, searchEngine: host !== undefined && engines.has(host) ? host : null };
}
