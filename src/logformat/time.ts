/**
 * `yyyy-MM-dd HH:mm:ss` validation by character codes (no regex, no Date per line: the parser must do
 * millions of lines a second). A real calendar time: month 1-12, day within the month (leap years too),
 * hour 0-23, minute and second 0-59.
 */
const ZERO = 48;

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - ZERO;
  return c >= 0 && c <= 9 ? c : -1;
}

function num(s: string, from: number, len: number): number {
  let v = 0;
  for (let i = from; i < from + len; i++) {
    const d = digit(s, i);
    if (d < 0) return -1;
    v = v * 10 + d;
  }
  return v;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when `s` (exactly 19 characters from `at`) is a real `yyyy-MM-dd HH:mm:ss`. */
export function isCalendarTime(s: string, at = 0): boolean {
  if (s.length - at < 19) return false;
  if (s.charCodeAt(at + 4) !== 45 || s.charCodeAt(at + 7) !== 45 || s.charCodeAt(at + 10) !== 32) return false; // - - space
  if (s.charCodeAt(at + 13) !== 58 || s.charCodeAt(at + 16) !== 58) return false; // : :
  const year = num(s, at, 4);
  const month = num(s, at + 5, 2);
  const day = num(s, at + 8, 2);
  const hour = num(s, at + 11, 2);
  const minute = num(s, at + 14, 2);
  const second = num(s, at + 17, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  return day <= daysInMonth(year, month);
}

/** `yyyy-MM-dd…` → `yyyyMMdd` (the row key's day). */
export function dayKey(time: string): string {
  return time.slice(0, 4) + time.slice(5, 7) + time.slice(8, 10);
}

/** A Date's local wall-clock time as `yyyy-MM-dd HH:mm:ss`. */
export function formatLocalTime(d: Date): string {
  const p = (n: number) => (n < 10 ? `0${n}` : String(n));
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * A line's event time in ms: its written wall-clock time (`yyyy-MM-dd HH:mm:ss`) read as if it were UTC. The log
 * has no time zone, and counting never converts it; read this way no window shifts with a zone or a DST change.
 */
export function eventTimeMs(time: string): number {
  if (!isCalendarTime(time) || time.length !== 19) throw new RangeError(`Expected yyyy-MM-dd HH:mm:ss, got ${JSON.stringify(time)}`);
  return Date.UTC(num(time, 0, 4), num(time, 5, 2) - 1, num(time, 8, 2), num(time, 11, 2), num(time, 14, 2), num(time, 17, 2));
}

/** The `yyyy-MM-dd HH:mm:ss` whose event time is `ms` (eventTimeMs's inverse, to the second). */
export function formatEventTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}
