import type { Incident } from '../generator';
import { percentile } from '../util/percentile';
import type { Alert, AlertKind } from './detector';

/** How a detector did against the ground truth, for one kind of incident. */
export interface KindScore {
  incidents: number;
  alerts: number;
  /** Incidents with an alert that names them (their IP or course) while they ran or within `graceMs` after. */
  detected: number;
  /** Alerts that named no incident. */
  falseAlarms: number;
  precision: number;
  recall: number;
  /** Incident start → its alert's decision, event time, per detected incident. */
  delaysMs: number[];
  p95DelayMs: number | null;
  /** Ids of the incidents no alert named. */
  missed: string[];
}

const names = (a: Alert, i: Incident) => (i.kind === 'bot' ? a.ip === i.ip : a.courseId === i.courseId);

/**
 * Precision, recall and detection delay per kind. An alert counts for the first incident of its kind it names
 * that ran at the time it was decided (or ended at most `graceMs` before: the windows that prove an incident close
 * after it). Precision is over alerts, recall over incidents; with no alerts precision is 1, with no incidents recall is 1.
 */
export function evaluateAlerts(alerts: readonly Alert[], incidents: readonly Incident[], graceMs = 75_000): Record<AlertKind, KindScore> {
  const score = (kind: AlertKind): KindScore => {
    const mine = incidents.filter((i) => i.kind === kind);
    const found = new Map<string, number>();
    let falseAlarms = 0;
    for (const a of alerts.filter((x) => x.kind === kind).sort((x, y) => x.detectedAt - y.detectedAt)) {
      const hit = mine.find((i) => names(a, i) && a.detectedAt >= i.start && a.detectedAt < i.end + graceMs);
      if (!hit) falseAlarms++;
      else if (!found.has(hit.id)) found.set(hit.id, a.detectedAt - hit.start);
    }
    const count = alerts.filter((x) => x.kind === kind).length;
    const delaysMs = [...found.values()];
    return {
      incidents: mine.length,
      alerts: count,
      detected: found.size,
      falseAlarms,
      precision: count === 0 ? 1 : (count - falseAlarms) / count,
      recall: mine.length === 0 ? 1 : found.size / mine.length,
      delaysMs,
      p95DelayMs: delaysMs.length === 0 ? null : percentile(delaysMs, 0.95),
      missed: mine.filter((i) => !found.has(i.id)).map((i) => i.id),
    };
  };
  return { bot: score('bot'), 'error-burst': score('error-burst') };
}
