import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { LabConfig } from '../../src/config';
import type { TruthSummary } from '../../src/generator';
import { HBaseClient, readCounter } from '../../src/hbase';
import { ensureTopics, kafkaFor } from '../../src/kafka';
import { freePort } from '../../src/process/health';
import { COUNT_COLUMN } from '../../src/schema';
import { ensureSparkJob, sparkJobSettings } from '../../src/spark/job';
import { packageSparkJob, withSettings, type SparkPackage } from '../../src/spark/package';
import { reached, readCheckpoint } from '../../src/spark/progress';
import { buildSparkHome, startStandalone, stopStandalone, submitToStandalone, type ClusterProcess, type StandaloneCluster } from '../../src/spark/standalone';
import { dropTables } from '../../src/stack/hbase-admin';
import { hbaseTotals } from '../../src/stores';
import { verifyTotals } from '../../src/stream/verify';
import { createTestTables, eventually, generatedLines, produceValues, tempDir, testConfig, topicEnds, unique } from '../helpers';

/**
 * The Spark job packaged (`lab spark package`) and submitted with spark-submit to a real Spark standalone cluster
 * (a Master and a Worker started from the fetched jars, executors launched by the Worker) against the test lab.
 * The cluster's SPARK_HOME has only what a distribution ships, so the job runs only if `--jars` carries the rest.
 * A topic, tables and checkpoint of its own: nothing it does touches the lab's or the local Spark job's.
 */
const cfg = testConfig();
const LINES = 60_000;
const name = unique('spark_cluster');
const topic = name.replace(/_/g, '-');
const tables = { course: `${name}_course`, search: `${name}_search`, stats: `${name}_stats` };
/** The same config with this test's tables in place of the lab's: the stores/ readers then read them. */
const ownCfg: LabConfig = { ...cfg, tables: { ...cfg.tables, courseClicks: tables.course, searchClicks: tables.search } };
const kafka = kafkaFor(cfg, 'it-spark-cluster');
const workDir = tempDir('spark-cluster');
const checkpoint = path.join(workDir, 'checkpoint');

let hbase: HBaseClient;
let pkg: SparkPackage;
let cluster: StandaloneCluster | undefined;
let submit: ClusterProcess | undefined;
let truth: TruthSummary;
let lines: string[];

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

before(async () => {
  hbase = await HBaseClient.forLab(cfg);
  await ensureTopics(kafka, [{ topic, numPartitions: cfg.topics.partitions }]);
  await createTestTables(cfg, Object.values(tables));
  ({ truth, lines } = await generatedLines(cfg, name, LINES, 0.02));

  let began = Date.now();
  pkg = await packageSparkJob(cfg, { out: path.join(workDir, 'package'), quiet: true });
  console.log(`# packaged the job and ${pkg.deps.length} dependency jars in ${seconds(began)}`);
  began = Date.now();
  const home = buildSparkHome(cfg, (await ensureSparkJob(cfg, { quiet: true })).jars, pkg.provided);
  cluster = await startStandalone(cfg, home, { masterPort: await freePort('127.0.0.1'), prefix: 'it-spark-cluster' });
  console.log(`# standalone master ${cluster.masterUrl} (pid ${cluster.master.record.pid}) and worker (pid ${cluster.worker.record.pid}) up in ${seconds(began)}`);
});

after(async () => {
  if (cluster) console.log(`# stopped: ${JSON.stringify(await stopStandalone(cluster, submit))}`);
  hbase?.close();
  await dropTables(cfg, Object.values(tables)).catch(() => undefined);
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  fs.rmSync(workDir, { recursive: true, force: true });
});

/** Whether the job's checkpoint has a committed batch that read every partition of the topic up to `ends`. */
const readUpTo = (ends: Map<number, number>) => reached(readCheckpoint(checkpoint), topic, ends);

/** The job's own counters, from its stats table. */
async function stats(): Promise<Map<string, number>> {
  const rows = await hbase.scanAll(tables.stats);
  return new Map(rows.map((r) => [r.key, Number(readCounter(r, COUNT_COLUMN))]));
}

test('spark-submit to a standalone cluster: the packaged job counts a topic of its own exactly once into tables of its own', async () => {
  assert.ok(cluster);
  // Half the lines before the job starts (its first batch reads them from the earliest offsets), half once that
  // batch is committed: these arrive while the query runs, as a stream.
  const half = Math.floor(lines.length / 2);
  await produceValues(kafka, topic, lines.slice(0, half));
  const settings = withSettings(sparkJobSettings(cfg), { topic, courseTable: tables.course, searchTable: tables.search, statsTable: tables.stats, checkpoint })
    .filter((s) => !s.startsWith('master='));
  let began = Date.now();
  submit = await submitToStandalone(cfg, cluster, pkg, settings, { prefix: 'it-spark-cluster' });
  console.log(`# spark-submit (client mode, pid ${submit.record.pid}): query running ${seconds(began)} after submit`);
  const firstEnds = await topicEnds(kafka, topic);
  await eventually('the first half to be committed', () => (readUpTo(firstEnds) ? true : undefined), { timeoutMs: 60_000, intervalMs: 250 });
  console.log(`# first half (${half} lines, read from the earliest offsets) committed ${seconds(began)} after submit`);
  began = Date.now();
  await produceValues(kafka, topic, lines.slice(half));
  const ends = await topicEnds(kafka, topic);

  let last = 0;
  await eventually('the cluster job to equal the ground truth', async () => {
    const diffs = await verifyTotals(hbaseTotals(hbase, ownCfg), ownCfg, truth);
    last = diffs.length;
    return diffs.length === 0 ? true : undefined;
  }, { timeoutMs: 90_000, intervalMs: 1000 }).catch((err: Error) => {
    throw new Error(`${err.message} (${last} rows differ; driver log ${submit?.logFile})`);
  });
  console.log(`# ${LINES / 1000}k lines exact in the cluster job's tables ${seconds(began)} after the second half was produced`);

  await eventually('the last batch to be committed', () => (readUpTo(ends) ? true : undefined), { timeoutMs: 10_000 });
  const counted = await stats();
  assert.equal(counted.get('lines'), truth.lines, 'every line read once');
  const malformed = [...counted].filter(([k]) => k.startsWith('malformed_')).reduce((sum, [, n]) => sum + n, 0);
  assert.equal(malformed, truth.malformed, 'the malformed lines, counted once');
  // The tasks ran in executors the Worker launched, not in the driver.
  const workerLog = fs.readFileSync(cluster.worker.logFile, 'utf8');
  assert.match(workerLog.slice(workerLog.lastIndexOf('lab starting')), /Asked to launch executor/);
});
