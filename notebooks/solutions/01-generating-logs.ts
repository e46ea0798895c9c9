import { courseIdOf, parseLine } from 'clickstream-lab';

/** Exercise 01.1: how many well-formed lines have each HTTP status (malformed lines are not counted). */
export function statusCounts(lines: readonly string[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const line of lines) {
    const p = parseLine(line);
    if (p.ok) counts[p.record.status] = (counts[p.record.status] ?? 0) + 1;
  }
  return counts;
}

/** Exercise 01.2: the n courses with the most clicks, most first (ties: smaller course id first). */
export function topCourses(lines: readonly string[], n: number): { courseId: number; clicks: number }[] {
  const clicks = new Map<number, number>();
  for (const line of lines) {
    const p = parseLine(line);
    const id = p.ok ? courseIdOf(p.record.path) : undefined;
    if (id !== undefined) clicks.set(id, (clicks.get(id) ?? 0) + 1);
  }
  return [...clicks]
    .map(([courseId, c]) => ({ courseId, clicks: c }))
    .sort((a, b) => b.clicks - a.clicks || a.courseId - b.courseId)
    .slice(0, n);
}
