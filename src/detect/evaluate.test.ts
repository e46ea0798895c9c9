import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Incident } from '../generator';
import type { Alert } from './detector';
import { evaluateAlerts } from './evaluate';

const t0 = Date.UTC(2026, 11, 5, 10, 0, 0);
const incidents: Incident[] = [
  { id: 'bot-1', kind: 'bot', variant: 'crawler', ip: '10.0.0.1', rate: 5, start: t0, end: t0 + 120_000 },
  { id: 'bot-2', kind: 'bot', variant: 'scraper', ip: '10.0.0.2', rate: 2, start: t0 + 300_000, end: t0 + 420_000 },
  { id: 'error-burst-1', kind: 'error-burst', variant: 'outage', courseId: 112, errorShare: 0.9, start: t0 + 60_000, end: t0 + 150_000 },
];
const alert = (over: Partial<Alert>): Alert => ({ id: 'x', kind: 'bot', windowStart: 0, windowEnd: 0, score: 1, detectedAt: t0, ...over });

test('an alert naming a running incident detects it; a second alert for it is not a false alarm; one naming nothing is', () => {
  const s = evaluateAlerts(
    [
      alert({ ip: '10.0.0.1', detectedAt: t0 + 12_000 }),
      alert({ ip: '10.0.0.1', detectedAt: t0 + 130_000 }), // again, after it ended but within the grace
      alert({ ip: '172.16.0.9', detectedAt: t0 + 50_000 }), // a person
      alert({ kind: 'error-burst', courseId: 112, detectedAt: t0 + 75_000 }),
      alert({ kind: 'error-burst', courseId: 112, detectedAt: t0 + 400_000 }), // long after the burst
    ],
    incidents,
  );
  assert.deepEqual(s.bot, { incidents: 2, alerts: 3, detected: 1, falseAlarms: 1, precision: 2 / 3, recall: 0.5, delaysMs: [12_000], p95DelayMs: 12_000, missed: ['bot-2'] });
  assert.deepEqual(s['error-burst'], { incidents: 1, alerts: 2, detected: 1, falseAlarms: 1, precision: 0.5, recall: 1, delaysMs: [15_000], p95DelayMs: 15_000, missed: [] });
});

test('an alert before its incident started does not detect it, and no alerts at all is precision 1, recall 0', () => {
  const s = evaluateAlerts([alert({ ip: '10.0.0.2', detectedAt: t0 + 299_000 })], incidents);
  assert.equal(s.bot.detected, 0);
  assert.equal(s.bot.falseAlarms, 1);
  const none = evaluateAlerts([], incidents);
  assert.deepEqual([none.bot.precision, none.bot.recall, none.bot.p95DelayMs], [1, 0, null]);
});
