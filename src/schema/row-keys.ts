/**
 * The HBase row keys of the course's two tables, and their inverses. The inverses accept exactly what the
 * builders produce (8-digit day, id without leading zeros), so parse(build(x)) = x and build(parse(k)) = k:
 * a row someone wrote by hand with another spelling is reported as foreign instead of being merged silently.
 */

/** `course_clickcount` row key: `yyyyMMdd_courseId`. */
export const courseRowKey = (day: string, courseId: number): string => `${day}_${courseId}`;
/** `course_search_clickcount` row key: `yyyyMMdd_host_courseId`. */
export const searchRowKey = (day: string, host: string, courseId: number): string => `${day}_${host}_${courseId}`;

const ID = '(0|[1-9]\\d{0,14})';
const COURSE_KEY = new RegExp(`^(\\d{8})_${ID}$`);
// A host never contains `_`, so the first and the last `_` delimit it.
const SEARCH_KEY = new RegExp(`^(\\d{8})_([^_]+)_${ID}$`);

export function parseCourseRowKey(key: string): { day: string; courseId: number } | undefined {
  const m = COURSE_KEY.exec(key);
  return m ? { day: m[1] as string, courseId: Number(m[2]) } : undefined;
}

export function parseSearchRowKey(key: string): { day: string; engine: string; courseId: number } | undefined {
  const m = SEARCH_KEY.exec(key);
  return m ? { day: m[1] as string, engine: m[2] as string, courseId: Number(m[3]) } : undefined;
}

/** `yyyyMMdd` as a number (20261124) → the row keys' 8-character day. Years before 1000 keep their zeros. */
export function dayString(day: number): string {
  const s = String(day);
  return s.length >= 8 ? s : '00000000'.slice(s.length) + s;
}
