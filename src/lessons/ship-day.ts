import * as fs from 'node:fs';
import * as path from 'node:path';
import { labPaths, type LabConfig } from '../config';
import { LabError } from '../errors';
import { generateBulk, type TruthSummary } from '../generator';
import type { HBaseClient } from '../hbase';
import { verifyTotals } from '../stream/verify';
import { freshDay } from './fresh-day';
import { sleep } from '../util/wait';
import { openStore, type ClickTotals, type StoreName } from '../stores';

export interface ShippedDay {
  /** `yyyyMMdd`: the row-key prefix of the (first) day's counters. */
  day: string;
  truth: TruthSummary;
  /** File in Flume's directory → HBase equal to the ground truth. */
  ms: number;
  /** The same, per store waited for (`stores`). */
  msByStore: Partial<Record<StoreName, number>>;
}

export interface ShipDayOptions {
  lines?: number;
  seed?: string;
  /** `yyyy-MM-dd`; default a fresh day (see fresh-day.ts) no one else writes. */
  day?: string;
  malformedRate?: number;
  timeoutMs?: number;
  /** Consecutive days from `day` (default 1). */
  days?: number;
  /** The stores that must hold the ground truth before it returns (default HBase only). */
  stores?: StoreName[];
}

/**
 * A day of generated clicks through the whole pipeline: a file of `lines` lines appears in Flume's tailed
 * directory at once (written aside, then renamed), and we wait until HBase's counters for that day equal
 * the generator's ground truth, row by row. Lessons use it to have data to look at; it needs the lab up.
 */
export async function shipDay(cfg: LabConfig, hbase: HBaseClient, opts: ShipDayOptions = {}): Promise<ShippedDay> {
  const dayDashed = opts.day ?? freshDay();
  const seed = opts.seed ?? `day-${Date.now().toString(36)}`;
  const paths = labPaths(cfg);
  fs.mkdirSync(paths.flumeLogDir, { recursive: true });
  const staging = path.join(paths.home, `${seed}.staging`);
  const truth = await generateBulk(
    { seed, lines: opts.lines ?? 20_000, startDay: dayDashed, days: opts.days ?? 1, malformedRate: opts.malformedRate ?? 0.02, projectRoot: cfg.projectRoot },
    staging,
  );
  const began = Date.now();
  fs.renameSync(staging, path.join(paths.flumeLogDir, `${seed}.log`));
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const msByStore: Partial<Record<StoreName, number>> = {};
  await Promise.all(
    (opts.stores ?? ['hbase']).map(async (store) => {
      const opened = store === 'hbase' ? { totals: hbase, close: async () => undefined } : await openStore(cfg, store);
      try {
        msByStore[store] = await untilTruth(opened.totals, cfg, truth, began, timeoutMs, storeFailure(store));
      } finally {
        await opened.close();
      }
    }),
  );
  return { day: dayDashed.replace(/-/g, ''), truth, ms: msByStore.hbase ?? Date.now() - began, msByStore };
}

/** What to say when a store never reaches the truth: whose totals, and what to check. */
export interface ExactFailure {
  what: string;
  hint: string;
}

/** Polls a store until it equals the truth; the milliseconds since `began`. */
export async function untilTruth(totals: HBaseClient | ClickTotals, cfg: LabConfig, truth: TruthSummary, began: number, timeoutMs: number, failure: ExactFailure): Promise<number> {
  for (;;) {
    const diffs = await verifyTotals(totals, cfg, truth);
    if (diffs.length === 0) return Date.now() - began;
    if (Date.now() - began > timeoutMs) {
      throw new LabError(`${failure.what} did not reach the ground truth of ${truth.days.join(', ')} within ${timeoutMs} ms (${diffs.length} rows differ)`, { hint: failure.hint });
    }
    await sleep(200);
  }
}

function storeFailure(store: StoreName): ExactFailure {
  const job = store === 'hbase' ? 'stream-1' : 'sql-1';
  return {
    what: store === 'hbase' ? 'HBase' : 'The SQL store',
    hint: `Is the whole pipeline running? \`lab status\` should show flume and ${job} healthy; \`lab up\` starts what is missing.`,
  };
}
