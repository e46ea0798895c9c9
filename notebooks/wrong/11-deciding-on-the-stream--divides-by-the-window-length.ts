// Wrong on purpose (11.1 a window feature: requests per active second): divides by the window's 60 seconds, which
// is requests per second of the window, not per active second: a bot and a person with as many requests look alike.
import { confusionAt, type IpWindow } from 'clickstream-lab';

export function requestsPerActiveSecond(w: IpWindow): number {
  return w.requests / 60;
}

export function thresholdForPrecision(scores: readonly number[], labels: readonly number[], target: number): number {
  const candidates = [...new Set(scores)].sort((a, b) => a - b);
  return candidates.find((t) => confusionAt(scores, labels, t).precision >= target) ?? Infinity;
}
