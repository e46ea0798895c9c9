import { type CourseClicks } from 'clickstream-lab';

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
