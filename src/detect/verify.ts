import type { Kafka } from 'kafkajs';
import type { Incident } from '../generator';
import { readTopicToEnd } from '../kafka';
import { parseAlert, type Alert, type AlertKind } from '../schema';
import { evaluateAlerts, type KindScore } from './evaluate';
import type { DetectorReport } from './metrics';

/** The bar (#19): per kind, precision and recall at least 0.9, and 95% of incidents alerted within 15 s. */
export const ALERT_GOALS = { precision: 0.9, recall: 0.9, p95DelayMs: 15_000 } as const;

export interface AlertVerdict {
  scores: Record<AlertKind, KindScore>;
  /** Alerts committed to the topic more than once (by id): 0 when every incident was alerted once. */
  duplicates: number;
  /** Alerts of the run's span, and how many of the topic's other alerts were left out (other runs). */
  inSpan: number;
  outside: number;
  met: boolean;
}

/**
 * Whether the detector behind `report` has read everything and decided a run that ended at `span.to`: no lag, and
 * its committed watermark within 10 s of the end (the last windows close only as later lines come).
 */
export function hasDecided(report: Pick<DetectorReport, 'lag' | 'watermark'> | null, span: { to: number }): boolean {
  return report !== null && report.lag === 0 && report.watermark !== null && report.watermark >= span.to - 10_000;
}

/** Whether a kind's score meets ALERT_GOALS (a kind with no incident needs only no false alarm). */
export function meetsGoals(s: KindScore): boolean {
  if (s.incidents === 0) return s.falseAlarms === 0;
  return s.precision >= ALERT_GOALS.precision && s.recall >= ALERT_GOALS.recall && s.p95DelayMs !== null && s.p95DelayMs <= ALERT_GOALS.p95DelayMs;
}

/** The run's alerts, as scored against its incidents: duplicates are counted, then each id is scored once. */
export function judgeAlerts(all: readonly Alert[], truth: { incidents: Incident[]; span: { from: number; to: number } }): AlertVerdict {
  const inSpan = all.filter((a) => a.windowEnd > truth.span.from && a.windowStart < truth.span.to);
  const byId = new Map(inSpan.map((a) => [a.id, a]));
  const scores = evaluateAlerts([...byId.values()], truth.incidents);
  const duplicates = inSpan.length - byId.size;
  return { scores, duplicates, inSpan: byId.size, outside: all.length - inSpan.length, met: duplicates === 0 && meetsGoals(scores.bot) && meetsGoals(scores['error-burst']) };
}

/** Every alert committed to the alerts topic (read_committed), in the order they were committed. */
export async function committedAlerts(kafka: Kafka, topic: string): Promise<Alert[]> {
  return (await readTopicToEnd(kafka, topic)).flatMap(({ message }) => {
    const a = parseAlert(message.value?.toString('utf8') ?? '');
    return a ? [a] : [];
  });
}
