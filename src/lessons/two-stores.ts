import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection } from 'mariadb';
import { labPaths, type LabConfig } from '../config';
import { LabError } from '../errors';
import type { HBaseClient } from '../hbase';
import { SQL_TABLES } from '../schema';
import { applyBatchOnce, readPosition } from '../sql';
import { createLabTables, runLabAdmin } from '../stack/hbase-admin';
import { dropLeftoverTables } from './leftovers';
import { aggregateBatch } from '../stream/batch';
import { applyExactlyOnce, RowOffsets, type CounterUpdate } from '../stream/exactly-once';
import type { LineHandler } from '../stream/job';
import { compareStores, hbaseTotals, sqlTotals } from '../stores';
import { percentile } from '../util/percentile';

/**
 * Lesson 09's measurements: the same questions and the same writes against HBase and the relational store.
 * Everything here is measured on this machine when the cell runs; the notebook prints what it found.
 */

/** The median and 90th percentile of `runs` timed calls of `fn` (after one untimed warm-up call), in ms. */
export async function timeQuery<T>(fn: () => Promise<T>, runs = 15): Promise<{ result: T; p50: number; p90: number }> {
  const result = await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const began = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - began) / 1e6);
  }
  return { result, p50: percentile(ms, 0.5), p90: percentile(ms, 0.9) };
}

/** Scratch tables of the same shape as the lab's, in both stores, named after a run (`lesson09_…`). */
export interface ScratchTables {
  hbase: { course: string; search: string };
  sql: { course: string; search: string };
  /** The topic name the SQL write path stores its position under (no such Kafka topic exists). */
  topic: string;
}

export const SCRATCH_PREFIX = 'lesson09_';

export async function createScratchTables(cfg: LabConfig, sql: Connection, run: string): Promise<ScratchTables> {
  if (!/^[a-z0-9]+$/.test(run)) throw new RangeError(`Expected a run name of a-z and 0-9 (it goes into table names), got \`${run}\``);
  const t = {
    hbase: { course: `${SCRATCH_PREFIX}course_${run}`, search: `${SCRATCH_PREFIX}search_${run}` },
    sql: { course: `${SCRATCH_PREFIX}course_${run}`, search: `${SCRATCH_PREFIX}search_${run}` },
    topic: `${SCRATCH_PREFIX}${run}`,
  };
  await createLabTables(cfg, [t.hbase.course, t.hbase.search]);
  await sql.query(`CREATE TABLE ${t.sql.course} LIKE ${SQL_TABLES.course}`);
  await sql.query(`CREATE TABLE ${t.sql.search} LIKE ${SQL_TABLES.search}`);
  return t;
}

/** Drops every `lesson09_` table in both stores, and the positions stored under their topics; returns the names. */
export async function dropScratchTables(cfg: LabConfig, sql: Connection): Promise<string[]> {
  const hbase = await dropLeftoverTables(cfg, SCRATCH_PREFIX);
  // `_` matches any character in LIKE: the prefix's own is escaped.
  const like = `${SCRATCH_PREFIX.replace(/_/g, '\\_')}%`;
  const rows = (await sql.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE ?`, [like])) as { name: string }[];
  for (const r of rows) await sql.query(`DROP TABLE IF EXISTS \`${r.name}\``);
  await sql.query(`DELETE FROM ${SQL_TABLES.positions} WHERE topic LIKE ?`, [like]);
  return [...hbase.map((t) => `hbase ${t}`), ...rows.map((r) => `sql ${r.name}`)];
}

export interface SinkWriteResult {
  store: 'hbase' | 'sql';
  batches: number;
  lines: number;
  rowsWritten: number;
  ms: number;
  linesPerSec: number;
}

/**
 * The same lines, in the same micro-batches, through each store's exactly-once write path, into the scratch tables:
 * HBase's conditional increments with per-partition offsets in each row (lesson 05), and the relational store's one
 * transaction per batch with the positions table. Only the sink is timed (the counting is done once, before).
 */
export async function measureSinkWrites(hbase: HBaseClient, sql: Connection, tables: ScratchTables, lines: readonly string[], handleLine: LineHandler, batchLines = 5000): Promise<SinkWriteResult[]> {
  const batches: { lastOffset: number; updates: CounterUpdate[] }[] = [];
  for (let first = 0; first < lines.length; first += batchLines) {
    const messages = lines.slice(first, first + batchLines).map((l, i) => ({ offset: String(first + i), value: Buffer.from(l) }));
    const r = aggregateBatch(messages, handleLine, tables.hbase.course, tables.hbase.search);
    batches.push({ lastOffset: first + messages.length - 1, updates: r.updates });
  }
  const timed = async (store: 'hbase' | 'sql', write: (b: (typeof batches)[number]) => Promise<number>): Promise<SinkWriteResult> => {
    const began = Date.now();
    let rowsWritten = 0;
    for (const b of batches) rowsWritten += await write(b);
    const ms = Math.max(1, Date.now() - began);
    return { store, batches: batches.length, lines: lines.length, rowsWritten, ms, linesPerSec: Math.round((lines.length / ms) * 1000) };
  };
  const state = new RowOffsets(tables.topic, 0);
  const hbaseResult = await timed('hbase', async (b) => (await applyExactlyOnce(hbase, state, b.updates)).rowsWritten);
  let from = await readPosition(sql, tables.topic, 0);
  const sqlResult = await timed('sql', async (b) => {
    const course = new Map<string, number>();
    const search = new Map<string, number>();
    for (const u of b.updates) (u.table === tables.hbase.course ? course : search).set(u.row, u.offsets.length);
    const r = await applyBatchOnce(sql, { topic: tables.topic, partition: 0, from, lastOffset: b.lastOffset, course, search, filePositions: null, countTables: tables.sql });
    from = { next: b.lastOffset + 1, filePositions: null };
    return r.courseRows + r.searchRows;
  });
  return [hbaseResult, sqlResult];
}

export interface StorageSize {
  store: 'hbase' | 'sql';
  table: string;
  rows: number;
  bytes: number;
  bytesPerRow: number;
}

/**
 * What each scratch table takes on disk once written: HBase's store files after a flush (memstore → HFiles), and
 * InnoDB's data and index pages after ANALYZE TABLE (so information_schema's estimate is fresh). Both tables hold
 * the same rows (checked); HBase's course rows also carry lesson 05's per-partition offset columns.
 */
export async function storageSizes(cfg: LabConfig, hbase: HBaseClient, sql: Connection, tables: ScratchTables): Promise<StorageSize[]> {
  const same = await compareStores(hbaseTotalsOf(hbase, cfg, tables), sqlTotalsOf(sql, tables));
  if (same.differences.length > 0) throw new Error(`the scratch tables differ in ${same.differences.length} rows; sizes would not compare the same data`);
  await runLabAdmin(cfg, ['flush', tables.hbase.course, tables.hbase.search]);
  const out: StorageSize[] = [];
  for (const [kind, rows] of [['course', same.rows.course], ['search', same.rows.search]] as const) {
    const hTable = tables.hbase[kind];
    const bytes = hfileBytes(cfg, hTable);
    out.push({ store: 'hbase', table: hTable, rows, bytes, bytesPerRow: Math.round(bytes / Math.max(1, rows)) });
    const sTable = tables.sql[kind];
    await sql.query(`ANALYZE TABLE ${sTable}`);
    const [size] = (await sql.query(`SELECT data_length + index_length AS bytes FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?`, [sTable])) as { bytes: number }[];
    const sqlBytes = Number(size?.bytes ?? 0);
    out.push({ store: 'sql', table: sTable, rows, bytes: sqlBytes, bytesPerRow: Math.round(sqlBytes / Math.max(1, rows)) });
  }
  return out;
}

/**
 * The bytes of a table's HFiles in the standalone HBase's root directory (data/hbase/data/default/<table>/<region>/
 * <family>/…). Read from the file system because HBase's own region metrics count store files in whole megabytes.
 */
function hfileBytes(cfg: LabConfig, table: string): number {
  if (cfg.stack.target !== 'local') throw new LabError('HFile sizes are read from the native stack\'s data directory; in the VM run `du` there', { hint: 'Run this cell against the native lab.' });
  const dir = path.join(labPaths(cfg).serviceData('hbase'), 'data', 'default', table);
  let bytes = 0;
  for (const region of fs.readdirSync(dir, { withFileTypes: true })) {
    const family = path.join(dir, region.name, cfg.tables.family);
    if (!region.isDirectory() || !fs.existsSync(family)) continue;
    for (const f of fs.readdirSync(family, { withFileTypes: true })) if (f.isFile()) bytes += fs.statSync(path.join(family, f.name)).size;
  }
  return bytes;
}

/** The scratch tables read as the stores' totals (the same reader code as the lab's tables). */
function hbaseTotalsOf(hbase: HBaseClient, cfg: LabConfig, tables: ScratchTables) {
  return hbaseTotals(hbase, { ...cfg, tables: { ...cfg.tables, courseClicks: tables.hbase.course, searchClicks: tables.hbase.search } });
}

function sqlTotalsOf(sql: Connection, tables: ScratchTables) {
  return sqlTotals(sql, tables.sql);
}
