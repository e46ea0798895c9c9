import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { courseClicks, dashboardGet, loadCourseNames, nextDashboardEvent, type CourseClicks } from '../../src/dashboard';
import { HBaseClient } from '../../src/hbase';
import { dayTotal, probeFreshness, shipDay, type ShippedDay } from '../../src/lessons';
import { testConfig } from '../helpers';

/** The helpers lessons 06-08 stand on, against the test lab's running pipeline and dashboard. */
const cfg = testConfig();
let hbase: HBaseClient;
let shipped: ShippedDay;

before(async () => {
  hbase = await HBaseClient.forLab(cfg);
  shipped = await shipDay(cfg, hbase, { lines: 5000, timeoutMs: 60_000 });
});
after(() => hbase.close());

test('shipDay returns once HBase holds the ground truth of a day of its own', async () => {
  assert.match(shipped.day, /^1[2-8]\d{6}$/);
  assert.ok(shipped.truth.counted > 0);
  assert.equal(await dayTotal(hbase, cfg, shipped.day), shipped.truth.counted);
});

test('the running dashboard serves the same course clicks as HBase, by API and by event stream', async () => {
  const direct = await courseClicks(hbase, cfg, shipped.day, loadCourseNames(cfg));
  assert.deepEqual(await dashboardGet<CourseClicks[]>(cfg, `/api/courses?day=${shipped.day}`), direct);
  assert.ok((await dashboardGet<string[]>(cfg, '/api/days')).includes(shipped.day));
  const event = await nextDashboardEvent(cfg, shipped.day);
  assert.deepEqual(event.courses, direct);
  assert.equal(typeof event.metrics.linesIn, 'number');
});

test('a bad request comes back with the API\'s own message', async () => {
  await assert.rejects(dashboardGet(cfg, '/api/courses?day=yesterday'), /HTTP 400: Expected day as yyyyMMdd/);
});

test('a freshness probe sees its clicks counted, and says how long it took', async () => {
  const p = await probeFreshness(cfg, hbase, { clicks: 3 });
  assert.equal(await dayTotal(hbase, cfg, p.day), 3);
  assert.ok(p.ms > 0 && p.ms < 30_000, `${p.ms} ms`);
});
