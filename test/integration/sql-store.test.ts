import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Connection } from 'mariadb';
import { isOurs, labMarker, startDetached, stopProcess, type StartedProcess } from '../../src/process/pid-process';
import { SQL_TABLES } from '../../src/schema';
import { applyBatchOnce, connectSql, JOB_SESSION, PositionMovedError, provisionSqlStore, readPosition, sqlPool, type SqlBatch, type SqlEndpoint } from '../../src/sql';
import { freePort } from '../../src/process/health';
import { findMariaDb, initDataDir, mariadbdArgs, runningAsRoot } from '../../src/stack/mariadb';
import { kafkaFor } from '../../src/kafka';
import { createLineHandler } from '../../src/stream/lines';
import { SqlStreamJob } from '../../src/stream/sql-job';
import { eventually, generatedLines, testConfig, unique } from '../helpers';
import fc from 'fast-check';

/**
 * The relational store's exactly-once write (issue #17) against a real MariaDB 10.11 server that this file starts
 * on a free port in test-output/mariadb-it (the lab does not run one yet): one transaction per batch that checks
 * and moves the partition's stored position, so replays and zombies write nothing, and kill -9 of the server
 * keeps exactly what was committed.
 */
const cfg = testConfig();
const dir = path.join(cfg.projectRoot, 'test-output', 'mariadb-it');
const install = findMariaDb(cfg.versions.mariadb);
let server: StartedProcess;
let endpoint: SqlEndpoint;
const socket = path.join(dir, 'mariadb.sock');
const conns: Connection[] = [];

async function startServer(): Promise<void> {
  const marker = labMarker('mariadb-it', dir);
  server = startDetached({
    service: 'mariadb-it',
    command: install.mariadbd,
    args: mariadbdArgs({ dataDir: path.join(dir, 'data'), port: endpoint.port, host: '127.0.0.1', socket, pidFile: path.join(dir, 'mariadbd.pid'), marker, runAsRoot: runningAsRoot(), filesDir: path.join(dir, 'files') }),
    marker,
    logFile: path.join(dir, 'mariadb.log'),
    pidFile: path.join(dir, 'server.pid'),
  });
  await eventually('MariaDB to accept the lab\'s user', async () => {
    await provisionSqlStore(socket, endpoint);
    return true;
  }, { timeoutMs: 30_000 });
}

async function connect(): Promise<Connection> {
  const c = await connectSql(endpoint);
  c.on('error', () => undefined); // a connection the kill -9 test cuts reports it on its next query
  conns.push(c);
  return c;
}

before(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'files'), { recursive: true });
  initDataDir(install, path.join(dir, 'data'), path.join(dir, 'mariadb.log'));
  endpoint = { host: '127.0.0.1', port: await freePort('127.0.0.1'), database: 'clickstream', user: 'lab', password: 'lab' };
  await startServer();
});

after(async () => {
  for (const c of conns) await c.end().catch(() => undefined);
  if (server) await stopProcess(server.record, 20_000);
});

const batch = (topic: string, from: SqlBatch['from'], lastOffset: number, clicks: number): SqlBatch => ({
  topic,
  partition: 0,
  from,
  lastOffset,
  course: new Map([['20261124_112', clicks], ['20261124_128', 1]]),
  search: new Map([['20261124_www.baidu.com_112', clicks]]),
  filePositions: `{"f":${lastOffset}}`,
});

async function clicks(c: Connection, courseId: number): Promise<number> {
  const rows = (await c.query(`SELECT clicks FROM ${SQL_TABLES.course} WHERE day = '20261124' AND course_id = ?`, [courseId])) as { clicks: number }[];
  return rows[0]?.clicks ?? 0;
}

async function clear(c: Connection): Promise<void> {
  for (const t of Object.values(SQL_TABLES)) await c.query(`DELETE FROM ${t}`);
}

test('a batch is applied once: the same batch again writes nothing, the next one from the moved position counts', async () => {
  const c = await connect();
  await clear(c);
  const topic = 't-once';
  const start = await readPosition(c, topic, 0);
  assert.deepEqual(start, { next: 0, filePositions: null });
  await applyBatchOnce(c, batch(topic, start, 9, 7));
  await assert.rejects(applyBatchOnce(c, batch(topic, start, 9, 7)), (err: unknown) => err instanceof PositionMovedError && err.found === 10 && err.expected === 0);
  assert.equal(await clicks(c, 112), 7);
  const moved = await readPosition(c, topic, 0);
  assert.deepEqual(moved, { next: 10, filePositions: '{"f":9}' });
  await applyBatchOnce(c, batch(topic, moved, 19, 5));
  assert.equal(await clicks(c, 112), 12);
  assert.equal(await clicks(c, 128), 2);
});

test('a zombie and the new owner race from the same position: exactly one transaction counts', async () => {
  const [a, b] = [await connect(), await connect()];
  await clear(a);
  const topic = 't-zombie';
  const from = await readPosition(a, topic, 0);
  for (let round = 0; round < 10; round++) {
    const here = await readPosition(a, topic, 0);
    const results = await Promise.allSettled([applyBatchOnce(a, batch(topic, here, here.next + 9, 3)), applyBatchOnce(b, batch(topic, here, here.next + 4, 100))]);
    const won = results.filter((r) => r.status === 'fulfilled').length;
    assert.equal(won, 1, `round ${round}: ${results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok')).join(' / ')}`);
    for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof PositionMovedError, String(r.reason));
  }
  const final = await readPosition(a, topic, 0);
  const total = await clicks(a, 128);
  assert.equal(total, 10, 'one batch per round');
  assert.ok(final.next > from.next);
});

test("a worker frozen inside a batch's transaction does not hold its partition forever: its connection is ended, its locks released", async () => {
  // The job's session settings, with a shorter idle limit so the test is quick.
  const pool = sqlPool(endpoint, 2, { ...JOB_SESSION, idle_transaction_timeout: 2 });
  try {
    const topic = unique('frozen');
    await readPosition(await connect(), topic, 0); // the position row exists
    const frozen = await pool.getConnection();
    frozen.on('error', () => undefined);
    await frozen.beginTransaction();
    await frozen.query('SELECT next_offset FROM kafka_positions WHERE topic = ? AND partition_id = 0 FOR UPDATE', [topic]);
    // ... and then nothing: the worker is stopped. The new owner asks for the same row.
    const owner = await pool.getConnection();
    const began = Date.now();
    await owner.beginTransaction();
    await owner.query('SELECT next_offset FROM kafka_positions WHERE topic = ? AND partition_id = 0 FOR UPDATE', [topic]);
    const waited = Date.now() - began;
    await owner.commit();
    owner.release();
    console.log(`# the new owner got the row ${waited} ms after asking (the frozen session was ended after 2 s idle)`);
    assert.ok(waited < JOB_SESSION.innodb_lock_wait_timeout * 1000, `waited ${waited} ms`);
    await assert.rejects(frozen.query('SELECT 1'), 'the frozen worker finds its connection ended when it resumes');
  } finally {
    await pool.end().catch(() => undefined);
  }
});

test('kill -9 of the server: what was committed is there after the restart, the open transaction is not', async () => {
  const c = await connect();
  await clear(c);
  const topic = 't-kill';
  await applyBatchOnce(c, batch(topic, await readPosition(c, topic, 0), 9, 4));
  // A transaction that has written its counts but not committed when the server dies.
  const open = await connect();
  await open.beginTransaction();
  await open.query(`UPDATE ${SQL_TABLES.course} SET clicks = clicks + 1000 WHERE day = '20261124' AND course_id = 112`);
  process.kill(server.record.pid, 'SIGKILL');
  await eventually('the server to be gone', () => (isOurs(server.record) ? undefined : true), { timeoutMs: 10_000 });
  await startServer();
  const after = await connect();
  assert.equal(await clicks(after, 112), 4);
  assert.deepEqual(await readPosition(after, topic, 0), { next: 10, filePositions: '{"f":9}' });
});

test('the SQL job counts a generated topic exactly, Flume re-sends included, with two workers sharing it', async () => {
  const c = await connect();
  await clear(c);
  const kafka = kafkaFor(cfg, 'it-sql-job');
  const topic = unique('it_sql');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  const { truth, lines } = await generatedLines(cfg, topic, 20_000, 0.02);
  // Keyed as Flume keys them (<file>@<byte offset>), so the same key lands in the same partition; 500 lines sent
  // twice, as Flume does after a crash.
  const file = `/logs/${topic}.log`;
  let at = 0;
  const messages = lines.map((line) => {
    const m = { key: `${file}@${at}`, value: line };
    at += Buffer.byteLength(line) + 1;
    return m;
  });
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < messages.length; i += 2000) await producer.send({ topic, messages: messages.slice(i, i + 2000) });
  await producer.send({ topic, messages: messages.slice(5000, 5500) });
  await producer.disconnect();
  const pool = sqlPool(endpoint);
  const handleLine = createLineHandler(cfg);
  const jobs = [1, 2].map(() => new SqlStreamJob({ kafka, pool, handleLine, topic, groupId: `${topic}-sql` }));
  try {
    for (const j of jobs) await j.start();
    await eventually('the database to equal the ground truth', async () => {
      const course = (await c.query(`SELECT day, course_id, clicks FROM ${SQL_TABLES.course}`)) as { day: string; course_id: number; clicks: number }[];
      const got = Object.fromEntries(course.map((r) => [`${r.day}_${r.course_id}`, r.clicks]));
      return JSON.stringify(Object.entries(got).sort()) === JSON.stringify(Object.entries(truth.course).sort()) ? true : undefined;
    }, { timeoutMs: 90_000 });
    const search = (await c.query(`SELECT day, engine, course_id, clicks FROM ${SQL_TABLES.search}`)) as { day: string; engine: string; course_id: number; clicks: number }[];
    assert.deepEqual(Object.fromEntries(search.map((r) => [`${r.day}_${r.engine}_${r.course_id}`, r.clicks]).sort()), Object.fromEntries(Object.entries(truth.search).sort()));
    const positions = (await c.query(`SELECT partition_id, next_offset FROM ${SQL_TABLES.positions} WHERE topic = ? ORDER BY partition_id`, [topic])) as { partition_id: number; next_offset: number }[];
    const ends = await admin.fetchTopicOffsets(topic);
    assert.deepEqual(positions.map((p) => p.next_offset), ends.sort((a, b) => a.partition - b.partition).map((e) => Number(e.high)), 'every partition read to its end');
  } finally {
    for (const j of jobs) await j.stop().catch(() => undefined);
    await pool.end();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
});

test('property: whatever mix of writers, stale beliefs and replays, each line up to the stored position is counted once', async () => {
  const c = await connect();
  const other = await connect();
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      // The partition's lines: which course each one clicks.
      fc.array(fc.constantFrom(112, 128, 130), { minLength: 1, maxLength: 60 }),
      // Each step: which writer acts (0 = the owner, 1 or 2 = writers with older beliefs), and how many lines it takes.
      fc.array(fc.record({ writer: fc.integer({ min: 0, max: 2 }), take: fc.integer({ min: 1, max: 12 }), concurrent: fc.boolean() }), { minLength: 1, maxLength: 25 }),
      async (lines, steps) => {
        const topic = `t-prop-${run++}`;
        await c.query(`DELETE FROM ${SQL_TABLES.course} WHERE day = '19990101'`);
        const beliefs = [await readPosition(c, topic, 0), await readPosition(c, topic, 0), await readPosition(c, topic, 0)];
        const write = (conn: Connection, w: number, take: number) => {
          const from = beliefs[w] as SqlBatch['from'];
          const slice = lines.slice(from.next, from.next + take);
          if (slice.length === 0) return Promise.resolve();
          const course = new Map<string, number>();
          for (const id of slice) course.set(`19990101_${id}`, (course.get(`19990101_${id}`) ?? 0) + 1);
          const last = from.next + slice.length - 1;
          return applyBatchOnce(conn, { topic, partition: 0, from, lastOffset: last, course, search: new Map(), filePositions: null }).then(
            () => void (beliefs[w] = { next: last + 1, filePositions: null }),
            async (err: unknown) => {
              if (!(err instanceof PositionMovedError)) throw err;
              beliefs[w] = await readPosition(conn, topic, 0); // as the job does: read again, go on from there
            },
          );
        };
        for (const s of steps) {
          if (s.concurrent) await Promise.all([write(c, s.writer, s.take), write(other, (s.writer + 1) % 3, s.take)]);
          else await write(c, s.writer, s.take);
        }
        const stored = await readPosition(c, topic, 0);
        const rows = (await c.query(`SELECT course_id, clicks FROM ${SQL_TABLES.course} WHERE day = '19990101'`)) as { course_id: number; clicks: number }[];
        const got = Object.fromEntries(rows.map((r) => [r.course_id, r.clicks]));
        const expected: Record<number, number> = {};
        for (const id of lines.slice(0, stored.next)) expected[id] = (expected[id] ?? 0) + 1;
        assert.deepEqual(got, expected, `stored position ${stored.next}`);
      },
    ),
    { numRuns: 40 },
  );
});
