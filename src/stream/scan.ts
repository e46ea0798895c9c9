import type { SearchEngines } from '../schema/search-engines';

/**
 * The fast path: decides a line on its raw bytes, without building a string, a record or a Date. It takes only
 * the canonical form, the one the generator and the course write:
 *
 *   ip TAB yyyy-MM-dd HH:mm:ss TAB "METHOD PATH HTTP/x.y" TAB ddd TAB referer      (no `[ ]`, no `\r`, referer unquoted)
 *
 * and answers COURSE (with day, course id and search engine filled into `out`) or OTHER only when the line is
 * certainly well-formed. Anything else — a variant, or a line that may be malformed — is UNSURE and goes to
 * parseLine, which knows every variant and names what is wrong. So the fast path never has to produce a reason,
 * and it can only be wrong by disagreeing with parseLine + classify, which scan.test.ts checks on generated,
 * mutated and random lines.
 *
 * Why a twin instead of calling the string code: per line, decoding UTF-8, slicing fields and allocating the
 * record cost more than everything else together; this loop is what gets one core to millions of lines a second.
 * Everything is inline in one function on purpose: small helpers taking the buffer are inlined by V8 anyway,
 * and one closure or accessor per byte (tried) costs ~15%.
 */
export const SCAN_UNSURE = -1;
export const SCAN_OTHER = 0;
export const SCAN_COURSE = 1;
export type ScanKind = typeof SCAN_UNSURE | typeof SCAN_OTHER | typeof SCAN_COURSE;

/** Filled in place by scanLine on SCAN_COURSE (one object reused for every line: no allocation). */
export interface ScanResult {
  /** yyyyMMdd as a number: 20261124. */
  day: number;
  courseId: number;
  /** Index into SearchEngines.hosts, or -1 when the referer is not a search engine. */
  engine: number;
}

export const newScanResult = (): ScanResult => ({ day: 0, courseId: 0, engine: -1 });

const TAB = 9;
const SPACE = 32;
const QUOTE = 34;
const CR = 13;
const DASH = 45;
const COLON = 58;
/** Days per month; February is decided by the leap-year rule. */
const DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const CLASS_PREFIX = [0x2f, 0x63, 0x6c, 0x61, 0x73, 0x73, 0x2f]; // "/class/"
const HTML_SUFFIX = [0x2e, 0x68, 0x74, 0x6d, 0x6c]; // ".html"

/** Two ASCII digits at `i` as a number, or -1. */
function two(b: Uint8Array, i: number): number {
  const h = (b[i] as number) - 48;
  const l = (b[i + 1] as number) - 48;
  return h >= 0 && h <= 9 && l >= 0 && l <= 9 ? h * 10 + l : -1;
}

/** Bytes [from, from + expected.length) equal `expected`. */
function matches(b: Uint8Array, from: number, expected: readonly number[]): boolean {
  for (let i = 0; i < expected.length; i++) if (b[from + i] !== expected[i]) return false;
  return true;
}

/** Scans the line in bytes [start, end) (without its newline). */
export function scanLine(b: Uint8Array, start: number, end: number, engines: SearchEngines, out: ScanResult): ScanKind {
  // ip: anything non-empty up to the first tab (the parser does not check it either).
  let i = start;
  while (i < end && b[i] !== TAB) i++;
  const ts = i + 1; // the time
  if (i === start || ts + 20 >= end || b[ts + 19] !== TAB) return SCAN_UNSURE;

  // yyyy-MM-dd HH:mm:ss, a real calendar time (twin of logformat/time.ts isCalendarTime)
  if (b[ts + 4] !== DASH || b[ts + 7] !== DASH || b[ts + 10] !== SPACE || b[ts + 13] !== COLON || b[ts + 16] !== COLON) return SCAN_UNSURE;
  const century = two(b, ts);
  const yy = two(b, ts + 2);
  const month = two(b, ts + 5);
  const day = two(b, ts + 8);
  const hour = two(b, ts + 11);
  const minute = two(b, ts + 14);
  const second = two(b, ts + 17);
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return SCAN_UNSURE;
  }
  const year = century * 100 + yy;
  if (year === 0 || day > (DAYS[month] as number)) return SCAN_UNSURE;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return SCAN_UNSURE;

  // "METHOD PATH PROTOCOL" — METHOD is 1-16 of A-Z, PATH starts with `/`, the last space starts PROTOCOL.
  const rq = ts + 20;
  if (b[rq] !== QUOTE) return SCAN_UNSURE;
  let sp1 = rq + 1;
  while (sp1 < end && (b[sp1] as number) >= 65 && (b[sp1] as number) <= 90) sp1++;
  if (sp1 === rq + 1 || sp1 - rq - 1 > 16 || sp1 + 1 >= end || b[sp1] !== SPACE || b[sp1 + 1] !== 0x2f) return SCAN_UNSURE;
  let t3 = sp1 + 2;
  while (t3 < end && b[t3] !== TAB) t3++;
  if (t3 + 5 >= end || b[t3 - 1] !== QUOTE) return SCAN_UNSURE; // also needs `ddd TAB x` after it
  let sp2 = t3 - 2;
  while (sp2 > sp1 && b[sp2] !== SPACE) sp2--;
  if (sp2 <= sp1 + 1) return SCAN_UNSURE; // no second space, or an empty path
  // HTTP/d or HTTP/d.d
  const v = sp2 + 6;
  const versionLength = t3 - 1 - v;
  if (b[sp2 + 1] !== 72 || b[sp2 + 2] !== 84 || b[sp2 + 3] !== 84 || b[sp2 + 4] !== 80 || b[sp2 + 5] !== 47) return SCAN_UNSURE;
  const major = (b[v] as number) - 48;
  if (major < 0 || major > 9) return SCAN_UNSURE;
  if (versionLength === 3) {
    const minor = (b[v + 2] as number) - 48;
    if (b[v + 1] !== 46 || minor < 0 || minor > 9) return SCAN_UNSURE;
  } else if (versionLength !== 1) return SCAN_UNSURE;

  // ddd TAB
  const st = t3 + 1;
  const s0 = (b[st] as number) - 48;
  const s12 = two(b, st + 1);
  if (s0 < 0 || s0 > 9 || s12 < 0 || b[st + 3] !== TAB) return SCAN_UNSURE;

  // The referer: non-empty (ensured above), unquoted, no further tab, no trailing \r.
  const rf = st + 4;
  if (b[rf] === QUOTE || b[end - 1] === CR) return SCAN_UNSURE;
  let r = rf;
  while (r < end && b[r] !== TAB) r++;
  if (r < end) return SCAN_UNSURE;

  // Well-formed. A course click? The path is [sp1 + 1, sp2): "/class/" 1-15 digits ".html", nothing else.
  const idFrom = sp1 + 8;
  const idTo = sp2 - 5;
  if (idTo <= idFrom || idTo - idFrom > 15 || !matches(b, sp1 + 1, CLASS_PREFIX) || !matches(b, idTo, HTML_SUFFIX)) return SCAN_OTHER;
  let id = 0;
  for (let k = idFrom; k < idTo; k++) {
    const d = (b[k] as number) - 48;
    if (d < 0 || d > 9) return SCAN_OTHER;
    id = id * 10 + d;
  }
  out.day = year * 10000 + month * 100 + day;
  out.courseId = id;
  out.engine = refererEngine(b, rf, end, engines);
  return SCAN_COURSE;
}

/** The engine index of an http(s) referer's host in [from, to), or -1 (twin of classify.ts refererHost). */
function refererEngine(b: Uint8Array, from: number, to: number, engines: SearchEngines): number {
  // "http" then optional "s", ignoring ASCII case (x | 0x20 maps only H/h to h, T/t to t, …), then "://"
  if (to - from < 8 || ((b[from] as number) | 0x20) !== 0x68 || ((b[from + 1] as number) | 0x20) !== 0x74) return -1;
  if (((b[from + 2] as number) | 0x20) !== 0x74 || ((b[from + 3] as number) | 0x20) !== 0x70) return -1;
  let h = from + 4;
  if (((b[h] as number) | 0x20) === 0x73) h++;
  if (b[h] !== COLON || b[h + 1] !== 0x2f || b[h + 2] !== 0x2f) return -1;
  h += 3;
  let e = h;
  while (e < to) {
    const c = b[e] as number;
    if (c === 0x2f || c === COLON || c === 0x3f || c === 0x23 || c === SPACE) break; // / : ? # space
    e++;
  }
  return e > h ? engines.indexOfBytes(b, h, e) : -1;
}
