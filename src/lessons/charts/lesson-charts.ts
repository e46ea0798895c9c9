import type { WindowMeasurement, WriteMeasurement } from '../region-stats';
import type { CrashDrillResult } from '../crash-drill';
import type { ChartFigure } from './figure';

/** Lesson 05: the ground truth next to what HBase holds after each drill's crash and restart. */
export function crashDrillFigure(results: readonly CrashDrillResult[]): ChartFigure {
  const x = results.map((r) => r.delivery);
  return {
    data: [
      { type: 'bar', name: 'ground truth', x, y: results.map((r) => r.truth), marker: { color: '#999999' } },
      { type: 'bar', name: 'in HBase after the crash', x, y: results.map((r) => r.afterCrash), marker: { color: '#f0a030' } },
      { type: 'bar', name: 'in HBase after the restart', x, y: results.map((r) => r.final), marker: { color: '#3f6fd8' } },
    ],
    layout: { title: { text: 'Course clicks of the drill day: kill -9, restart, replay' }, barmode: 'group', yaxis: { title: { text: 'clicks' } }, height: 400 },
  };
}

/** Lesson 06: writes each region took, one group of bars per table. */
export function regionWritesFigure(measurements: readonly WriteMeasurement[]): ChartFigure {
  return {
    data: measurements.map((m) => ({
      type: 'bar' as const,
      name: m.table,
      x: m.deltas.map((d, i) => `region ${i}: [${d.startKey || '∅'}, ${d.endKey || '∅'})`),
      y: m.deltas.map((d) => d.writes),
    })),
    layout: {
      title: { text: 'Write requests per region' },
      barmode: 'group',
      xaxis: { title: { text: 'region [start key, end key)' } },
      yaxis: { title: { text: 'write requests' } },
      height: 420,
    },
  };
}

/** Lesson 06: per time window, the share of its writes that the busiest region took, one line per table. */
export function hottestRegionFigure(windows: readonly WindowMeasurement[], names: readonly string[]): ChartFigure {
  return {
    data: names.map((name, i) => ({
      type: 'scatter' as const,
      mode: 'lines+markers',
      name,
      x: windows.map((w) => w.label),
      y: windows.map((w) => w.tables[i]?.spread.hottestShare ?? 0),
    })),
    layout: {
      title: { text: "The busiest region's share of each window's writes" },
      xaxis: { title: { text: 'traffic window (time order)' } },
      yaxis: { title: { text: 'share of the writes (1 = one region took all)' }, range: [0, 1.05] },
      height: 380,
    },
  };
}

/** Lesson 08: each freshness sample — how late a click became visible — over the run. */
export function freshnessFigure(series: readonly { atMs: number; delayMs: number }[], title: string): ChartFigure {
  return {
    data: [
      {
        type: 'scatter',
        mode: 'markers',
        x: series.map((s) => s.atMs / 1000),
        y: series.map((s) => s.delayMs),
        marker: { color: '#1b9e77', size: 5 },
        hovertemplate: 't=%{x:.1f}s: %{y} ms<extra></extra>',
      },
    ],
    layout: {
      title: { text: title },
      xaxis: { title: { text: 'seconds into the run' } },
      yaxis: { title: { text: 'line written → counted in HBase (ms)' }, rangemode: 'tozero' },
      height: 380,
    },
  };
}

/** Lesson 09: each question's median latency from each store (log scale: they can differ by orders of magnitude). */
export function storeLatencyFigure(rows: readonly { question: string; hbaseMs: number; sqlMs: number }[]): ChartFigure {
  const x = rows.map((r) => r.question);
  return {
    data: [
      { type: 'bar', name: 'HBase', x, y: rows.map((r) => r.hbaseMs), marker: { color: '#3f6fd8' } },
      { type: 'bar', name: 'SQL (MariaDB)', x, y: rows.map((r) => r.sqlMs), marker: { color: '#f0a030' } },
    ],
    layout: { title: { text: 'The same question from each store: median latency' }, barmode: 'group', yaxis: { title: { text: 'ms (log scale)' }, type: 'log' }, height: 400 },
  };
}

/** Lesson 10: the two jobs side by side, throughput (lines/s) and freshness (p50, p99), as two panels of bars. */
export function jobComparisonFigure(f: { linesPerSec: { lab: number; spark: number }; freshness: { lab: { p50Ms: number; p99Ms: number }; spark: { p50Ms: number; p99Ms: number } } }, title: string): ChartFigure {
  const jobs = ["the lab's job", 'the Spark job'];
  return {
    data: [
      { type: 'bar', name: 'lines/s, exact', x: jobs, y: [f.linesPerSec.lab, f.linesPerSec.spark], marker: { color: '#3f6fd8' }, xaxis: 'x', yaxis: 'y' },
      { type: 'bar', name: 'freshness p50', x: jobs, y: [f.freshness.lab.p50Ms, f.freshness.spark.p50Ms], marker: { color: '#1b9e77' }, xaxis: 'x2', yaxis: 'y2' },
      { type: 'bar', name: 'freshness p99', x: jobs, y: [f.freshness.lab.p99Ms, f.freshness.spark.p99Ms], marker: { color: '#d95f02' }, xaxis: 'x2', yaxis: 'y2' },
    ],
    layout: {
      title: { text: title },
      grid: { rows: 1, columns: 2, pattern: 'independent' },
      yaxis: { title: { text: 'lines/s (more is better)' }, rangemode: 'tozero' },
      yaxis2: { title: { text: 'line written → counted, ms (less is better)' }, rangemode: 'tozero' },
      barmode: 'group',
      height: 400,
    },
  };
}
