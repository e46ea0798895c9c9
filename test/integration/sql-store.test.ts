import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Connection } from 'mariadb';
import { isOurs, labMarker, startDetached, stopProcess, type StartedProcess } from '../../src/process/pid-process';
import { SQL_TABLES } from '../../src/schema';
import { applyBatchOnce, connectSql, PositionMovedError, provisionSqlStore, readPosition, type SqlBatch, type SqlEndpoint } from '../../src/sql';
import { freePort } from '../../src/stack/extra-flume-agents';
import { findMariaDb, initDataDir, mariadbdArgs } from '../../src/stack/mariadb';
import { eventually, testConfig } from '../helpers';

/**
 * The relational store's exactly-once write (issue #17) against a real MariaDB 10.11 server that this file starts
 * on a free port in test-output/mariadb-it (the lab does not run one yet): one transaction per batch that checks
 * and moves the partition's stored position, so replays and zombies write nothing, and kill -9 of the server
 * keeps exactly what was committed.
 */
const cfg = testConfig();
const dir = path.join(cfg.projectRoot, 'test-output', 'mariadb-it');
const install = findMariaDb();
let server: StartedProcess;
let endpoint: SqlEndpoint;
const socket = path.join(dir, 'mariadb.sock');
const conns: Connection[] = [];

async function startServer(): Promise<void> {
  const marker = labMarker('mariadb-it', dir);
  server = startDetached({
    service: 'mariadb-it',
    command: install.mariadbd,
    args: mariadbdArgs({ dataDir: path.join(dir, 'data'), port: endpoint.port, host: '127.0.0.1', socket, pidFile: path.join(dir, 'mariadbd.pid'), marker }),
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
  fs.mkdirSync(dir, { recursive: true });
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
