import { MissingSolutionError, type HBaseClient, type CourseClicks } from 'clickstream-lab';

/**
 * Exercise 08.1: the dashboard's course clicks for `day` (`yyyyMMdd`), from its HTTP API at `baseUrl`
 * (e.g. http://127.0.0.1:3000/). An answer that is not 2xx must throw an Error carrying the API's message.
 */
export async function fetchCourseClicks(baseUrl: string, day: string): Promise<CourseClicks[]> {
  throw new MissingSolutionError('08.1 fetch course clicks', 'The lesson lists the API and what an error response looks like. Build the URL from baseUrl, and make a failure throw an Error that carries what the server said, not just its status.');
}

/** Exercise 08.2: the p-quantile (0 ≤ p ≤ 1) of `samples` by the nearest-rank method; NaN for no samples. */
export function nearestRank(samples: readonly number[], p: number): number {
  throw new MissingSolutionError('08.2 nearest-rank percentile', 'Sort a copy ascending; the answer is the sample at rank ceil(p × n) (1-based), at least rank 1.');
}

/**
 * Exercise 08.3: the rows of a dashboard panel, "top search engines of the day": the `n` engines with the most
 * search clicks on `day` (`yyyyMMdd`) in the search table `table`, summed over courses, most first (ties: by
 * host), as `{ label: host, value: clicks }`. One prefix scan.
 */
export async function topEngines(hbase: HBaseClient, table: string, day: string, n: number): Promise<{ label: string; value: number }[]> {
  throw new MissingSolutionError('08.3 a panel of your own', "Lesson 06's prefix scan, on the search table (row key yyyyMMdd_<host>_<courseId>): parseSearchRowKey(row.key) gives the engine, readCounter(row, COUNT_COLUMN) the clicks. Sum per engine, sort, keep n.");
}
