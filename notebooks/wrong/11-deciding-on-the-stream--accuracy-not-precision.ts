// Wrong on purpose (11.2 a threshold for a target precision): measures accuracy (right verdicts over all windows),
// which people's windows keep high at any threshold: it stops at a threshold whose alerts are mostly people's.
import { type IpWindow } from 'clickstream-lab';

export function requestsPerActiveSecond(w: IpWindow): number {
  return w.seconds.length === 0 ? 0 : w.requests / w.seconds.length;
}

export function thresholdForPrecision(scores: readonly number[], labels: readonly number[], target: number): number {
  const candidates = [...new Set(scores)].sort((a, b) => a - b);
  const accuracy = (t: number) => scores.filter((s, i) => (s >= t) === (labels[i] === 1)).length / scores.length;
  return candidates.find((t) => accuracy(t) >= target) ?? Infinity;
}
