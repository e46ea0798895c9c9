import type { LabConfig } from '../config';
import { LabError } from '../errors';
import type { HBaseClient } from '../hbase';
import { COUNT_COLUMN } from '../schema';
import { runLabAdmin } from '../stack/hbase-admin';

/**
 * Per-region request counters of HBase tables, from the Admin API (RegionMetrics): the measurement behind
 * lesson 06's hot-spotting experiment. Counters are cumulative since the region opened, so an experiment
 * takes a snapshot before and after its writes and compares the two (`requestDeltas`).
 */
export interface RegionStats {
  /** The region's encoded name (stable while the region lives). */
  region: string;
  /** First key (inclusive) and end key (exclusive); '' = the table's start / end. */
  startKey: string;
  endKey: string;
  /** `host,port,startcode` of the regionserver hosting it; null while it is in transition. */
  server: string | null;
  readRequests: number | null;
  writeRequests: number | null;
}

export interface TableRegionStats {
  table: string;
  regions: RegionStats[];
}

/** Regions of each table in key order with their read/write request counts (one JVM for all tables). */
export async function regionStats(cfg: LabConfig, tables: string[]): Promise<TableRegionStats[]> {
  const lines = await runLabAdmin(cfg, ['region-stats', ...tables]);
  const parsed = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as TableRegionStats);
  if (parsed.length !== tables.length) {
    throw new LabError(`Expected region stats for ${tables.length} table(s), got ${parsed.length}`, { hint: lines.slice(-5).join('\n') });
  }
  return parsed;
}

/** What happened to one region between two snapshots. */
export interface RegionDelta {
  region: string;
  startKey: string;
  endKey: string;
  writes: number;
  reads: number;
}

/**
 * Requests each region received between `before` and `after` (same table). A region that appeared in
 * between (a split) counts from zero.
 */
export function requestDeltas(before: TableRegionStats, after: TableRegionStats): RegionDelta[] {
  if (before.table !== after.table) {
    throw new RangeError(`Expected two snapshots of one table, got \`${before.table}\` and \`${after.table}\``);
  }
  const prior = new Map(before.regions.map((r) => [r.region, r]));
  return after.regions.map((r) => {
    const p = prior.get(r.region);
    return {
      region: r.region,
      startKey: r.startKey,
      endKey: r.endKey,
      writes: (r.writeRequests ?? 0) - (p?.writeRequests ?? 0),
      reads: (r.readRequests ?? 0) - (p?.readRequests ?? 0),
    };
  });
}

export interface Spread {
  regions: number;
  /** Regions that received at least one write. */
  regionsWritten: number;
  totalWrites: number;
  /** The busiest region's share of all writes: 1 = one hot region, 1/regions = perfectly even. */
  hottestShare: number;
}

/** How evenly writes spread over a table's regions. */
export function writeSpread(deltas: readonly RegionDelta[]): Spread {
  const totalWrites = deltas.reduce((s, d) => s + d.writes, 0);
  const hottest = deltas.reduce((m, d) => Math.max(m, d.writes), 0);
  return {
    regions: deltas.length,
    regionsWritten: deltas.filter((d) => d.writes > 0).length,
    totalWrites,
    hottestShare: totalWrites === 0 ? 0 : hottest / totalWrites,
  };
}

export interface WriteMeasurement {
  table: string;
  deltas: RegionDelta[];
  spread: Spread;
}

/**
 * Increments `column` of every key once (as the streaming job does, 64 in flight) and reports which regions
 * took those writes: a region-stats snapshot before and one after. Use a table nobody else writes to.
 */
export async function measureWrites(
  cfg: LabConfig,
  hbase: HBaseClient,
  table: string,
  keys: readonly string[],
  column = COUNT_COLUMN,
): Promise<WriteMeasurement> {
  const [one] = await measureWriteWindows(cfg, hbase, [{ table, key: (k) => k }], [{ label: table, keys }], column);
  return (one as WindowMeasurement).tables[0] as WriteMeasurement;
}

/** The writes a table's regions took between two snapshots of it. */
function measured(table: string, before: TableRegionStats, after: TableRegionStats): WriteMeasurement {
  const deltas = requestDeltas(before, after);
  return { table, deltas, spread: writeSpread(deltas) };
}

/** One time window of traffic: the row keys it wrote (one increment each), before any table's own key mapping. */
export interface TrafficWindow {
  label: string;
  keys: readonly string[];
}

/** A table under test, and how it turns a row key into its own (identity, a salt, …). */
export interface KeyedTable {
  table: string;
  key: (rowKey: string) => string;
}

export interface WindowMeasurement {
  label: string;
  /** One per table, in the order given. */
  tables: WriteMeasurement[];
}

/**
 * Replays traffic window after window, as a streaming job would write it, into every table, with a region-stats
 * snapshot of all tables between windows (one JVM per snapshot): which regions each window's writes hit. A
 * total over the whole run can look even while every single window hammers one region — that is what
 * time-ordered keys do, and why the measurement is per window.
 */
export async function measureWriteWindows(cfg: LabConfig, hbase: HBaseClient, tables: readonly KeyedTable[], windows: readonly TrafficWindow[], column = COUNT_COLUMN): Promise<WindowMeasurement[]> {
  const names = tables.map((t) => t.table);
  let before = await regionStats(cfg, names);
  const out: WindowMeasurement[] = [];
  for (const w of windows) {
    for (const t of tables) await hbase.mapLimit(w.keys, (k) => hbase.increment(t.table, t.key(k), column, 1));
    const after = await regionStats(cfg, names);
    out.push({
      label: w.label,
      tables: tables.map((t, i) => measured(t.table, before[i] as TableRegionStats, after[i] as TableRegionStats)),
    });
    before = after;
  }
  return out;
}

/** All windows' writes to one table (the `index`-th given to measureWriteWindows) added up: the whole run. */
export function totalOverWindows(windows: readonly WindowMeasurement[], index: number): WriteMeasurement {
  const first = windows[0]?.tables[index];
  if (!first) throw new RangeError(`Expected measured windows with a table number ${index}`);
  const byRegion = new Map<string, RegionDelta>();
  for (const w of windows) {
    for (const d of (w.tables[index] as WriteMeasurement).deltas) {
      const sum = byRegion.get(d.region) ?? { ...d, writes: 0, reads: 0 };
      byRegion.set(d.region, { ...sum, writes: sum.writes + d.writes, reads: sum.reads + d.reads });
    }
  }
  const deltas = [...byRegion.values()];
  return { table: first.table, deltas, spread: writeSpread(deltas) };
}
