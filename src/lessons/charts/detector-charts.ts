import type { Confusion } from '../detector';
import type { ChartFigure } from './figure';

/** Lesson 11: the forest's feature importances, largest on top. */
export function featureImportanceFigure(importances: readonly { feature: string; importance: number }[]): ChartFigure {
  const sorted = [...importances].sort((a, b) => a.importance - b.importance);
  return {
    data: [{ type: 'bar', orientation: 'h', x: sorted.map((f) => f.importance), y: sorted.map((f) => f.feature), marker: { color: '#3f6fd8' } }],
    layout: { title: { text: 'What the forest decides on: feature importance' }, xaxis: { title: { text: 'share of the impurity decrease' } }, margin: { l: 190 }, height: 380 },
  };
}

/** Lesson 11: precision and recall of the bot windows at each threshold, with the chosen one marked. */
export function thresholdFigure(curve: readonly Confusion[], chosen?: number): ChartFigure {
  const x = curve.map((c) => c.threshold);
  const data: ChartFigure['data'] = [
    { type: 'scatter', mode: 'lines+markers', name: 'precision', x, y: curve.map((c) => c.precision) },
    { type: 'scatter', mode: 'lines+markers', name: 'recall', x, y: curve.map((c) => c.recall) },
  ];
  if (chosen !== undefined) data.push({ type: 'scatter', mode: 'lines', name: `chosen ${chosen}`, x: [chosen, chosen], y: [0, 1], line: { dash: 'dot', color: '#999999' } });
  return { data, layout: { title: { text: 'Held-out windows: precision and recall by threshold' }, xaxis: { title: { text: 'threshold on the bot score' } }, yaxis: { range: [0, 1.05] }, height: 380 } };
}
