import { type CourseClicks, type PlotlyFigure, type SearchClicks } from 'clickstream-lab';

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

/** Exercise 07.2: a horizontal bar chart of the `n` most clicked courses, the most clicked on top, bars labelled with course names. */
export function topCoursesFigure(courses: readonly CourseClicks[], n: number): PlotlyFigure {
  const top = [...courses].sort((a, b) => b.clicks - a.clicks).slice(0, n).reverse();
  return {
    data: [{ type: 'bar', orientation: 'h', x: top.map((c) => c.clicks), y: top.map((c) => c.name) }],
    layout: { title: { text: `Top ${n} courses` }, yaxis: { automargin: true } },
  };
}
