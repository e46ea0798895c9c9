import type { HBaseClient } from '../hbase';
import { ALERT_COLUMN, alertRowKey, parseAlert, type Alert } from '../schema';
import type { AlertSink } from './job';

/** The alerts table (schema/alerts.ts): one row per incident, so an alert decided again after a crash is the same row. */
export class HBaseAlertSink implements AlertSink {
  constructor(
    private readonly hbase: HBaseClient,
    private readonly table: string,
  ) {}

  write(alerts: readonly Alert[]): Promise<void> {
    return this.hbase.putMany(this.table, alerts.map((a) => ({ key: alertRowKey(a), cells: { [ALERT_COLUMN]: JSON.stringify(a) } })));
  }
}

/** The newest `limit` alerts of the table, newest incident first. */
export async function recentAlerts(hbase: HBaseClient, table: string, limit = 50): Promise<Alert[]> {
  const out: Alert[] = [];
  for await (const r of hbase.scan(table, { batchSize: limit })) {
    const a = parseAlert(r.cells[ALERT_COLUMN]?.toString('utf8') ?? '');
    if (a) out.push(a);
    if (out.length >= limit) break;
  }
  return out;
}
