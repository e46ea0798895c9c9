import type { Alert, AlertKind } from '../schema';

/** What the detector's worker reports (`lab status`, the dashboard): published to its metrics file twice a second. */
export interface DetectorReport {
  startedAt: string;
  /** When the worker last restored its checkpoint after joining the group (null until it has). */
  joinedAt: string | null;
  partitions: number[];
  /** Restores since start: one per join of the group, plus one per failed commit. */
  restores: number;
  /** Lines read again at the last restore to rebuild the open windows. */
  lastReplay: number;
  linesIn: number;
  /** Lines read again after restores, in all. */
  replayed: number;
  malformed: number;
  /** Lines stamped in the future (job.ts FUTURE_MS), left out. */
  future: number;
  /** Lines too late for any of their windows. */
  late: number;
  /** Messages of access-log not yet read, summed over the partitions. */
  lag: number;
  commits: number;
  alerts: Record<AlertKind, number>;
  /** The latest alerts committed, newest first. */
  recentAlerts: Alert[];
  /** Event time the windows are closed up to (the watermark), ms; null until every partition delivered a line. */
  watermark: number | null;
  /** Milliseconds spent in batches since start: the detector's own work, without waiting on Kafka. */
  busyMs: number;
  modelSavedAt: string | null;
}

const RECENT = 10;

export class DetectorMetrics {
  private readonly lagByPartition = new Map<number, number>();
  readonly m: DetectorReport = {
    startedAt: new Date().toISOString(),
    joinedAt: null,
    partitions: [],
    restores: 0,
    lastReplay: 0,
    linesIn: 0,
    replayed: 0,
    malformed: 0,
    future: 0,
    late: 0,
    lag: 0,
    commits: 0,
    alerts: { bot: 0, 'error-burst': 0 },
    recentAlerts: [],
    watermark: null,
    busyMs: 0,
    modelSavedAt: null,
  };

  restored(partitions: number[], fromCheckpoint: boolean, toReplay: number, modelSavedAt: string | null): void {
    this.m.modelSavedAt = modelSavedAt;
    this.m.partitions = partitions;
    this.m.restores++;
    this.m.lastReplay = fromCheckpoint ? toReplay : 0;
    this.m.joinedAt = new Date().toISOString();
  }

  batch(lines: number, again: number, malformed: number, future: number, late: number, lag: number, partition: number): void {
    this.m.linesIn += lines;
    this.m.replayed += again;
    this.m.malformed += malformed;
    this.m.future += future;
    this.m.late = late;
    this.lagByPartition.set(partition, Math.max(0, lag));
    this.m.lag = [...this.lagByPartition.values()].reduce((a, b) => a + b, 0);
  }

  busy(ms: number): void {
    this.m.busyMs += ms;
  }

  committed(alerts: readonly Alert[], watermark: number | null): void {
    this.m.commits++;
    for (const a of alerts) this.m.alerts[a.kind]++;
    this.m.recentAlerts = [...alerts].reverse().concat(this.m.recentAlerts).slice(0, RECENT);
    this.m.watermark = watermark;
  }

  modelChanged(savedAt: string | null): void {
    this.m.modelSavedAt = savedAt;
  }

  snapshot(): DetectorReport {
    return { ...this.m, alerts: { ...this.m.alerts }, recentAlerts: [...this.m.recentAlerts] };
  }
}
