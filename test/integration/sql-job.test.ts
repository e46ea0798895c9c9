import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { Pool } from 'mariadb';
import { labPaths } from '../../src/config';
import type { TruthSummary } from '../../src/generator';
import { up } from '../../src/lab/lifecycle';
import { status } from '../../src/lab/status';
import { runningFromPidFile } from '../../src/process/pid-process';
import { SQL_TABLES } from '../../src/schema';
import { sqlEndpointFor, sqlPool } from '../../src/sql';
import { compareStores, openStore, sqlTotals } from '../../src/stores';
import { runningManaged } from '../../src/process/managed-process';
import { SQL_JOB, startWorker, stopWorkers, workerStatus } from '../../src/stream/workers';
import { kafkaFor } from '../../src/kafka';
import { eventually, expectExactTotals, feedSlowly, generateIntoFlume, sleep, testConfig, topicEnds } from '../helpers';

/**
 * The SQL job as `lab up` runs it (issue #17): its own consumer group on access-log, counts and positions in one
 * MariaDB transaction per batch. Against the lab the test runner started: the same generated data in both stores,
 * its worker killed mid-batch, a zombie worker, and the database server killed and brought back by `lab up`.
 */
const cfg = testConfig();
let pool: Pool;

before(() => {
  pool = sqlPool(sqlEndpointFor(cfg), 2);
});
after(() => pool.end());

const sqlWorker = () => runningManaged(cfg, 'sql-1');
const sqlMetrics = () => workerStatus(cfg, SQL_JOB).find((w) => w.workerId === '1')?.metrics ?? null;

/** Waits until the SQL worker has read more lines than `than` since it (re)started: it is in the middle of the file. */
async function busyPast(than: number): Promise<void> {
  await eventually('the SQL worker to be counting', async () => ((sqlMetrics()?.linesIn ?? 0) > than ? true : undefined), { timeoutMs: 60_000, intervalMs: 50 });
}

/** The stored positions of access-log's partitions and the clicks of the given days, read in one transaction. */
async function committedState(days: string[]): Promise<{ positions: Map<number, number>; clicks: number }> {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    const rows = (await conn.query(`SELECT partition_id, next_offset FROM ${SQL_TABLES.positions} WHERE topic = ?`, [cfg.topics.accessLog])) as { partition_id: number; next_offset: number }[];
    const sum = (await conn.query(`SELECT COALESCE(SUM(clicks), 0) AS n FROM ${SQL_TABLES.course} WHERE day IN (?)`, [days])) as { n: number }[];
    await conn.commit();
    return { positions: new Map(rows.map((r) => [Number(r.partition_id), Number(r.next_offset)])), clicks: Number(sum[0]?.n ?? 0) };
  } finally {
    await conn.release();
  }
}

test('the same generated data gives equal totals in both stores: each equals the ground truth, and they equal each other row by row', async () => {
  const { truth } = await generateIntoFlume(cfg, `both-stores-${Date.now()}`, 100_000);
  const began = Date.now();
  await expectExactTotals(cfg, truth, 120_000, 'sql');
  console.log(`# 100k lines exact in the SQL store ${((Date.now() - began) / 1000).toFixed(1)} s after the file appeared`);
  await expectExactTotals(cfg, truth, 120_000, 'hbase');
  const hbase = await openStore(cfg, 'hbase');
  try {
    const c = await compareStores(hbase.totals, sqlTotals(pool), truth.days);
    assert.deepEqual(c.differences, []);
    assert.equal(c.rows.course, Object.keys(truth.course).length);
    assert.equal(c.rows.search, Object.keys(truth.search).length);
  } finally {
    await hbase.close();
  }
  const s = await status(cfg);
  assert.equal(s.mariadb.state, 'running');
  assert.deepEqual(s.sqlStream.map((w) => w.state), ['running']);
});

/** Waits until the SQL store has committed clicks of the truth's days: the worker is counting this test's lines. */
async function countingDays(truth: TruthSummary): Promise<void> {
  await eventually("the SQL job to count the test's lines", async () => ((await committedState(truth.days)).clicks > 0 ? true : undefined), { timeoutMs: 60_000, intervalMs: 50 });
}

/** Whatever a test did to the SQL worker, the next one finds it running. */
async function sqlWorkerBack(): Promise<void> {
  if (!sqlWorker()) await startWorker(cfg, '1', SQL_JOB);
}

test("the SQL job's worker killed with kill -9 three times while lines flow, started again as `lab up` does, still gives exact totals", async () => {
  // 10,000 lines/s while the kills go on (up to a minute), the rest of the 600,000 after them.
  const { truth, done, finish } = await feedSlowly(cfg, `sql-kill9-${Date.now()}`, 600_000, 3000, 300);
  const kafka = kafkaFor(cfg, 'it-sql-kill9');
  let replayed = 0;
  try {
    for (let kill = 1; kill <= 3; kill++) {
      await busyPast(0);
      await sleep(300 + Math.floor(Math.random() * 500));
      const rec = sqlWorker();
      assert.ok(rec, 'the SQL worker runs');
      replayed += sqlMetrics()?.replayed ?? 0;
      process.kill(rec.pid, 'SIGKILL');
      await eventually('the killed worker to be gone', async () => (sqlWorker() ? undefined : true), { timeoutMs: 10_000 });
      // Lines keep coming while the worker is down: a second later they wait for its restart. (Whether a kill hit an
      // open transaction cannot be seen from outside; that a crash before COMMIT leaves nothing is sql-store.test.ts's.)
      await sleep(1000);
      const ends = await topicEnds(kafka, cfg.topics.accessLog);
      const stored = (await committedState(truth.days)).positions;
      const left = [...ends].reduce((sum, [p, end]) => sum + end - (stored.get(p) ?? 0), 0);
      console.log(`# kill ${kill}: ${left} lines of access-log waiting for the restarted worker`);
      assert.ok(left > 0, `kill ${kill} came while lines were flowing`);
      assert.equal((await startWorker(cfg, '1', SQL_JOB)).outcome, 'started');
    }
    finish();
    await done;
    await expectExactTotals(cfg, truth, 180_000, 'sql');
    console.log(`# SQL job after 3 kills: exact; lines fetched again from before the stored position: ${replayed + (sqlMetrics()?.replayed ?? 0)}`);
  } finally {
    finish();
    await done;
    await sqlWorkerBack();
  }
});

// A zombie process as it happens: stopped wherever it was. A batch it had in flight either committed before its
// partitions moved (it held the position's lock) or is refused after; the deterministic race of two writers from
// one position is in sql-store.test.ts. Either way nothing may count twice.
test("a zombie worker (stopped mid-run, its partitions given to another, then resumed) writes nothing twice", async () => {
  const { truth, done, finish } = await feedSlowly(cfg, `sql-zombie-${Date.now()}`, 300_000, 2000, 400);
  await countingDays(truth);
  const zombie = sqlWorker();
  assert.ok(zombie, 'the SQL worker runs');
  const logFile = labPaths(cfg).serviceLog('sql-1');
  const logBefore = fs.statSync(logFile).size;
  process.kill(zombie.pid, 'SIGSTOP');
  try {
    // A second worker of the group. The rebalance its join starts waits for the stopped member to rejoin, up to the
    // rebalance timeout (kafkajs: 60 s); then the second worker takes every partition. Stopped inside a batch's
    // transaction, the first holds its position rows' locks until the server ends its idle session (JOB_SESSION).
    await startWorker(cfg, '2', SQL_JOB);
    await eventually('the second worker to own every partition', async () => {
      const w2 = workerStatus(cfg, SQL_JOB).find((w) => w.workerId === '2')?.metrics;
      return (w2?.partitions.length ?? 0) === cfg.topics.partitions && (w2?.linesIn ?? 0) > 0 ? true : undefined;
    }, { timeoutMs: 120_000 });
  } finally {
    process.kill(zombie.pid, 'SIGCONT');
    finish();
  }
  await done;
  await expectExactTotals(cfg, truth, 180_000, 'sql').finally(sqlWorkerBack);
  const zombieLog = fs.readFileSync(logFile, 'utf8').slice(logBefore);
  const refused = (zombieLog.match(/another writer moved it/g) ?? []).length;
  console.log(`# zombie: exact totals; batches the resumed worker had in flight and the database refused: ${refused}`);
  for (const w of await stopWorkers(cfg, SQL_JOB)) assert.notEqual(w.outcome, 'killed');
  await startWorker(cfg, '1', SQL_JOB);
});

test('the database server killed with kill -9 mid-run and brought back by `lab up` loses nothing that was committed', async () => {
  const { truth, done, finish } = await feedSlowly(cfg, `sql-server-kill-${Date.now()}`, 300_000, 3000, 300);
  await countingDays(truth);
  const server = runningFromPidFile(labPaths(cfg).pidFile('mariadb'));
  assert.ok(server, 'the lab runs mariadbd');
  // What the database had committed just before the kill (a transaction committed in between only adds to it).
  const before = await committedState(truth.days);
  process.kill(server.pid, 'SIGKILL');
  assert.ok(before.clicks > 0, 'the kill came after some batches were committed');
  // The worker stops writing with its server gone; stopped here so that the state after the restart is the server's alone.
  await stopWorkers(cfg, SQL_JOB);
  await eventually('mariadbd to be gone', async () => (runningFromPidFile(labPaths(cfg).pidFile('mariadb')) ? undefined : true), { timeoutMs: 10_000 });
  const r = await up(cfg, { withPipeline: false, quiet: true }).finally(() => up(cfg, { quiet: true }).catch(() => undefined));
  assert.equal(r.services.find((s) => s.service === 'mariadb')?.outcome, 'started');
  const after = await committedState(truth.days);
  assert.ok(after.clicks >= before.clicks, `clicks after the restart (${after.clicks}) ≥ committed before the kill (${before.clicks})`);
  for (const [p, next] of before.positions) assert.ok((after.positions.get(p) ?? 0) >= next, `partition ${p}: stored position ${after.positions.get(p)} ≥ ${next}`);
  // `lab up` with the pipeline starts the SQL worker again; it resumes from the stored positions.
  await up(cfg, { quiet: true });
  finish();
  await done;
  await expectExactTotals(cfg, truth, 180_000, 'sql');
  console.log(`# server kill -9: committed before ${before.clicks} clicks, after the restart ${after.clicks}; exact after resuming`);
});
