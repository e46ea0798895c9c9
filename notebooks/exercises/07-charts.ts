import { MissingSolutionError, type HRow, type PlotlyFigure, type SearchClicks } from 'clickstream-lab';

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

/**
 * Exercise 07.2: a stacked bar chart from the search table's raw HBase rows (`yyyyMMdd_<host>_<courseId>`, an
 * 8-byte count): the `n` courses with the most search clicks on the x axis (most first, labelled with their
 * names), one bar trace per search engine (named by its host) stacked on them.
 */
export function engineMixFigure(rows: readonly HRow[], names: ReadonlyMap<number, string>, n: number): PlotlyFigure {
  throw new MissingSolutionError('07.2 engine mix from rows', 'Each row: the engine and course from its key, the count from its cell (an 8-byte big-endian number). Total per course to pick the top n; then one trace per engine whose y follows the same x; the layout decides how bars of several traces share an x.');
}
