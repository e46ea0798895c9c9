import assert from 'node:assert/strict';
import fc from 'fast-check';
import { test } from 'node:test';
import { botRequestsAt, burstErrorShare, planIncidents, type BotIncident, type ErrorBurstIncident } from './incidents';

const from = Date.UTC(2026, 11, 5, 10, 0, 0);
const base = { from, to: from + 3_600_000, courseIds: [112, 128, 145, 146, 131, 130] };

test('a plan is the seed’s alone, inside its stretch with a minute free at each end, one IP per bot, one course per burst', () => {
  fc.assert(
    fc.property(fc.string(), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 6 }), (seed, bots, errorBursts) => {
      const plan = planIncidents({ ...base, seed, bots, errorBursts });
      assert.deepEqual(planIncidents({ ...base, seed, bots, errorBursts }), plan);
      assert.equal(plan.filter((i) => i.kind === 'bot').length, bots);
      assert.equal(plan.filter((i) => i.kind === 'error-burst').length, errorBursts);
      for (const i of plan) assert.ok(i.start >= from + 60_000 && i.end <= base.to - 60_000 && i.end > i.start && i.start % 1000 === 0, JSON.stringify(i));
      const ips = plan.flatMap((i) => (i.kind === 'bot' ? [i.ip] : []));
      assert.ok(new Set(ips).size === ips.length && ips.every((ip) => ip.startsWith('10.')));
      const courses = plan.flatMap((i) => (i.kind === 'error-burst' ? [i.courseId] : []));
      assert.equal(new Set(courses).size, courses.length);
      return plan.every((i, k) => k === 0 || (plan[k - 1] as { start: number }).start <= i.start);
    }),
  );
});

test('both variants of each kind occur, with the rates and error shares that tell them apart', () => {
  const plan = planIncidents({ ...base, seed: 'variants', bots: 40, errorBursts: 6 });
  const bots = plan.filter((i): i is BotIncident => i.kind === 'bot');
  const bursts = plan.filter((i): i is ErrorBurstIncident => i.kind === 'error-burst');
  assert.ok(bots.some((b) => b.variant === 'crawler') && bots.some((b) => b.variant === 'scraper'));
  for (const b of bots) assert.ok(b.variant === 'crawler' ? b.rate >= 4 && b.rate <= 8 : b.rate >= 2 && b.rate <= 3, JSON.stringify(b));
  assert.ok(bursts.some((b) => b.variant === 'outage') && bursts.some((b) => b.variant === 'degraded'));
  for (const b of bursts) assert.ok(b.variant === 'outage' ? b.errorShare >= 0.85 : b.errorShare <= 0.6, JSON.stringify(b));
});

test('a bot requests only while it runs; a burst raises only its course’s errors, only while it runs', () => {
  const bot: BotIncident = { id: 'bot-1', kind: 'bot', variant: 'crawler', ip: '10.0.0.9', rate: 5, start: from, end: from + 2000 };
  assert.deepEqual([from - 1000, from, from + 1000, from + 2000].map((t) => botRequestsAt(bot, t)), [0, 5, 5, 0]);
  const burst: ErrorBurstIncident = { id: 'error-burst-1', kind: 'error-burst', variant: 'degraded', courseId: 112, errorShare: 0.5, start: from, end: from + 60_000 };
  assert.equal(burstErrorShare([burst], 112, from + 59_999), 0.5);
  assert.equal(burstErrorShare([burst], 112, from + 60_000), null);
  assert.equal(burstErrorShare([burst], 128, from), null);
});

test('a run too short to hold an incident with a minute free at each end is refused, saying how long it must be', () => {
  assert.throws(() => planIncidents({ ...base, to: from + 300_000, seed: 's', bots: 1, errorBursts: 0 }), /at least 360 s/);
  assert.deepEqual(planIncidents({ ...base, to: from + 300_000, seed: 's', bots: 0, errorBursts: 0 }), [], 'no incidents asked: any length');
  assert.deepEqual(planIncidents({ ...base, to: from + 2000, seed: 's', bots: 0, errorBursts: 0 }), [], 'even shorter than the margins');
});
