import type { LabConfig } from '../config';
import type { TruthSummary } from '../generator';
import { readCounter, type HBaseClient } from '../hbase';
import { COUNT_COLUMN } from '../schema';

/** One row whose HBase total differs from the ground truth. */
export interface Difference {
  table: string;
  row: string;
  expected: number;
  actual: number;
}

async function totalsFor(hbase: HBaseClient, table: string, days: string[]): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (const day of days) {
    for await (const row of hbase.scan(table, { prefix: `${day}_` })) totals.set(row.key, Number(readCounter(row, COUNT_COLUMN)));
  }
  return totals;
}

/**
 * Compares HBase with a ground-truth summary over the truth's days: every expected row must hold exactly
 * its count, and no other row of those days may have clicks. Returns the differences (empty = exact).
 */
export async function verifyTotals(hbase: HBaseClient, cfg: LabConfig, truth: TruthSummary): Promise<Difference[]> {
  const diffs: Difference[] = [];
  const check = async (table: string, expected: Record<string, number>) => {
    const actual = await totalsFor(hbase, table, truth.days);
    for (const [row, n] of Object.entries(expected)) {
      const a = actual.get(row) ?? 0;
      if (a !== n) diffs.push({ table, row, expected: n, actual: a });
    }
    for (const [row, a] of actual) if (!(row in expected) && a !== 0) diffs.push({ table, row, expected: 0, actual: a });
  };
  await check(cfg.tables.courseClicks, truth.course);
  await check(cfg.tables.searchClicks, truth.search);
  return diffs;
}
