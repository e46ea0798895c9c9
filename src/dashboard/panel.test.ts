import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { loadConfig } from '../config';
import type { HBaseClient } from '../hbase';
import { createDashboard, listen, type DashboardPanel } from './server';

async function serve(panel?: DashboardPanel) {
  const hbase = {} as HBaseClient; // the panel below reads nothing; the other routes are not asked
  const server = createDashboard({ cfg: loadConfig(), hbase: async () => hbase, ...(panel ? { panel } : {}) });
  await listen(server, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('an extra panel is served at /api/panel for a day, with the day checked like every other route', async () => {
  const asked: string[] = [];
  const s = await serve({ title: 'Top engines', rows: async (_hbase, day) => (asked.push(day), [{ label: 'www.baidu.com', value: 7 }]) });
  try {
    const ok = await fetch(`${s.base}/api/panel?day=20261124`);
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { title: 'Top engines', rows: [{ label: 'www.baidu.com', value: 7 }] });
    assert.deepEqual(asked, ['20261124']);
    const bad = await fetch(`${s.base}/api/panel?day=yesterday`);
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /Expected day as yyyyMMdd/);
  } finally {
    await s.close();
  }
});

test('without a panel, /api/panel is not found and the page keeps the panel hidden', async () => {
  const s = await serve();
  try {
    assert.equal((await fetch(`${s.base}/api/panel?day=20261124`)).status, 404);
    assert.match(await (await fetch(`${s.base}/`)).text(), /<section id="panel" class="panel" hidden>/);
  } finally {
    await s.close();
  }
});
