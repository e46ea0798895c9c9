/**
 * A plotly.js figure as plain JSON: what `Plotly.newPlot(el, data, layout)` takes, and what Jupyter stores
 * under the `application/vnd.plotly.v1+json` MIME type (JupyterLab renders it with plotly's extension, and a
 * saved notebook keeps it). Builders are pure: same rows in, same figure out.
 */
export interface PlotlyTrace {
  type: 'bar' | 'pie' | 'scatter' | 'histogram';
  [key: string]: unknown;
}

export interface PlotlyFigure {
  data: PlotlyTrace[];
  layout: Record<string, unknown>;
}

export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

/** Thousands separators, as the dashboard prints them. */
export const formatCount = (n: number) => n.toLocaleString('en-US');
