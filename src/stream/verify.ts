import type { LabConfig } from '../config';
import type { TruthSummary } from '../generator';
import type { HBaseClient } from '../hbase';
import { dayRows, diffRows, totalsOf, type ClickTotals } from '../stores';

/** One row whose stored total differs from the ground truth. */
export interface Difference {
  table: string;
  row: string;
  expected: number;
  actual: number;
}

/**
 * Compares a store with a ground-truth summary over the truth's days: every expected row must hold exactly its
 * count, and no other row of those days may have clicks. Returns the differences (empty = exact). Takes either
 * store's totals, or an HBase client (the HBase store, as the lessons before 09 use it).
 */
export async function verifyTotals(source: HBaseClient | ClickTotals, cfg: LabConfig, truth: TruthSummary): Promise<Difference[]> {
  const totals = totalsOf(source, cfg);
  const expected = { course: new Map(Object.entries(truth.course)), search: new Map(Object.entries(truth.search)) };
  const tableName = { course: cfg.tables.courseClicks, search: cfg.tables.searchClicks };
  const diffs: Difference[] = [];
  for (const day of truth.days) {
    const actual = await dayRows(totals, day);
    for (const table of ['course', 'search'] as const) {
      const ofDay = new Map([...expected[table]].filter(([row]) => row.startsWith(`${day}_`)));
      for (const d of diffRows(table, ofDay, actual[table])) diffs.push({ table: tableName[table], row: d.row, expected: d.left, actual: d.right });
    }
  }
  return diffs;
}
