import { MissingSolutionError, type CourseClicks, type PlotlyFigure, type SearchClicks } from 'clickstream-lab';

export interface EngineShare {
  engine: string;
  clicks: number;
  /** This engine's fraction of all search clicks, 0 … 1. */
  share: number;
}

/** Exercise 07.1: clicks per search engine over all courses, with each engine's share; most clicks first. */
export function engineShares(search: readonly SearchClicks[]): EngineShare[] {
  throw new MissingSolutionError('07.1 engine shares', 'Sum clicks per s.engine in a Map, divide each by the grand total, sort by clicks descending (ties: engine name).');
}

/** Exercise 07.2: a horizontal bar chart of the `n` most clicked courses, the most clicked on top, bars labelled with course names. */
export function topCoursesFigure(courses: readonly CourseClicks[], n: number): PlotlyFigure {
  throw new MissingSolutionError('07.2 top courses figure', 'A horizontal bar chart of the n courses with the most clicks, the largest at the top. Look at how courseClicksFigure in the lesson builds its figure, and mind which end of the y axis plotly draws first.');
}
