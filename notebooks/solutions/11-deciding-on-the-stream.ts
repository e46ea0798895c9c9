import { confusionAt, type IpWindow } from 'clickstream-lab';

/**
 * Exercise 11.1: an IP window's requests per second in which it made at least one request (its "active"
 * seconds, `w.seconds`: the distinct seconds, sorted). 0 for a window without requests.
 */
export function requestsPerActiveSecond(w: IpWindow): number {
  return w.seconds.length === 0 ? 0 : w.requests / w.seconds.length;
}

/**
 * Exercise 11.2: the lowest threshold, among the scores themselves, at which the windows scored at or above it
 * are bots' windows (label 1) with a precision of at least `target`; Infinity when no threshold reaches it.
 */
export function thresholdForPrecision(scores: readonly number[], labels: readonly number[], target: number): number {
  // Precision is not monotonic in the threshold: every candidate is tried, lowest first.
  const candidates = [...new Set(scores)].sort((a, b) => a - b);
  return candidates.find((t) => confusionAt(scores, labels, t).precision >= target) ?? Infinity;
}
