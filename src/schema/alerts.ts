/**
 * The detector's alerts (issue #19) as the `alerts` topic and the alerts table hold them. One JSON shape for
 * both; the table's row key sorts the newest incident first, so the dashboard reads the latest with one short scan.
 */

export type AlertKind = 'bot' | 'error-burst';

export interface Alert {
  /** `<kind>:<ip or course>:<window start>`: the same incident gives the same id, so a store can upsert it. */
  id: string;
  kind: AlertKind;
  ip?: string;
  courseId?: number;
  /** The first window that alerted: event time, ms. */
  windowStart: number;
  windowEnd: number;
  /** The bot probability, or the error share's z-score. */
  score: number;
  /** The detector's event-time clock when it decided (the oldest partition's newest line), ms: incident start → this is the delay. */
  detectedAt: number;
}

/** The alerts table's one column: the alert as JSON. */
export const ALERT_COLUMN = 'info:alert';

/** Larger than any event time in ms until the year 2286, so its complement keeps 13 digits. */
const LATEST = 9_999_999_999_999;

/** `<13 digits: LATEST − windowStart>_<id>`: newest incident first; the same incident, the same row. */
export const alertRowKey = (a: Pick<Alert, 'id' | 'windowStart'>): string => `${String(LATEST - a.windowStart).padStart(13, '0')}_${a.id}`;

/** An alert read back (from the table or the topic); null for anything that is not one. */
export function parseAlert(json: string): Alert | null {
  try {
    const a = JSON.parse(json) as Partial<Alert>;
    const ok = typeof a.id === 'string' && (a.kind === 'bot' || a.kind === 'error-burst') && [a.windowStart, a.windowEnd, a.score, a.detectedAt].every((n) => typeof n === 'number');
    return ok ? (a as Alert) : null;
  } catch {
    return null;
  }
}
