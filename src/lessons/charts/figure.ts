import type { PlotlyFigure } from '../plotly';

/**
 * A plotly.js figure as plain JSON: what `Plotly.newPlot(el, data, layout)` takes, and what a notebook
 * stores under plotly's MIME type (`showPlotly` draws it). Builders are pure: same rows in, same figure out.
 */
export interface PlotlyTrace {
  type: 'bar' | 'pie' | 'scatter' | 'histogram';
  [key: string]: unknown;
}

/** What the lab's figure builders return: a PlotlyFigure with typed traces and a layout. */
export interface ChartFigure extends PlotlyFigure {
  data: PlotlyTrace[];
  layout: Record<string, unknown>;
}

/** Thousands separators, as the dashboard prints them. */
export const formatCount = (n: number) => n.toLocaleString('en-US');
