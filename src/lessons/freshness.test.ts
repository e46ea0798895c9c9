import assert from 'node:assert/strict';
import fc from 'fast-check';
import { test } from 'node:test';
import { clickDelays, type VisibleStep } from './freshness';

test('every click written is given one delay: the read that first showed it, less the write that wrote it', () => {
  const written = [{ at: 0, clicks: 3 }, { at: 50, clicks: 5 }, { at: 100, clicks: 5 }, { at: 150, clicks: 9 }];
  // A batch showed 4 clicks at 400 ms (3 of the first write, 1 of the second), then everything at 1000 ms.
  const steps: VisibleStep[] = [{ at: 400, visible: 4 }, { at: 1000, visible: 9 }];
  assert.deepEqual(clickDelays(written, steps), [
    { delayMs: 400, clicks: 3 },
    { delayMs: 350, clicks: 1 },
    { delayMs: 950, clicks: 1 },
    { delayMs: 850, clicks: 4 },
  ]);
});

test('clickDelays accounts for each visible click exactly once, with a delay no smaller than the time since its write', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 20 }), (perTick, readGaps) => {
      let clicks = 0;
      const written = perTick.map((n, i) => ({ at: i * 50, clicks: (clicks += n) }));
      // Reads after the writes, each showing a growing part of what was written (as a batching job would).
      let at = 0;
      let visible = 0;
      const steps: VisibleStep[] = [];
      for (const g of readGaps) {
        at += g * 40;
        visible = Math.min(clicks, visible + g);
        const shownWritten = written.filter((w) => w.at <= at).pop()?.clicks ?? 0;
        if (visible > shownWritten) visible = shownWritten; // nothing shows before it is written
        if (steps.length === 0 || visible > (steps[steps.length - 1] as VisibleStep).visible) steps.push({ at, visible });
      }
      const groups = clickDelays(written, steps);
      const total = groups.reduce((s, g) => s + g.clicks, 0);
      return total === (steps[steps.length - 1]?.visible ?? 0) && groups.every((g) => g.delayMs >= 0 && g.clicks > 0);
    }),
  );
});
