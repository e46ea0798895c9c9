import { MissingSolutionError } from 'clickstream-lab';

/** Exercise 04.1: how many malformed lines there are per reason code ('missing-field', 'bad-time', …). */
export function reasonCounts(lines: readonly string[]): Record<string, number> {
  throw new MissingSolutionError('04.1 reason counts', "parseLine(line) gives { ok: false, reason } for a malformed line; count the reasons. (In a notebook, narrow with `'reason' in result`: tslab checks types without strictNullChecks.)");
}

/** Exercise 04.2: split messages into consecutive micro-batches of at most maxLines each, keeping their order. */
export function microBatches<T>(messages: readonly T[], maxLines: number): T[][] {
  throw new MissingSolutionError('04.2 micro-batches', 'Slice messages [0, maxLines), [maxLines, 2·maxLines), …; no empty batches.');
}

/** Exercise 04.3: a course_clickcount row key (yyyyMMdd_courseId) enriched for display. */
export function enrichRow(rowKey: string, names: ReadonlyMap<number, string>): { day: string; courseId: number; course: string } {
  throw new MissingSolutionError('04.3 enrich a row', "parseCourseRowKey(rowKey) splits the key; the day becomes yyyy-MM-dd; the name comes from names, or 'course <id>' when unknown.");
}
