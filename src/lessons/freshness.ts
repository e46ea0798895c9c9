import * as fs from 'node:fs';
import * as path from 'node:path';
import { labPaths, type LabConfig } from '../config';
import { LabError } from '../errors';
import { generateLive } from '../generator';
import { readCounter, type HBaseClient } from '../hbase';
import { formatLine } from '../logformat';
import { COUNT_COLUMN } from '../schema';
import { freshDay } from './fresh-day';
import { weightedPercentile } from '../util/percentile';
import { sleep } from '../util/wait';

/**
 * End-to-end freshness: how long from a line written into Flume's tailed directory until its click is
 * counted in HBase (Flume → Kafka → streaming job → HBase). Needs the whole lab up, streaming job included.
 */

/** Sum of `info:click_count` over course_clickcount rows of one day (`yyyyMMdd`), by prefix scan. */
export async function dayTotal(hbase: HBaseClient, cfg: LabConfig, day: string): Promise<number> {
  let sum = 0;
  for await (const row of hbase.scan(cfg.tables.courseClicks, { prefix: `${day}_` })) sum += Number(readCounter(row, COUNT_COLUMN));
  return sum;
}

export interface ProbeResult {
  /** The day (`yyyyMMdd`) only this probe wrote to. */
  day: string;
  clicks: number;
  /** Written → all `clicks` visible in HBase. */
  ms: number;
}

export interface ProbeOptions {
  /** Course clicks written in one append (default 1). */
  clicks?: number;
  courseId?: number;
  timeoutMs?: number;
  /** How often HBase is read (default 10 ms). */
  pollMs?: number;
}

/**
 * One probe: appends `clicks` course-click lines for a fresh day (so no other traffic mixes in) to a file
 * in Flume's directory, then reads that day's total until all are counted.
 */
export async function probeFreshness(cfg: LabConfig, hbase: HBaseClient, opts: ProbeOptions = {}): Promise<ProbeResult> {
  const clicks = opts.clicks ?? 1;
  const dayDashed = freshDay();
  const day = dayDashed.replace(/-/g, '');
  const line = formatLine({
    ip: '10.0.0.8', time: `${dayDashed} 12:00:00`, method: 'GET', path: `/class/${opts.courseId ?? 112}.html`,
    protocol: 'HTTP/1.1', status: 200, referer: null,
  });
  const file = path.join(labPaths(cfg).flumeLogDir, 'freshness-probe.log');
  const began = performance.now();
  fs.appendFileSync(file, `${line}\n`.repeat(clicks));
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const seen = await dayTotal(hbase, cfg, day);
    if (seen >= clicks) return { day, clicks, ms: Math.round(performance.now() - began) };
    if (Date.now() > deadline) {
      throw new LabError(`A probe line written to Flume's directory was not counted in HBase within ${opts.timeoutMs ?? 30_000} ms (${seen} of ${clicks} clicks of day ${day})`, {
        hint: 'Is the whole pipeline running? `lab status` should show kafka, hbase, flume and stream-1 healthy; `lab up` starts what is missing.',
      });
    }
    await sleep(opts.pollMs ?? 10);
  }
}

export interface SteadyFreshness {
  rate: number;
  seconds: number;
  /** How many times the visible total grew. */
  samples: number;
  /** Over every click written: how long after it was written it first showed in the total. */
  p50Ms: number;
  p99Ms: number;
  /** Every click written was counted by the end. */
  allCounted: boolean;
  /** Each time the total grew: ms after the start of the run, and the delay of the newest click it showed. */
  series: { atMs: number; delayMs: number }[];
}

/** A moment the visible total was read, and what it was (clicks since the run began). */
export interface VisibleStep {
  at: number;
  visible: number;
}

/**
 * Every click's delay, in groups: each time the visible total grew, the clicks it newly showed, by the write (tick)
 * that had written them; their delay is the time between that write and the read that first showed them. A job
 * that makes clicks visible in large batches shows its newest click soon after the batch ends, but its oldest
 * waited the whole interval: only every click's delay tells the two apart.
 */
export function clickDelays(written: readonly { at: number; clicks: number }[], steps: readonly VisibleStep[]): { delayMs: number; clicks: number }[] {
  const out: { delayMs: number; clicks: number }[] = [];
  let tick = 0;
  let shown = 0;
  for (const step of steps) {
    while (tick < written.length && shown < step.visible) {
      const w = written[tick] as { at: number; clicks: number };
      const upTo = Math.min(w.clicks, step.visible);
      if (upTo > shown) {
        out.push({ delayMs: step.at - w.at, clicks: upTo - shown });
        shown = upTo;
      }
      if (w.clicks > step.visible) break; // the rest of this write shows in a later step
      tick++;
    }
  }
  return out;
}


/**
 * Freshness under a steady load: the live generator writes `rate` lines/s into Flume's directory (stamped
 * with the current time, as `lab demo` does) and reports how many course clicks it has written at each
 * moment; every 50 ms we read today's total from HBase and match it to the moment that many clicks had
 * been written. Other traffic for today (`lab demo`) would blur the match: run it alone.
 */
export async function measureFreshness(cfg: LabConfig, hbase: HBaseClient, rate: number, seconds: number): Promise<SteadyFreshness> {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const began = Date.now();
  const baseline = await dayTotal(hbase, cfg, day);
  const written: { at: number; clicks: number }[] = [];
  const gen = generateLive({
    seed: `fresh-${Date.now()}`, rate, durationMs: seconds * 1000, dir: labPaths(cfg).flumeLogDir, file: 'freshness.log',
    projectRoot: cfg.projectRoot, onTick: (_lines, clicks) => written.push({ at: Date.now(), clicks }),
  });
  let done = false;
  void gen.then(() => (done = true));
  const series: SteadyFreshness['series'] = [];
  const steps: VisibleStep[] = [];
  let lastVisible = 0;
  // Time after the last write for the last clicks to show: a job with a long trigger interval needs it.
  const stopAt = Date.now() + seconds * 1000 + 15_000;
  while (Date.now() < stopAt) {
    const visible = (await dayTotal(hbase, cfg, day)) - baseline;
    const at = Date.now();
    if (visible > lastVisible) {
      const w = written.find((x) => x.clicks >= visible);
      if (w) series.push({ atMs: at - began, delayMs: at - w.at });
      steps.push({ at, visible });
      lastVisible = visible;
    }
    if (done && visible >= (written[written.length - 1]?.clicks ?? 0)) break;
    await sleep(50);
  }
  await gen;
  const delays = clickDelays(written, steps);
  return {
    rate,
    seconds,
    samples: series.length,
    p50Ms: weightedPercentile(delays, 0.5),
    p99Ms: weightedPercentile(delays, 0.99),
    allCounted: lastVisible === (written[written.length - 1]?.clicks ?? -1),
    series,
  };
}
