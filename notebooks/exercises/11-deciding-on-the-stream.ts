import { MissingSolutionError, type IpWindow } from 'clickstream-lab';

/**
 * Exercise 11.1: an IP window's requests per second in which it made at least one request (its "active"
 * seconds, `w.seconds`: the distinct seconds, sorted). 0 for a window without requests.
 */
export function requestsPerActiveSecond(w: IpWindow): number {
  throw new MissingSolutionError('11.1 a window feature: requests per active second', 'w.requests divided by the number of distinct seconds, w.seconds.length; a window with no request has no active second: return 0 rather than divide by 0.');
}

/**
 * Exercise 11.2: the lowest threshold, among the scores themselves, at which the windows scored at or above it
 * are bots' windows (label 1) with a precision of at least `target`; Infinity when no threshold reaches it.
 */
export function thresholdForPrecision(scores: readonly number[], labels: readonly number[], target: number): number {
  throw new MissingSolutionError('11.2 a threshold for a target precision', 'Try each distinct score as a threshold, lowest first: precision = bots among the windows scored >= it / all windows scored >= it. Return the first that reaches target (confusionAt(scores, labels, t).precision computes it).');
}
