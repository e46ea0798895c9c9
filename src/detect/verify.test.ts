import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Incident } from '../generator';
import type { Alert } from '../schema';
import { judgeAlerts, meetsGoals } from './verify';

const t0 = Date.UTC(2026, 11, 5, 10, 0, 0);
const incidents: Incident[] = [
  { id: 'bot-1', kind: 'bot', variant: 'crawler', ip: '10.0.0.1', rate: 5, start: t0 + 60_000, end: t0 + 200_000 },
  { id: 'error-burst-1', kind: 'error-burst', variant: 'outage', courseId: 112, errorShare: 0.9, start: t0 + 90_000, end: t0 + 180_000 },
];
const span = { from: t0, to: t0 + 300_000 };
const bot = (at: number, over: Partial<Alert> = {}): Alert => ({ id: `bot:10.0.0.1:${at - 60_000}`, kind: 'bot', ip: '10.0.0.1', windowStart: at - 60_000, windowEnd: at, score: 0.9, detectedAt: at + 2000, ...over });
const burst: Alert = { id: `error-burst:112:${t0 + 85_000}`, kind: 'error-burst', courseId: 112, windowStart: t0 + 85_000, windowEnd: t0 + 105_000, score: 20, detectedAt: t0 + 102_000 };

test("a run's alerts: each incident found once meets the goals; the same alert committed twice is a duplicate, however right", () => {
  const once = judgeAlerts([bot(t0 + 70_000), burst], { incidents, span });
  assert.equal(once.met, true);
  assert.deepEqual([once.scores.bot.p95DelayMs, once.scores['error-burst'].p95DelayMs], [12_000, 12_000]);
  const twice = judgeAlerts([bot(t0 + 70_000), bot(t0 + 70_000), burst], { incidents, span });
  assert.equal(twice.duplicates, 1);
  assert.equal(twice.met, false);
  assert.equal(twice.scores.bot.alerts, 1, 'a duplicate is scored once');
});

test("alerts of other runs (other times) are left out, not counted as false alarms; a missed incident fails the goals", () => {
  const elsewhere = bot(t0 - 3_600_000, { ip: '10.0.0.1' });
  const v = judgeAlerts([elsewhere, { ...burst, detectedAt: t0 + 107_000 }], { incidents, span });
  assert.deepEqual([v.inSpan, v.outside], [1, 1]);
  assert.deepEqual(v.scores.bot.missed, ['bot-1']);
  assert.equal(v.met, false);
  assert.equal(meetsGoals(v.scores['error-burst']), false, 'the burst was found 17 s after it started: over 15 s');
});
