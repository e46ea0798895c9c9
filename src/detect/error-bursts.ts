/**
 * The statistical detector of error bursts (issue #19): per course, an exponentially weighted mean of its 5xx share
 * over past windows is the baseline; a window whose share stands `z` binomial standard errors above it is a
 * burst. Only windows judged normal move the baseline, so a long burst does not become the new normal.
 */

export interface BurstRule {
  /** Weight of the newest normal window in the mean. */
  alpha: number;
  /** Standard errors above the baseline that make a burst. */
  z: number;
  /** And at least this share of 5xx (a quiet course's one error is not a burst). */
  minShare: number;
  /** And at least this many requests in the window. */
  minRequests: number;
  /** The baseline before a course has windows of its own (the site's usual 5xx share). */
  prior: number;
}

export const BURST_RULE: BurstRule = { alpha: 0.2, z: 4, minShare: 0.25, minRequests: 8, prior: 0.03 };

export interface Baseline {
  mean: number;
  windows: number;
}

export const newBaseline = (rule: BurstRule = BURST_RULE): Baseline => ({ mean: rule.prior, windows: 0 });

/**
 * Judges one closed window of a course: its z-score against the baseline (the binomial standard error of a share
 * over `requests` requests), whether it is a burst, and the baseline after it.
 */
export function judgeWindow(base: Baseline, requests: number, errors: number, rule: BurstRule = BURST_RULE): { burst: boolean; score: number; next: Baseline } {
  if (requests === 0) return { burst: false, score: 0, next: base };
  const share = errors / requests;
  const p = Math.min(Math.max(base.mean, 0.005), 0.995);
  const score = (share - p) / Math.sqrt((p * (1 - p)) / requests);
  const burst = requests >= rule.minRequests && share >= rule.minShare && score >= rule.z;
  const next = burst ? base : { mean: base.mean + rule.alpha * (share - base.mean), windows: base.windows + 1 };
  return { burst, score, next };
}
