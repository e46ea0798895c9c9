import type { LabConfig } from '../config';
import { recentAlerts } from '../detect/hbase-alerts';
import { detectorStatus } from '../detect/worker-process';
import { describe } from '../errors';
import type { HBaseClient } from '../hbase';
import type { Alert } from '../schema';

/** The dashboard's alerts panel: the detector's state and figures, and the newest alerts of its HBase table. */
export interface LiveAlerts {
  detector: { state: string; linesIn: number; lag: number; watermark: number | null; bot: number; errorBurst: number; restarts: number };
  recent: Alert[];
  /** Why the table could not be read (the page says so; the rest of the page still updates). */
  error?: string;
}

export const ALERTS_SHOWN = 15;

export async function liveAlerts(cfg: LabConfig, hbase: () => Promise<HBaseClient>): Promise<LiveAlerts> {
  const s = detectorStatus(cfg);
  const r = s.report;
  const detector = { state: s.state, linesIn: r?.linesIn ?? 0, lag: r?.lag ?? 0, watermark: r?.watermark ?? null, bot: r?.alerts.bot ?? 0, errorBurst: r?.alerts['error-burst'] ?? 0, restarts: r?.restarts ?? 0 };
  try {
    return { detector, recent: await recentAlerts(await hbase(), cfg.tables.alerts, ALERTS_SHOWN) };
  } catch (err) {
    return { detector, recent: [], error: describe(err) };
  }
}
