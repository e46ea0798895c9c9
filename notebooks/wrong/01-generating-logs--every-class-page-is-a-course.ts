// Wrong on purpose (01.2 top courses): treats every page under /class/ as a course and reads the id with parseInt:
// /class/list.html is not a course click (courseIdOf knows the rule), and it adds a course `NaN`.
import { courseIdOf, formatLine, parseLine, Random } from 'clickstream-lab';

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
    const id = p.ok && p.record.path.startsWith('/class/') ? parseInt(p.record.path.slice(7), 10) : undefined;
    if (id !== undefined) clicks.set(id, (clicks.get(id) ?? 0) + 1);
  }
  return [...clicks]
    .map(([courseId, c]) => ({ courseId, clicks: c }))
    .sort((a, b) => b.clicks - a.clicks || a.courseId - b.courseId)
    .slice(0, n);
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
  const rng = new Random(seed);
  const lines: string[] = [];
  const truth: CampaignBatch['truth'] = { courses: {}, engines: {} };
  const keywords = ['spark', 'hbase', 'kafka', 'flume'];
  for (let i = 0; i < n; i++) {
    const second = Math.floor((i * 86_400) / n); // spread over the day, never backwards
    const clock = [second / 3600, (second / 60) % 60, second % 60].map((x) => String(Math.floor(x)).padStart(2, '0')).join(':');
    const courseId = courseIds[rng.int(courseIds.length)] as number;
    const ip = `10.${rng.int(256)}.${rng.int(256)}.${1 + rng.int(254)}`;
    let referer: string | null = null;
    if (rng.float() < searchShare) {
      const host = engines[rng.int(engines.length)] as string;
      referer = `https://${host}/s?wd=${keywords[rng.int(keywords.length)]}`;
      truth.engines[host] = (truth.engines[host] ?? 0) + 1;
    }
    truth.courses[courseId] = (truth.courses[courseId] ?? 0) + 1;
    lines.push(formatLine({ ip, time: `${day} ${clock}`, method: 'GET', path: `/class/${courseId}.html`, protocol: 'HTTP/1.1', status: 200, referer }));
  }
  return { lines, truth };
}

/**
 * Exercise 01.4: the course's cron job. Calls `appendBatch(i)` for i = 0 … times−1: the first at once, batch i
 * at start + i × seconds by the clock, however long the earlier ones took; a batch never starts before the
 * previous one has finished (a late one delays the next start, and only that). Resolves with the time
 * (`Date.now()`) each batch started, once the last one has finished.
 */
export async function everySeconds(seconds: number, times: number, appendBatch: (i: number) => Promise<void> | void): Promise<number[]> {
  const start = Date.now();
  const starts: number[] = [];
  for (let i = 0; i < times; i++) {
    const wait = start + i * seconds * 1000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    starts.push(Date.now());
    await appendBatch(i);
  }
  return starts;
}
