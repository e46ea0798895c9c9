import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createDashboard, loadCourseNames } from '../../src/dashboard';
import { HBaseClient, readCounter } from '../../src/hbase';
import { applyExactlyOnce, RowOffsets } from '../../src/stream/exactly-once';
import { alertRowKey, COUNT_COLUMN } from '../../src/schema';
import { HBaseAlertSink } from '../../src/detect/hbase-alerts';
import { detectorStatus } from '../../src/detect/worker-process';
import { applyBatchOnce, readPosition, sqlEndpointFor, sqlPool } from '../../src/sql';
import { testConfig, uniqueDay } from '../helpers';

const cfg = testConfig();
const day = uniqueDay();
let hbase: HBaseClient;
let base: string;
let server: ReturnType<typeof createDashboard>;

before(async () => {
  hbase = await HBaseClient.forLab(cfg);
  server = createDashboard({ cfg, hbase: async () => hbase, intervalMs: 200 });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Clicks for three courses and two engines on a day no other test uses.
  const ids = [...loadCourseNames(cfg).keys()].slice(0, 3);
  const courseRows = ids.map((id, i) => ({ table: cfg.tables.courseClicks, row: `${day}_${id}`, offsets: Array.from({ length: 5 + i * 7 }, (_, o) => o) }));
  const searchRows = [
    { table: cfg.tables.searchClicks, row: `${day}_www.baidu.com_${ids[0]}`, offsets: [0, 1, 2] },
    { table: cfg.tables.searchClicks, row: `${day}_cn.bing.com_${ids[1]}`, offsets: [0] },
  ];
  await applyExactlyOnce(hbase, new RowOffsets('it-dashboard', 0), [...courseRows, ...searchRows]);
});

after(() => {
  server.closeAllConnections();
  server.close();
  hbase.close();
});

const get = (path: string) => fetch(`${base}${path}`);

/** HBase's own totals for the day, read with a plain scan (not through the dashboard's queries). */
async function hbaseTotals(table: string): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (const row of await hbase.scanAll(table, { prefix: `${day}_` })) totals.set(row.key.slice(9), Number(readCounter(row, COUNT_COLUMN)));
  return totals;
}

test('/api/courses returns HBase\'s totals for the day, sorted, with course names', async () => {
  const res = await get(`/api/courses?day=${day}`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as { courseId: number; name: string; clicks: number }[];
  const expected = await hbaseTotals(cfg.tables.courseClicks);
  assert.equal(body.length, expected.size);
  for (const c of body) assert.equal(c.clicks, expected.get(String(c.courseId)), `course ${c.courseId}`);
  assert.deepEqual(body.map((c) => c.clicks), [...body.map((c) => c.clicks)].sort((a, b) => b - a));
  const names = loadCourseNames(cfg);
  for (const c of body) assert.equal(c.name, names.get(c.courseId));
});

test('/api/search returns clicks per engine and course', async () => {
  const body = (await (await get(`/api/search?day=${day}`)).json()) as { engine: string; courseId: number; clicks: number }[];
  const expected = await hbaseTotals(cfg.tables.searchClicks);
  assert.deepEqual(new Map(body.map((s) => [`${s.engine}_${s.courseId}`, s.clicks])), expected);
});

test('/api/days lists the day, newest first', async () => {
  const days = (await (await get('/api/days')).json()) as string[];
  assert.ok(days.includes(day));
  assert.deepEqual(days, [...days].sort().reverse());
});

test('?store=sql: the same JSON shapes from the relational store, and the SQL job\'s metrics', async () => {
  // Rows for another day, written the SQL job's way (one transaction with a position of a topic of this test's own).
  const sqlDay = uniqueDay();
  const pool = sqlPool(sqlEndpointFor(cfg), 1);
  try {
    const conn = await pool.getConnection();
    try {
      const topic = `it-dashboard-sql-${sqlDay}`;
      const from = await readPosition(conn, topic, 0);
      const ids = [...loadCourseNames(cfg).keys()].slice(0, 2);
      await applyBatchOnce(conn, {
        topic,
        partition: 0,
        from,
        lastOffset: from.next + 9,
        course: new Map([[`${sqlDay}_${ids[0]}`, 7], [`${sqlDay}_${ids[1]}`, 3]]),
        search: new Map([[`${sqlDay}_www.baidu.com_${ids[0]}`, 2]]),
        filePositions: null,
      });
    } finally {
      await conn.release();
    }
    const courses = (await (await get(`/api/courses?day=${sqlDay}&store=sql`)).json()) as { courseId: number; name: string; clicks: number }[];
    assert.deepEqual(courses.map((c) => c.clicks), [7, 3]);
    const hbaseShape = (await (await get(`/api/courses?day=${day}`)).json()) as object[];
    assert.deepEqual(Object.keys(courses[0] ?? {}), Object.keys(hbaseShape[0] ?? {}), 'the same fields from either store');
    const search = (await (await get(`/api/search?day=${sqlDay}&store=sql`)).json()) as { engine: string; clicks: number }[];
    assert.deepEqual(search.map((s) => [s.engine, s.clicks]), [['www.baidu.com', 2]]);
    assert.ok(((await (await get('/api/days?store=sql')).json()) as string[]).includes(sqlDay));
    assert.ok(!((await (await get('/api/days?store=hbase')).json()) as string[]).includes(sqlDay), 'HBase never saw that day');
    const metrics = (await (await get('/api/metrics?store=sql')).json()) as { workers: number };
    assert.equal(metrics.workers, cfg.sql.workers);
    const bad = await get(`/api/courses?day=${sqlDay}&store=mysql`);
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /Expected store=hbase or sql, got `mysql`/);
  } finally {
    await pool.end();
  }
});

test('malformed parameters get a 400 with a message; unknown paths 404; other methods 405', async () => {
  for (const bad of ['', 'day=2026-11-24', 'day=20260230', 'day=abc', `day=${day}x`]) {
    const res = await get(`/api/courses?${bad}`);
    assert.equal(res.status, 400, bad);
    assert.match(((await res.json()) as { error: string }).error, /Expected/);
  }
  assert.equal((await get('/../package.json')).status, 404);
  assert.equal((await get('/src/dashboard/server.ts')).status, 404);
  assert.equal((await fetch(`${base}/api/days`, { method: 'POST' })).status, 405);
});

test('the page, its script and plotly.js are served locally with a restrictive content policy', async () => {
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  assert.match(await page.text(), /<script src="\/vendor\/plotly.min.js">/);
  const plotly = await get('/vendor/plotly.min.js');
  assert.equal(plotly.status, 200);
  assert.ok((await plotly.text()).length > 1_000_000, 'the full plotly bundle');
});

test('/api/events pushes the day\'s numbers at least once a second', async () => {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/events?day=${day}`, { signal: controller.signal });
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const events: { courses: unknown[] }[] = [];
  let buffer = '';
  const began = Date.now();
  while (events.length < 3) {
    const { value } = await reader.read();
    buffer += Buffer.from(value as Uint8Array).toString('utf8');
    let i;
    while ((i = buffer.indexOf('\n\n')) >= 0) {
      const chunk = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      if (chunk.startsWith('data: ')) events.push(JSON.parse(chunk.slice(6)));
    }
  }
  controller.abort();
  assert.ok(Date.now() - began < 3000);
  assert.equal(events[2]?.courses.length, 3);
});

test("/api/alerts: the detector's state from its worker's report, and the alerts table's newest rows, newest incident first", async () => {
  const t = Date.UTC(2031, 5, 1) + Math.floor(Math.random() * 1e9);
  const older = { id: `error-burst:112:${t}`, kind: 'error-burst' as const, courseId: 112, windowStart: t, windowEnd: t + 20_000, score: 9.5, detectedAt: t + 22_000 };
  const newer = { ...older, id: `error-burst:112:${t + 60_000}`, windowStart: t + 60_000, windowEnd: t + 80_000 };
  await new HBaseAlertSink(hbase, cfg.tables.alerts).write([older, newer]);
  try {
    const res = await get('/api/alerts');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { detector: { state: string }; recent: { id: string }[] };
    assert.equal(body.detector.state, detectorStatus(cfg).state);
    const ids = body.recent.map((a) => a.id);
    assert.ok(ids.indexOf(newer.id) >= 0 && ids.indexOf(newer.id) < ids.indexOf(older.id), `newest first: ${ids.join(', ')}`);
  } finally {
    for (const a of [older, newer]) await hbase.delete(cfg.tables.alerts, alertRowKey(a));
  }
});
