/**
 * The p-quantile (0 ≤ p ≤ 1) of `samples` by the nearest-rank method: the smallest sample with at least
 * p of all samples at or below it. p50 = median, p99 = the value 99 % of samples do not exceed.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`Expected p between 0 and 1, got ${p}`);
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] as number;
}

/** The p-quantile by nearest rank over weighted samples (each delay counted `clicks` times). */
export function weightedPercentile(groups: readonly { delayMs: number; clicks: number }[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`Expected p between 0 and 1, got ${p}`);
  const sorted = [...groups].sort((a, b) => a.delayMs - b.delayMs);
  const total = sorted.reduce((sum, g) => sum + g.clicks, 0);
  if (total === 0) return NaN;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const g of sorted) {
    seen += g.clicks;
    if (seen >= rank) return g.delayMs;
  }
  return NaN;
}
