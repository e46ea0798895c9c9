import { MissingSolutionError } from 'clickstream-lab';

/** Exercise 01.1: how many well-formed lines have each HTTP status (malformed lines are not counted). */
export function statusCounts(lines: readonly string[]): Record<number, number> {
  throw new MissingSolutionError('01.1 status counts', 'parseLine(line) returns { ok: true, record } for a well-formed line; count record.status.');
}

/** Exercise 01.2: the n courses with the most clicks, most first (ties: smaller course id first). */
export function topCourses(lines: readonly string[], n: number): { courseId: number; clicks: number }[] {
  throw new MissingSolutionError('01.2 top courses', 'courseIdOf(record.path) gives the course id of a course click (undefined otherwise); count, sort, slice.');
}
