import type { Admin } from 'kafkajs';
import type { LabConfig } from '../config';
import { dropTables, runLabAdmin } from '../stack/hbase-admin';

/**
 * What an earlier run of a lesson left behind. Jupyter's "Run All" stops at the first failing cell, so a run
 * that failed never reached its clean-up cell; the lesson's first cell that makes topics or tables calls these,
 * and a lesson can be run again and again after any failure. Names start with the lesson's own prefix
 * (`nb03-`, `lesson06_`), which nothing else in the lab uses.
 */
export async function deleteLeftoverTopics(admin: Admin, prefix: string): Promise<string[]> {
  const leftovers = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
  if (leftovers.length > 0) await admin.deleteTopics({ topics: leftovers });
  return leftovers;
}

/** HBase tables whose names start with `prefix`, dropped. */
export async function dropLeftoverTables(cfg: LabConfig, prefix: string): Promise<string[]> {
  const leftovers = (await runLabAdmin(cfg, ['list-tables'])).map((l) => l.trim()).filter((t) => t.startsWith(prefix));
  if (leftovers.length > 0) await dropTables(cfg, leftovers);
  return leftovers;
}
