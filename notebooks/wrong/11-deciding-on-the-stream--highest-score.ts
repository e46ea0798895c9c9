// Wrong on purpose (11.2 a threshold for a target precision): the highest score always gives precision 1 (or no
// alert), but it is not the lowest threshold that reaches the target: recall is thrown away.
import { type IpWindow } from 'clickstream-lab';

export function requestsPerActiveSecond(w: IpWindow): number {
  return w.seconds.length === 0 ? 0 : w.requests / w.seconds.length;
}

export function thresholdForPrecision(scores: readonly number[], _labels: readonly number[], _target: number): number {
  return Math.max(...scores);
}
