import { LabError } from '../errors';
import { PLOTLY_MIME, type PlotlyFigure } from './figure';

interface TslabDisplay {
  raw(contentType: string, data: unknown): void;
}

/**
 * Shows a figure as the cell's output in a tslab notebook. JupyterLab renders the plotly MIME type
 * interactively, and the figure stays in the saved .ipynb. Outside a notebook kernel it says so.
 */
export function showFigure(figure: PlotlyFigure): void {
  let display: TslabDisplay;
  try {
    // Loaded lazily: the CLI and the tests never need the kernel's module.
    display = (require('tslab') as { display: TslabDisplay }).display;
  } catch (err) {
    throw new LabError('showFigure needs the tslab package', { cause: err, hint: 'Run `npm ci` in the checkout.' });
  }
  try {
    // A JSON MIME type carries the object itself (not a string): that is what plotly's renderer reads.
    display.raw(PLOTLY_MIME, figure);
  } catch (err) {
    throw new LabError('showFigure works only inside a tslab notebook kernel', {
      cause: err,
      hint: 'Open the notebook with `lab notebook`; elsewhere, write the figure out with JSON.stringify(figure).',
    });
  }
}
