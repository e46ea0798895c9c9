// Wrong on purpose (08.3 a panel of your own): scans the whole search table instead of the day's prefix. On a
// lab with one day it looks right; with more days it adds them all up, and it reads every row ever written.
import { COUNT_COLUMN, parseSearchRowKey, readCounter, type CourseClicks, type HBaseClient } from 'clickstream-lab';

/**
 * Exercise 08.1: the dashboard's course clicks for `day` (`yyyyMMdd`), from its HTTP API at `baseUrl`
 * (e.g. http://127.0.0.1:3000/). An answer that is not 2xx must throw an Error carrying the API's message.
 */
export async function fetchCourseClicks(baseUrl: string, day: string): Promise<CourseClicks[]> {
  const res = await fetch(new URL(`api/courses?day=${encodeURIComponent(day)}`, baseUrl));
  const body = (await res.json()) as CourseClicks[] | { error: string };
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${(body as { error: string }).error}`);
  return body as CourseClicks[];
}

/** Exercise 08.2: the p-quantile (0 ≤ p ≤ 1) of `samples` by the nearest-rank method; NaN for no samples. */
export function nearestRank(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] as number;
}

/**
 * Exercise 08.3: the rows of a dashboard panel, "top search engines of the day": the `n` engines with the most
 * search clicks on `day` (`yyyyMMdd`) in the search table `table`, summed over courses, most first (ties: by
 * host), as `{ label: host, value: clicks }`. One prefix scan.
 */
export async function topEngines(hbase: HBaseClient, table: string, day: string, n: number): Promise<{ label: string; value: number }[]> {
  const clicks = new Map<string, number>();
  for await (const row of hbase.scan(table, {})) {
    const key = parseSearchRowKey(row.key);
    if (key) clicks.set(key.engine, (clicks.get(key.engine) ?? 0) + Number(readCounter(row, COUNT_COLUMN)));
  }
  return [...clicks]
    .map(([label, value]) => ({ label, value }))
    .sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : 1))
    .slice(0, n);
}
