/// <reference lib="dom" />
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { dashboardUrl, startDashboardCopy } from '../../src/dashboard';
import { HBaseClient, readCounter } from '../../src/hbase';
import { alertRowKey, COUNT_COLUMN, type Alert } from '../../src/schema';
import { HBaseAlertSink } from '../../src/detect/hbase-alerts';
import { sqlEndpointFor, sqlPool } from '../../src/sql';
import { sqlTotals } from '../../src/stores';
import { eventually, sleep, testConfig } from '../helpers';
import { startLiveClicks, type LiveClicks } from './live-clicks';

/**
 * The dashboard as a learner sees it, in Debian's Chromium driven by playwright-core, against the dashboard
 * that `lab up` started and the real pipeline behind it.
 */
const cfg = testConfig();
const outDir = path.join(cfg.projectRoot, 'test-output', 'browser');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let browser: Browser;
let page: Page;
let hbase: HBaseClient;
let live: LiveClicks;
const consoleErrors: string[] = [];

before(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  hbase = await HBaseClient.forLab(cfg);
  live = await startLiveClicks(cfg);
  await eventually(
    'the first generated clicks in HBase',
    async () => ((await hbase.scanAll(cfg.tables.courseClicks, { prefix: `${live.day}_` })).length > 0 ? true : undefined),
    { timeoutMs: 30_000 },
  );
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
});

after(async () => {
  await live?.stop();
  await browser?.close();
  hbase?.close();
});

async function chartTotals(): Promise<Map<string, number>> {
  // The course chart's bars, read from plotly's own data on the page: label "(id)" → clicks.
  const bars = await page.evaluate(() => {
    const el = document.getElementById('chart-courses') as unknown as { data?: { x: number[]; y: string[] }[] };
    const trace = el.data?.[0];
    return trace ? trace.y.map((label, i) => [label, trace.x[i]] as const) : [];
  });
  return new Map(bars.map(([label, clicks]) => [/\((\d+)\)$/.exec(label)?.[1] ?? label, clicks]));
}

test('the page loads with no console errors and picks the day being generated', async () => {
  await page.goto(dashboardUrl(cfg), { waitUntil: 'load' });
  await page.selectOption('#day', live.day);
  await page.waitForFunction(() => document.getElementById('live')?.textContent === 'live');
  await page.waitForFunction(() => ((document.getElementById('chart-courses') as unknown as { data?: unknown[] }).data?.length ?? 0) > 0);
  assert.deepEqual(consoleErrors, []);
});

test('the course chart shows the same numbers as HBase', async () => {
  // Pause the clicks so page and HBase can be compared at rest.
  await live.pause();
  await sleep(2500); // the job drains, the page receives its next push
  const expected = new Map<string, number>();
  for (const row of await hbase.scanAll(cfg.tables.courseClicks, { prefix: `${live.day}_` })) {
    expected.set(row.key.slice(9), Number(readCounter(row, COUNT_COLUMN)));
  }
  await eventually('the chart to match HBase', async () => {
    const shown = await chartTotals();
    return JSON.stringify([...shown].sort()) === JSON.stringify([...expected].sort()) ? true : undefined;
  }, { timeoutMs: 10_000 });
  await page.screenshot({ path: path.join(outDir, 'dashboard.png'), fullPage: true });
});

test('while clicks are generated, a visible value increases without a reload', async () => {
  const read = () => page.locator('#fig-day-total').innerText();
  const before = Number((await read()).replace(/,/g, ''));
  await page.evaluate(() => {
    (window as unknown as { marker: number }).marker = 42; // survives only if the page is not reloaded
  });
  live.resume();
  await eventually('the day total to increase', async () => (Number((await read()).replace(/,/g, '')) > before ? true : undefined), { timeoutMs: 20_000 });
  assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'no reload happened');
  await page.screenshot({ path: path.join(outDir, 'dashboard-live.png'), fullPage: true });
  assert.deepEqual(consoleErrors, []);
});

test('the store switch: the SQL store shows the same numbers for the day, and the page address keeps the choice', async () => {
  await live.pause();
  const pool = sqlPool(sqlEndpointFor(cfg), 1);
  try {
    await page.selectOption('#store', 'sql');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('store') === 'sql');
    await page.selectOption('#day', live.day);
    await sleep(2500); // both jobs drain
    const fromSql = new Map((await sqlTotals(pool).courses(live.day)).map((c) => [String(c.courseId), c.clicks]));
    assert.ok(fromSql.size > 0, 'the SQL job counted the generated clicks');
    await eventually('the chart to match the SQL store', async () => {
      const shown = await chartTotals();
      return JSON.stringify([...shown].sort()) === JSON.stringify([...fromSql].sort()) ? true : undefined;
    }, { timeoutMs: 15_000 });
    const fromHBase = new Map<string, number>();
    for (const row of await hbase.scanAll(cfg.tables.courseClicks, { prefix: `${live.day}_` })) fromHBase.set(row.key.slice(9), Number(readCounter(row, COUNT_COLUMN)));
    assert.deepEqual([...fromSql].sort(), [...fromHBase].sort(), 'both stores hold the same totals for the day');
    await page.screenshot({ path: path.join(outDir, 'dashboard-sql.png'), fullPage: true });
    await page.selectOption('#store', 'hbase');
    assert.deepEqual(consoleErrors, []);
  } finally {
    await pool.end();
    live.resume();
  }
});

test("lesson 08's copy of the dashboard shows its extra panel, and the panel moves with the clicks; the lab's own has none", async () => {
  const total = async (hb: HBaseClient, day: string) =>
    (await hb.scanAll(cfg.tables.courseClicks, { prefix: `${day}_` })).reduce((s, r) => s + Number(readCounter(r, COUNT_COLUMN)), 0);
  const copy = await startDashboardCopy(cfg, { title: 'Clicks on the day (a panel)', rows: async (hb, day) => [{ label: 'all courses', value: await total(hb, day) }] });
  const other = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  try {
    await other.goto(copy.url, { waitUntil: 'load' });
    await other.selectOption('#day', live.day);
    await other.waitForSelector('#panel:not([hidden])', { timeout: 15_000 });
    assert.equal(await other.locator('#panel-title').innerText(), 'Clicks on the day (a panel)');
    const shown = async () => Number((await other.locator('#panel-rows td.value').first().innerText()).replace(/,/g, ''));
    const first = await shown();
    assert.ok(first > 0, `the panel shows ${first}`);
    // The clicks resumed in the previous test keep coming: the panel is pushed like the rest of the page.
    await eventually('the panel to move', async () => ((await shown()) > first ? true : undefined), { timeoutMs: 20_000 });
    await other.screenshot({ path: path.join(outDir, 'dashboard-copy-panel.png'), fullPage: true });
    assert.equal(await page.locator('#panel').isHidden(), true, "the lab's dashboard has no panel");
  } finally {
    await other.close();
    await copy.close();
  }
});

test("the live alerts panel: the detector's state, and an alert written to its table appears without a reload, marked new", async () => {
  await page.waitForSelector('#alerts-detector:has-text("detector running")', { timeout: 30_000 });
  // An alert as the detector writes it, newer than any it has made, so that it is on top of the panel.
  const t = Date.UTC(2030, 0, 1, 12, 0, 0) + Math.floor(Math.random() * 1e9);
  const alert: Alert = { id: `bot:10.99.0.${1 + Math.floor(Math.random() * 250)}:${t}`, kind: 'bot', ip: '10.99.0.7', windowStart: t, windowEnd: t + 60_000, score: 0.93, detectedAt: t + 62_000 };
  await new HBaseAlertSink(hbase, cfg.tables.alerts).write([alert]);
  try {
    const row = page.locator(`#alerts-rows tr[data-id="${alert.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    const cells = await row.locator('td').allInnerTexts();
    assert.deepEqual(cells.slice(0, 2), ['bot', '10.99.0.7']);
    assert.match(cells[2] as string, /^2030-01-\d\d \d\d:\d\d:\d\d – \d\d:\d\d:\d\d$/);
    assert.equal(cells[3], '0.93');
    assert.equal(await row.getAttribute('class'), 'new', 'an alert that arrived while the page was open is marked');
    await page.screenshot({ path: path.join(outDir, 'dashboard-alerts.png'), fullPage: true });
  } finally {
    await hbase.delete(cfg.tables.alerts, alertRowKey(alert));
  }
});
