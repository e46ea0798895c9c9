import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LabConfig } from '../../src/config';
import { HBaseClient, readCounter } from '../../src/hbase';
import { runningManaged } from '../../src/process/managed-process';
import { COUNT_COLUMN } from '../../src/schema';
import { SPARK_PROCESS, sparkCheckpoint, startSparkJob, stopSparkJob } from '../../src/spark/job';
import { sparkTablesConfig, untilSparkCaughtUp } from '../../src/spark/progress';
import { untilSparkExact } from '../../src/lessons/spark';
import { kafkaFor } from '../../src/kafka';
import { compareStores, hbaseTotals } from '../../src/stores';
import { eventually, feedSlowly, generateIntoFlume, sleep, testConfig } from '../helpers';

/**
 * The Spark Structured Streaming job (issue #18) against the test lab: `lab spark start` (local[2]), the same
 * generated lines as the lab's job, exactly once into its own tables, and `kill -9` mid-run.
 */
const cfg = testConfig();
/** The same config with the Spark job's tables in place of the lab's: the stores/ readers then read Spark's. */
const sparkCfg: LabConfig = sparkTablesConfig(cfg);
let hbase: HBaseClient;

before(async () => {
  hbase = await HBaseClient.forLab(cfg);
  const r = await startSparkJob(cfg, { quiet: true });
  console.log(`# spark job ${r.outcome} (pid ${r.pid})`);
});

after(async () => {
  await stopSparkJob(cfg);
  hbase.close();
});

/** The Spark job's own counters (lines read, malformed by reason), as written in its stats table. */
async function sparkStats(): Promise<Map<string, number>> {
  const rows = await hbase.scanAll(cfg.tables.sparkStats);
  return new Map(rows.map((r) => [r.key, Number(readCounter(r, COUNT_COLUMN))]));
}

test("the Spark job's tables equal the ground truth and the lab job's tables row by row; its counters count every line once", async () => {
  // It starts at the topic's beginning: what earlier tests shipped is read first.
  await untilSparkCaughtUp(kafkaFor(cfg, 'it-spark'), sparkCheckpoint(cfg), cfg.topics.accessLog, 300_000);
  const before = await sparkStats();
  const { truth } = await generateIntoFlume(cfg, `spark-${Date.now()}`, 100_000);
  const began = Date.now();
  await untilSparkExact(cfg, hbase, truth, began, 180_000);
  console.log(`# 100k lines exact in the Spark tables ${((Date.now() - began) / 1000).toFixed(1)} s after the file appeared`);
  const lab = await compareStores(hbaseTotals(hbase, cfg), hbaseTotals(hbase, sparkCfg), truth.days);
  assert.deepEqual(lab.differences, [], "the Spark job's rows equal the lab job's");
  assert.equal(lab.rows.course, Object.keys(truth.course).length);
  await sleep(3000);
  const afterStats = await sparkStats();
  const delta = (key: string) => (afterStats.get(key) ?? 0) - (before.get(key) ?? 0);
  assert.equal(delta('lines'), truth.lines, 'every line read once');
  const malformed = [...afterStats.keys()].filter((k) => k.startsWith('malformed_')).reduce((sum, k) => sum + delta(k), 0);
  assert.equal(malformed, truth.malformed, 'the malformed lines, counted (by reason) and not dead-lettered');
});

test('the Spark job killed with kill -9 mid-run and started again still gives exact totals', async () => {
  // 10,000 lines/s until the job has been killed and started again, then the rest of the 300,000 at once.
  const { truth, done, finish } = await feedSlowly(cfg, `spark-kill9-${Date.now()}`, 300_000, 3000, 300);
  await eventually('the Spark job to be writing the new lines', async () => {
    const days = await hbaseTotals(hbase, sparkCfg).courses(truth.days[0] as string);
    return days.length > 0 ? true : undefined;
  }, { timeoutMs: 120_000, intervalMs: 200 });
  const rec = runningManaged(cfg, SPARK_PROCESS);
  assert.ok(rec, 'the Spark job runs');
  process.kill(rec.pid, 'SIGKILL');
  await eventually('the killed job to be gone', async () => (runningManaged(cfg, SPARK_PROCESS) ? undefined : true), { timeoutMs: 10_000 });
  const restarted = await startSparkJob(cfg, { quiet: true });
  assert.equal(restarted.outcome, 'started');
  finish();
  await done;
  await untilSparkExact(cfg, hbase, truth, Date.now(), 240_000);
});
