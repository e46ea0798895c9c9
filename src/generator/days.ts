/** Day arithmetic on `yyyy-MM-dd` strings, in UTC so that no time zone or DST shift moves a day. */
export function parseDay(day: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(NaN);
  if (!m || d.toISOString().slice(0, 10) !== day) throw new RangeError(`Expected a real day as yyyy-MM-dd, got \`${day}\``);
  return d;
}

/** `count` consecutive days from `start`, as `yyyy-MM-dd`. */
export function dayRange(start: string, count: number): string[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`Expected a whole number of days >= 1, got ${count}`);
  const first = parseDay(start).getTime();
  return Array.from({ length: count }, (_, i) => new Date(first + i * 86_400_000).toISOString().slice(0, 10));
}

export const compactDay = (day: string) => day.replace(/-/g, '');
