import { LabError } from '../errors';

/** The MIME type JupyterLab's plotly renderer (shipped by the `plotly` Python package) draws. */
export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** The figure as the output bundle stores it; checks its shape so a bad figure fails here, not as a blank cell. */
export function plotlyBundle(fig: PlotlyFigure): Required<PlotlyFigure> {
  if (!fig || !Array.isArray(fig.data) || fig.data.length === 0) {
    throw new LabError(`Expected a plotly figure with at least one trace in \`data\`, got ${JSON.stringify(fig)?.slice(0, 120)}`, {
      hint: 'Pass { data: [{ type: "bar", x: [...], y: [...] }], layout: { title: { text: "..." } } }.',
    });
  }
  return { data: fig.data, layout: fig.layout ?? {}, config: fig.config ?? {} };
}

/**
 * Shows a plotly figure in the notebook: one `display_data` output with the plotly MIME type, which
 * JupyterLab renders and a saved notebook keeps. Only works inside the tslab kernel.
 */
export function showPlotly(fig: PlotlyFigure): void {
  const bundle = plotlyBundle(fig);
  // Loaded lazily: the CLI and the tests never need the kernel's display module.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tslab = require('tslab') as typeof import('tslab');
  try {
    tslab.display.raw(PLOTLY_MIME, bundle as unknown as string);
  } catch (err) {
    throw new LabError('showPlotly() draws only inside a notebook (the tslab kernel)', {
      hint: 'Run it in a notebook cell; elsewhere, use plotlyBundle(fig) for the JSON.',
      cause: err,
    });
  }
}
