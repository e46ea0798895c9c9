import assert from 'node:assert/strict';
import fc from 'fast-check';
import { test } from 'node:test';
import { eventTimeMs } from '../logformat';
import { SlidingWindows, Watermark, windowStarts, type WindowSpec } from './windows';

const SPEC: WindowSpec = { lengthMs: 60_000, slideMs: 10_000, latenessMs: 5_000 };

test('a line is in length/slide windows, each containing it, one slide apart', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 4e12 }), (t) => {
      const starts = windowStarts(t, SPEC);
      return starts.length === 6 && starts.every((s, i) => s <= t && t < s + SPEC.lengthMs && s % SPEC.slideMs === 0 && (i === 0 || s - (starts[i - 1] as number) === SPEC.slideMs));
    }),
  );
});

test('event time is the written clock read as UTC: midnight is a window like any other, and a bad time is refused', () => {
  const before = eventTimeMs('2026-12-05 23:59:55');
  const after = eventTimeMs('2026-12-06 00:00:05');
  assert.equal(after - before, 10_000);
  const shared = windowStarts(before, SPEC).filter((s) => windowStarts(after, SPEC).includes(s));
  assert.equal(shared.length, 5, 'the two lines share the windows that span midnight');
  assert.throws(() => eventTimeMs('2026-12-05T23:59:55'), /yyyy-MM-dd HH:mm:ss/);
});

test('a partition that is behind holds every window open: the watermark is the oldest partition newest line, less the lateness', () => {
  const w = new Watermark(SPEC.latenessMs);
  const windows = new SlidingWindows<{ n: number }>(SPEC, () => ({ n: 0 }));
  const t0 = eventTimeMs('2026-12-05 10:00:00');
  w.observe(0, t0 + 300_000); // partition 0 is five minutes ahead
  windows.add('1.2.3.4', t0 + 300_000, (a) => a.n++);
  assert.equal(w.value([0, 1]), null, 'partition 1 has not delivered yet');
  w.observe(1, t0);
  windows.add('1.2.3.4', t0, (a) => a.n++);
  assert.deepEqual(windows.closeReady(w.value([0, 1])), [], 'nothing ends before partition 1 minus the lateness');
  w.observe(1, t0 + 70_000);
  const closed = windows.closeReady(w.value([0, 1]));
  // The watermark is t0 + 65 s: the six windows holding t0 (starting t0 - 50 s … t0) have all ended.
  assert.deepEqual(closed.map((c) => [c.start - t0, c.acc.n]), [[-50_000, 1], [-40_000, 1], [-30_000, 1], [-20_000, 1], [-10_000, 1], [0, 1]]);
  assert.equal(windows.size, 6, "partition 0's line, five minutes ahead, is in six windows still open");
});

test('a line behind the watermark joins the windows still open, and is late only when all of its windows have closed', () => {
  const windows = new SlidingWindows<{ n: number }>(SPEC, () => ({ n: 0 }));
  const t0 = eventTimeMs('2026-12-05 10:00:00');
  windows.add('k', t0, (a) => a.n++);
  windows.closeReady(t0 + 65_000); // every window starting at or before t0 + 5 s has ended
  assert.equal(windows.add('k', t0 + 20_000, (a) => a.n++), 'added', 'its windows starting at t0 + 10 s and t0 + 20 s are still open');
  assert.equal(windows.size, 2);
  assert.equal(windows.add('k', t0 + 1000, (a) => a.n++), 'late', 'every window holding t0 + 1 s started by t0 + 5 s');
  assert.equal(windows.add('k', t0 - 60_000, (a) => a.n++), 'late');
  assert.equal(windows.late, 2);
  assert.equal(windows.add('new-key', t0 - 60_000, (a) => a.n++), 'late', 'a key never seen cannot open a window behind the watermark');
});

test('lines of several partitions, each in time order, read in any interleaving: every (window, key) closes once, with exactly its lines', () => {
  const line = fc.record({ key: fc.constantFrom('a', 'b', 'c'), dt: fc.integer({ min: 0, max: 25_000 }) });
  fc.assert(
    fc.property(fc.array(fc.array(line, { maxLength: 25 }), { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { maxLength: 200 }), (partitions, order) => {
      const t0 = 1_800_000_000_000;
      // Each partition's lines with increasing event times.
      const lines = partitions.map((ls, p) => {
        let t = t0;
        return ls.map((l) => ({ p, key: l.key, t: (t += l.dt) }));
      });
      const w = new Watermark(SPEC.latenessMs);
      const windows = new SlidingWindows<number[]>(SPEC, () => []);
      const closed = new Map<string, number[]>();
      const take = (c: { start: number; key: string; acc: number[] }) => {
        const id = `${c.start}/${c.key}`;
        assert.ok(!closed.has(id), `${id} closed twice`);
        closed.set(id, c.acc);
      };
      const next = lines.map(() => 0);
      const ids = lines.map((_, p) => p);
      let k = 0;
      for (;;) {
        const live = ids.filter((p) => (next[p] as number) < (lines[p] as unknown[]).length);
        if (live.length === 0) break;
        const p = live[(order[k++] ?? 0) % live.length] as number;
        const l = (lines[p] as { p: number; key: string; t: number }[])[next[p] as number] as { p: number; key: string; t: number };
        next[p] = (next[p] as number) + 1;
        w.observe(p, l.t);
        assert.equal(windows.add(l.key, l.t, (acc) => acc.push(l.t)), 'added');
        for (const c of windows.closeReady(w.value(ids))) take(c);
      }
      for (const c of windows.closeReady(Infinity)) take(c);
      // The oracle: each window's lines, per key, straight from the definition.
      const expected = new Map<string, number[]>();
      for (const l of lines.flat()) for (const s of windowStarts(l.t, SPEC)) expected.set(`${s}/${l.key}`, [...(expected.get(`${s}/${l.key}`) ?? []), l.t]);
      const sorted = (m: Map<string, number[]>) => [...m].map(([id, ts]) => [id, [...ts].sort((a, b) => a - b)]).sort();
      assert.deepEqual(sorted(closed), sorted(expected));
      return windows.size === 0 && windows.late === 0;
    }),
  );
});
