import type { CourseClicks, SearchClicks } from '../../dashboard/queries';
import { readCounter, type HRow } from '../../hbase';
import { parseCourseRowKey, parseSearchRowKey } from '../../schema';
import { COUNT_COLUMN } from '../../schema';
import { formatCount, type ChartFigure } from './figure';

/** course_clickcount rows (`yyyyMMdd_courseId`) → clicks per course with names, largest first. */
export function courseClicksFromRows(rows: readonly HRow[], names: ReadonlyMap<number, string>): CourseClicks[] {
  const out: CourseClicks[] = [];
  for (const row of rows) {
    const k = parseCourseRowKey(row.key);
    if (!k) continue;
    out.push({ courseId: k.courseId, name: names.get(k.courseId) ?? `course ${k.courseId}`, clicks: Number(readCounter(row, COUNT_COLUMN)) });
  }
  return out.sort((a, b) => b.clicks - a.clicks || a.courseId - b.courseId);
}

/** course_search_clickcount rows (`yyyyMMdd_host_courseId`) → clicks per engine and course. */
export function searchClicksFromRows(rows: readonly HRow[]): SearchClicks[] {
  const out: SearchClicks[] = [];
  for (const row of rows) {
    const k = parseSearchRowKey(row.key);
    if (k) out.push({ engine: k.engine, courseId: k.courseId, clicks: Number(readCounter(row, COUNT_COLUMN)) });
  }
  return out.sort((a, b) => b.clicks - a.clicks || a.engine.localeCompare(b.engine) || a.courseId - b.courseId);
}

/** Clicks per search engine over all courses, largest first (ties by name). */
export function clicksByEngine(search: readonly SearchClicks[]): { engine: string; clicks: number }[] {
  const totals = new Map<string, number>();
  for (const s of search) totals.set(s.engine, (totals.get(s.engine) ?? 0) + s.clicks);
  return [...totals].map(([engine, clicks]) => ({ engine, clicks })).sort((a, b) => b.clicks - a.clicks || a.engine.localeCompare(b.engine));
}

const readableDay = (day: string) => (/^\d{8}$/.test(day) ? `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}` : day);

/** Horizontal bars, one per course, the most clicked on top, labelled `name (id)`. */
export function courseClicksFigure(courses: readonly CourseClicks[], day: string, opts: { top?: number } = {}): ChartFigure {
  const shown = [...courses].sort((a, b) => b.clicks - a.clicks || a.courseId - b.courseId).slice(0, opts.top ?? courses.length);
  const bottomUp = shown.reverse(); // plotly draws the first bar at the bottom
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        x: bottomUp.map((c) => c.clicks),
        y: bottomUp.map((c) => `${c.name} (${c.courseId})`),
        text: bottomUp.map((c) => formatCount(c.clicks)),
        textposition: 'auto',
        marker: { color: '#3f6fd8' },
        hovertemplate: '%{y}: %{x} clicks<extra></extra>',
      },
    ],
    layout: {
      title: { text: `Course clicks on ${readableDay(day)}` },
      xaxis: { title: { text: 'clicks' } },
      yaxis: { automargin: true },
      margin: { l: 20, r: 20, t: 50, b: 40 },
      height: Math.max(300, 28 * shown.length + 100),
    },
  };
}

/** A donut: each search engine's share of the day's search clicks. */
export function searchShareFigure(search: readonly SearchClicks[], day: string): ChartFigure {
  const byEngine = clicksByEngine(search);
  return {
    data: [
      {
        type: 'pie',
        hole: 0.35,
        labels: byEngine.map((e) => e.engine),
        values: byEngine.map((e) => e.clicks),
        sort: false,
        textinfo: 'label+percent',
      },
    ],
    layout: { title: { text: `Clicks from search engines on ${readableDay(day)}` }, margin: { l: 20, r: 20, t: 50, b: 20 }, height: 420 },
  };
}
