import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabConfig } from '../config';
import { LabError } from '../errors';
import type { TruthSummary } from '../generator';
import type { HBaseClient } from '../hbase';
import { sparkTablesConfig } from '../spark/progress';
import { hbaseTotals } from '../stores';
import { untilTruth } from './ship-day';

/** Lesson 10's helpers: the Spark job beside the lab's, on the same data. */

/** Milliseconds from `began` until the Spark job's tables equal `truth`, row by row. */
export function untilSparkExact(cfg: LabConfig, hbase: HBaseClient, truth: TruthSummary, began: number, timeoutMs = 180_000): Promise<number> {
  return untilTruth(hbaseTotals(hbase, sparkTablesConfig(cfg)), cfg, truth, began, timeoutMs, {
    what: "The Spark job's tables",
    hint: '`lab spark status` shows whether it runs and its last batches; its log is logs/spark.log under LAB_HOME. `lab spark start` starts it.',
  });
}

/** Both jobs' figures from one `npm run bench` run (its `sparkThroughput`, `freshness` and `sparkFreshness`). */
export interface JobFigures {
  /** Which file they come from, and when that run was. */
  source: string;
  at: string;
  linesPerSec: { lab: number; spark: number };
  freshness: { lab: { p50Ms: number; p99Ms: number }; spark: { p50Ms: number; p99Ms: number; triggerMs: number } };
}

/**
 * The bench's figures for the two jobs: this checkout's own run (`bench-results/bench.json`) when there is one,
 * otherwise the run recorded in docs/ (`docs/bench-results.json`, the run the README's table reports).
 */
export function benchJobFigures(cfg: Pick<LabConfig, 'projectRoot'>): JobFigures {
  for (const file of [path.join('bench-results', 'bench.json'), path.join('docs', 'bench-results.json')]) {
    const full = path.join(cfg.projectRoot, file);
    if (!fs.existsSync(full)) continue;
    const r = JSON.parse(fs.readFileSync(full, 'utf8')) as Record<string, Record<string, number> | string | undefined>;
    const t = r.sparkThroughput as Record<string, number> | undefined;
    const lab = r.freshness as Record<string, number> | undefined;
    const spark = r.sparkFreshness as Record<string, number> | undefined;
    if (!t || !lab || !spark) continue; // a run from before the Spark job
    return {
      source: file,
      at: String(r.at),
      linesPerSec: { lab: t.labJobLinesPerSec as number, spark: t.sparkJobLinesPerSec as number },
      freshness: { lab: { p50Ms: lab.p50Ms as number, p99Ms: lab.p99Ms as number }, spark: { p50Ms: spark.p50Ms as number, p99Ms: spark.p99Ms as number, triggerMs: spark.triggerMs as number } },
    };
  }
  throw new LabError('No benchmark figures for the Spark job were found', { hint: 'Run `npm run bench` (about 10 minutes): it writes bench-results/bench.json.' });
}
