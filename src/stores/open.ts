import type { LabConfig } from '../config';
import { HBaseClient } from '../hbase';
import { sqlEndpointFor, sqlPool } from '../sql';
import { hbaseTotals } from './hbase-totals';
import { sqlTotals } from './sql-totals';
import type { ClickTotals, StoreName } from './totals';

export interface OpenStore {
  totals: ClickTotals;
  close(): Promise<void>;
}

/** The lab's store `name`, connected: HBase through ZooKeeper, the relational store with a small pool. */
export async function openStore(cfg: LabConfig, name: StoreName): Promise<OpenStore> {
  if (name === 'hbase') {
    const hbase = await HBaseClient.forLab(cfg);
    return { totals: hbaseTotals(hbase, cfg), close: async () => hbase.close() };
  }
  const pool = sqlPool(sqlEndpointFor(cfg), 2);
  return { totals: sqlTotals(pool), close: () => pool.end() };
}
