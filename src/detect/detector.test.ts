import assert from 'node:assert/strict';
import fc from 'fast-check';
import { test } from 'node:test';
import { Random } from '../generator';
import { trainBotModel } from './bot-model';
import { Detector, type Alert } from './detector';
import { NeededOffsets } from './needed-offsets';
import { foldIp, ipFeatures, newIpWindow, windowMeans, type SeenLine } from './features';
import { type WindowSpec } from './windows';

const SPEC: WindowSpec = { lengthMs: 60_000, slideMs: 10_000, latenessMs: 5_000 };
const COURSE_SPEC: WindowSpec = { lengthMs: 20_000, slideMs: 5_000, latenessMs: 5_000 };
const t0 = Date.UTC(2026, 11, 5, 10, 0, 0);

/** Background: `perSecond` lines a second from a pool of people, each course page with a 3% chance of a 500. */
function people(rng: Random, from: number, seconds: number, perSecond: number): SeenLine[] {
  const out: SeenLine[] = [];
  for (let s = 0; s < seconds; s++) {
    for (let k = 0; k < perSecond; k++) {
      out.push({ ip: `172.16.0.${rng.int(200)}`, t: from + s * 1000 + rng.int(1000), courseId: 100 + rng.int(20), status: rng.float() < 0.03 ? 500 : 200, referer: rng.float() < 0.45 ? 'search' : rng.float() < 0.7 ? 'none' : 'site' });
    }
  }
  return out.sort((a, b) => a.t - b.t);
}

function bot(ip: string, from: number, seconds: number, rate: number): SeenLine[] {
  const out: SeenLine[] = [];
  for (let s = 0; s < seconds; s++) for (let k = 0; k < rate; k++) out.push({ ip, t: from + s * 1000 + Math.floor((k * 1000) / rate), courseId: 100 + ((s * rate + k) % 20), status: 200, referer: 'none' });
  return out;
}

/** A model trained on one stretch of people and crawlers, windowed as the detector windows them. */
function model() {
  const rng = new Random('train');
  const lines = [...people(rng, t0, 600, 20), ...bot('10.0.0.1', t0 + 100_000, 120, 5), ...bot('10.0.0.2', t0 + 300_000, 120, 6)].sort((a, b) => a.t - b.t);
  const windows = new Map<string, ReturnType<typeof newIpWindow>>();
  for (const l of lines) {
    const start = Math.floor(l.t / SPEC.lengthMs) * SPEC.lengthMs; // tumbling windows are enough to train on here
    const key = `${l.ip}/${start}`;
    if (!windows.has(key)) windows.set(key, newIpWindow());
    foldIp(windows.get(key) as ReturnType<typeof newIpWindow>, l);
  }
  const closed = [...windows].map(([key, acc]) => ({ key, start: Number(key.split('/')[1]), acc }));
  const means = windowMeans(closed);
  const rows = closed.map((c) => ({ x: ipFeatures(c.acc, means.get(c.start) as number), y: c.key.startsWith('10.') ? 1 : 0 }));
  return trainBotModel(rows.map((r) => r.x), rows.map((r) => r.y), { trees: 10, seed: 5 });
}

test('a crawler and an error burst in live traffic: each alerted once, after it starts, by the windows that show it', () => {
  const rng = new Random('day');
  const burst = (l: SeenLine): SeenLine => (l.courseId === 107 && l.t >= t0 + 200_000 && l.t < t0 + 290_000 && rng.float() < 0.8 ? { ...l, status: 503 } : l);
  const lines = [...people(rng, t0, 480, 20).map(burst), ...bot('10.9.9.9', t0 + 120_000, 150, 6)].sort((a, b) => a.t - b.t);
  const d = new Detector({ partitions: [0, 1], model: model(), spec: SPEC, courseSpec: COURSE_SPEC });
  const alerts = [];
  for (const [i, l] of lines.entries()) {
    d.add(i % 2, l);
    alerts.push(...d.drain());
  }
  assert.deepEqual(alerts.map((a) => [a.kind, a.ip ?? a.courseId]), [['bot', '10.9.9.9'], ['error-burst', 107]]);
  const [b, e] = alerts;
  assert.ok(b!.detectedAt >= t0 + 120_000 && b!.detectedAt - (t0 + 120_000) <= 30_000, `bot detected ${(b!.detectedAt - t0 - 120_000) / 1000} s after it started`);
  assert.ok(e!.detectedAt >= t0 + 200_000 && e!.detectedAt - (t0 + 200_000) <= 30_000, `burst detected ${(e!.detectedAt - t0 - 200_000) / 1000} s after it started`);
  assert.equal(d.late, 0);
});

test('nothing is decided before every partition has delivered a line', () => {
  const d = new Detector({ partitions: [0, 1, 2], model: null, spec: SPEC, courseSpec: COURSE_SPEC });
  for (const l of people(new Random('x'), t0, 200, 5)) d.add(0, l);
  assert.deepEqual(d.drain(), []);
});

test('saved through JSON at any line and restored, the detector gives the same alerts as one that never stopped', () => {
  const rng = new Random('restart');
  const burst = (l: SeenLine): SeenLine => (l.courseId === 111 && l.t >= t0 + 150_000 && l.t < t0 + 240_000 && rng.float() < 0.9 ? { ...l, status: 500 } : l);
  const lines = [...people(rng, t0, 360, 15).map(burst), ...bot('10.1.1.1', t0 + 90_000, 150, 5)].sort((a, b) => a.t - b.t);
  const opts = { partitions: [0, 1, 2], model: model(), spec: SPEC, courseSpec: COURSE_SPEC };
  const run = (crashAt: number | null) => {
    let d = new Detector(opts);
    const alerts = [];
    for (const [i, l] of lines.entries()) {
      if (i === crashAt) d = Detector.restore(opts, JSON.parse(JSON.stringify(d.snapshot())));
      d.add(i % 3, l);
      alerts.push(...d.drain());
    }
    return alerts;
  };
  const whole = run(null);
  assert.equal(whole.length, 2, JSON.stringify(whole));
  for (const crashAt of [1, Math.floor(lines.length / 3), Math.floor(lines.length / 2), lines.length - 1]) assert.deepEqual(run(crashAt), whole, `restored at line ${crashAt}`);
});

test('checkpointed WITHOUT its windows and rebuilt by reading each partition again from readFrom, it decides what an uninterrupted detector decides (the worker after kill -9)', () => {
  const rng = new Random('replay');
  const burst = (l: SeenLine): SeenLine => (l.courseId === 111 && l.t >= t0 + 150_000 && l.t < t0 + 240_000 && rng.float() < 0.9 ? { ...l, status: 500 } : l);
  const lines = [...people(rng, t0, 360, 15).map(burst), ...bot('10.1.1.1', t0 + 90_000, 150, 5)].sort((a, b) => a.t - b.t);
  const opts = { partitions: [0, 1, 2], model: model(), spec: SPEC, courseSpec: COURSE_SPEC };
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: lines.length, maxLength: lines.length }), fc.integer({ min: 1, max: lines.length - 1 }), (partitionOf, crashAt) => {
      // Each line gets a partition and that partition's next offset, in the order the lines were written.
      const next = [0, 0, 0];
      const placed = lines.map((l, i) => ({ l, p: partitionOf[i] as number, offset: next[partitionOf[i] as number]++ }));
      const run = (crash: number | null) => {
        let d = new Detector(opts);
        const needed = new NeededOffsets();
        const taken = [0, 0, 0];
        const alerts: Alert[] = [];
        for (const [i, { l, p, offset }] of placed.entries()) {
          if (i === crash) {
            const cp = JSON.parse(JSON.stringify(d.checkpoint()));
            const readFrom = [0, 1, 2].map((q) => needed.readFrom(q, d.oldestOpen, taken[q] as number));
            d = Detector.resume(opts, cp);
            // Read again partition by partition (not in the original interleaving), as Kafka hands them back.
            for (const q of [2, 0, 1]) for (const x of placed) if (x.p === q && x.offset >= (readFrom[q] as number) && x.offset < (taken[q] as number)) d.addAgain(q, x.l);
          }
          d.add(p, l);
          needed.record(p, d.lastWindowStart(l.t), offset);
          taken[p] = offset + 1;
          alerts.push(...d.drainDue());
        }
        return { alerts, late: d.late };
      };
      const whole = run(null);
      assert.ok(whole.alerts.some((a) => a.kind === 'bot') && whole.alerts.some((a) => a.kind === 'error-burst'), JSON.stringify(whole.alerts));
      assert.deepEqual(run(crashAt), whole);
    }),
    { numRuns: 12, seed: 19 },
  );
});
