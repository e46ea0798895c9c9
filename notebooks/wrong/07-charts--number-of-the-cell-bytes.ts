// Wrong on purpose (07.2 engine mix from rows): reads the count with Number(cell). The cell is the 8 bytes of a
// big-endian long (what HBase's increment writes), not text: Number() of those bytes is NaN, and so is every bar.
import { COUNT_COLUMN, parseSearchRowKey, readCounter, type HRow, type PlotlyFigure, type SearchClicks } from 'clickstream-lab';

export interface EngineShare {
  engine: string;
  clicks: number;
  /** This engine's fraction of all search clicks, 0 … 1. */
  share: number;
}

/** Exercise 07.1: clicks per search engine over all courses, with each engine's share; most clicks first. */
export function engineShares(search: readonly SearchClicks[]): EngineShare[] {
  const totals = new Map<string, number>();
  for (const s of search) totals.set(s.engine, (totals.get(s.engine) ?? 0) + s.clicks);
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  return [...totals]
    .map(([engine, clicks]) => ({ engine, clicks, share: all === 0 ? 0 : clicks / all }))
    .sort((a, b) => b.clicks - a.clicks || a.engine.localeCompare(b.engine));
}

/**
 * Exercise 07.2: a stacked bar chart from the search table's raw HBase rows (`yyyyMMdd_<host>_<courseId>`, an
 * 8-byte count): the `n` courses with the most search clicks on the x axis (most first, labelled with their
 * names), one bar trace per search engine (named by its host) stacked on them.
 */
export function engineMixFigure(rows: readonly HRow[], names: ReadonlyMap<number, string>, n: number): PlotlyFigure {
  const clicks = new Map<string, Map<number, number>>(); // engine → course → clicks
  const perCourse = new Map<number, number>();
  for (const row of rows) {
    const key = parseSearchRowKey(row.key);
    if (!key) continue;
    const count = Number(row.cells[COUNT_COLUMN]);
    const byCourse = clicks.get(key.engine) ?? new Map<number, number>();
    byCourse.set(key.courseId, (byCourse.get(key.courseId) ?? 0) + count);
    clicks.set(key.engine, byCourse);
    perCourse.set(key.courseId, (perCourse.get(key.courseId) ?? 0) + count);
  }
  const top = [...perCourse].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, n).map(([id]) => id);
  const x = top.map((id) => names.get(id) ?? `course ${id}`);
  return {
    data: [...clicks.keys()].sort().map((engine) => ({ type: 'bar', name: engine, x, y: top.map((id) => clicks.get(engine)?.get(id) ?? 0) })),
    layout: { title: { text: `Search clicks of the top ${n} courses, by engine` }, barmode: 'stack' },
  };
}
