import { MissingSolutionError } from 'clickstream-lab';

/** Exercise 01.1: how many well-formed lines have each HTTP status (malformed lines are not counted). */
export function statusCounts(lines: readonly string[]): Record<number, number> {
  throw new MissingSolutionError('01.1 status counts', 'parseLine(line) returns { ok: true, record } for a well-formed line; count record.status.');
}

/** Exercise 01.2: the n courses with the most clicks, most first (ties: smaller course id first). */
export function topCourses(lines: readonly string[], n: number): { courseId: number; clicks: number }[] {
  throw new MissingSolutionError('01.2 top courses', 'courseIdOf(record.path) gives the course id of a course click (undefined otherwise); count, sort, slice.');
}

export interface CampaignBatch {
  lines: string[];
  /** Counted while drawing (not by parsing the lines): clicks per course id, and per search-engine host. */
  truth: { courses: Record<number, number>; engines: Record<string, number> };
}

/**
 * Exercise 01.3: `n` course-format lines of a campaign on `day` (`yyyy-MM-dd`), drawn from `new Random(seed)`:
 * each a `GET /class/<id>.html HTTP/1.1` answered 200, for a course drawn uniformly from `courseIds`, at times
 * that do not go backwards within the day; a share `searchShare` of them (drawn per line) referred by a search
 * engine drawn from `engines` (`https://<host>/s?wd=<keyword>`), the others without referer. Same seed, same lines.
 */
export function campaignBatch(seed: string, day: string, n: number, courseIds: readonly number[], engines: readonly string[], searchShare: number): CampaignBatch {
  throw new MissingSolutionError('01.3 campaign generator', "Draw everything from one `new Random(seed)` (rng.int(k), rng.float()), never Math.random. Build each line with formatLine({ ip, time, method: 'GET', path, protocol: 'HTTP/1.1', status: 200, referer }), and count into truth as you draw.");
}

/**
 * Exercise 01.4: the course's cron job. Calls `appendBatch(i)` for i = 0 … times−1: the first at once, batch i
 * at start + i × seconds by the clock, however long the earlier ones took; a batch never starts before the
 * previous one has finished (a late one delays the next start, and only that). Resolves with the time
 * (`Date.now()`) each batch started, once the last one has finished.
 */
export async function everySeconds(seconds: number, times: number, appendBatch: (i: number) => Promise<void> | void): Promise<number[]> {
  throw new MissingSolutionError('01.4 every N seconds', 'Remember start = Date.now(); for batch i wait until start + i * seconds * 1000 (or not at all if that time has passed), note Date.now(), then await appendBatch(i).');
}
