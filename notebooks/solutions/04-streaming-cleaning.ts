import { parseCourseRowKey, parseLine } from 'clickstream-lab';

/** Exercise 04.1: how many malformed lines there are per reason code ('missing-field', 'bad-time', …). */
export function reasonCounts(lines: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of lines) {
    const p = parseLine(line);
    // tslab type-checks without strictNullChecks, where `!p.ok` does not narrow; `in` does.
    if ('reason' in p) counts[p.reason] = (counts[p.reason] ?? 0) + 1;
  }
  return counts;
}

/** Exercise 04.2: split messages into consecutive micro-batches of at most maxLines each, keeping their order. */
export function microBatches<T>(messages: readonly T[], maxLines: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < messages.length; i += maxLines) batches.push(messages.slice(i, i + maxLines));
  return batches;
}

/** Exercise 04.3: a course_clickcount row key (yyyyMMdd_courseId) enriched for display. */
export function enrichRow(rowKey: string, names: ReadonlyMap<number, string>): { day: string; courseId: number; course: string } {
  const k = parseCourseRowKey(rowKey);
  if (!k) throw new Error(`not a course row key: ${rowKey}`);
  const day = `${k.day.slice(0, 4)}-${k.day.slice(4, 6)}-${k.day.slice(6, 8)}`;
  return { day, courseId: k.courseId, course: names.get(k.courseId) ?? `course ${k.courseId}` };
}
