import { zookeeperQuorum, type LabConfig } from '../config';
import { HBaseError, LabError } from '../errors';
import { mapLimit } from '../util/limit';
import { decodeLong, encodeLong, prefixStop, splitColumn } from './bytes';
import { checkAndIncrementMany, type BatchCapableClient, type ConditionalIncrement, type ConditionalOutcome } from './conditional-batch';
import { rawModule, type RawClient, type RawIncrement, type RawPut, type RawRow } from './raw';

/** A row as a plain object: its key and its cells by `family:qualifier`. */
export interface HRow {
  key: string;
  cells: Record<string, Buffer>;
}

/** Values a put accepts: strings are stored as UTF-8, numbers and bigints as 8-byte longs. */
export type CellValue = string | Buffer | number | bigint;

export interface ScanOptions {
  /** Only rows whose key starts with this. */
  prefix?: string;
  /** First row (inclusive) and stop row (exclusive); ignored when `prefix` is given. */
  start?: string;
  stop?: string;
  /** Rows fetched per round trip (HBase default 100). */
  batchSize?: number;
}

export interface HBaseClientOptions {
  /** ZooKeeper `host:port[,host:port]`. */
  zookeeper: string;
  /** Operations in flight at once for the *Many methods. */
  concurrency?: number;
  /** How long to wait for ZooKeeper and the first regionserver connection. */
  connectTimeoutMs?: number;
  callTimeoutMs?: number;
}

function toBuffer(value: CellValue): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (Buffer.isBuffer(value)) return value;
  return encodeLong(value);
}

function toRow(raw: RawRow | null | undefined): HRow | null {
  if (!raw || !raw.row) return null;
  const cells: Record<string, Buffer> = {};
  for (const [col, cell] of Object.entries(raw.cols)) {
    // With several versions the library returns an array; the lab always reads the newest.
    const c = Array.isArray(cell) ? (cell[0] as { value: Buffer }) : cell;
    cells[col] = Buffer.from(c.value);
  }
  return { key: raw.row.toString('utf8'), cells };
}

/**
 * The lab's HBase client: hbase-rpc-client with its HBase 2 fixes (patches/hbase-rpc-client+0.1.15.patch,
 * checked at load by ./library), `tcpNoDelay` on (without it every round trip waits ~45 ms for Nagle),
 * promises instead of callbacks, plain rows, scans as async iterables, and errors that name the table and row.
 */
export class HBaseClient {
  private closed = false;
  private lastError: unknown;

  private constructor(
    private readonly raw: RawClient,
    private readonly concurrency: number,
  ) {
    raw.on('error', (err) => {
      this.lastError = err; // surfaced by the operation that fails next; an unhandled 'error' would crash
    });
  }

  /** Connects and waits until the client has found hbase:meta (i.e. HBase answers). */
  static async connect(opts: HBaseClientOptions): Promise<HBaseClient> {
    const timeout = opts.connectTimeoutMs ?? 30_000;
    const raw = rawModule({
      zookeeperHosts: opts.zookeeper.split(','),
      zookeeperRoot: '/hbase',
      tcpNoDelay: true,
      rpcTimeout: timeout,
      callTimeout: opts.callTimeoutMs ?? 10_000,
    });
    const client = new HBaseClient(raw, opts.concurrency ?? 64);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.close();
        reject(
          new LabError(`Could not reach HBase through ZooKeeper at ${opts.zookeeper} within ${timeout} ms`, {
            hint: 'Is the lab up? Run `lab status`; `lab up` starts HBase.',
            cause: client.lastError,
            retriable: true,
          }),
        );
      }, timeout);
      raw.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return client;
  }

  static forLab(cfg: LabConfig, opts: Partial<HBaseClientOptions> = {}): Promise<HBaseClient> {
    return HBaseClient.connect({ zookeeper: zookeeperQuorum(cfg), ...opts });
  }

  private call<T>(operation: string, table: string, row: string | undefined, fn: (cb: (err: unknown, v: T) => void) => void): Promise<T> {
    if (this.closed) return Promise.reject(new HBaseError(operation, table, row, 'client is closed'));
    return new Promise<T>((resolve, reject) => {
      try {
        fn((err, v) => (err ? reject(new HBaseError(operation, table, row, err)) : resolve(v)));
      } catch (err) {
        reject(new HBaseError(operation, table, row, err));
      }
    });
  }

  async get(table: string, row: string, columns: string[] = []): Promise<HRow | null> {
    const get = new rawModule.Get(row);
    for (const col of columns) get.addColumn(...splitColumn(col));
    const raw = await this.call<RawRow | null>('get', table, row, (cb) => this.raw.get(table, get, cb));
    return toRow(raw);
  }

  /**
   * Many rows in one batch per regionserver (hbase-rpc-client's mget). Returns the rows that exist, by key;
   * an absent row is simply missing from the map.
   */
  async getMany(table: string, rows: string[], columns: string[] = []): Promise<Map<string, HRow>> {
    const found = new Map<string, HRow>();
    if (rows.length === 0) return found;
    const results = await this.call<unknown[]>('mget', table, undefined, (cb) => this.raw.mget(table, rows, columns, cb));
    for (const r of results) {
      if (r && typeof r === 'object' && 'name' in r && 'value' in r) throw new HBaseError('mget', table, undefined, r); // an exception
      const row = toRow(r as RawRow);
      if (row) found.set(row.key, row);
    }
    return found;
  }

  async put(table: string, row: string, cells: Record<string, CellValue>): Promise<void> {
    await this.call('put', table, row, (cb) => this.raw.put(table, this.makePut(row, cells), cb));
  }

  /** Many rows in one batch per regionserver (hbase-rpc-client's mput): ~80 ms for 2,000 rows. */
  async putMany(table: string, rows: { key: string; cells: Record<string, CellValue> }[]): Promise<void> {
    if (rows.length === 0) return;
    const results = await this.call<unknown[]>('mput', table, undefined, (cb) =>
      this.raw.mput(table, rows.map((r) => this.makePut(r.key, r.cells)), cb),
    );
    const failed = results.find((r) => r && typeof r === 'object' && 'exceptionClassName' in (r as object));
    if (failed) throw new HBaseError('mput', table, undefined, failed);
  }

  async delete(table: string, row: string): Promise<void> {
    await this.call('delete', table, row, (cb) => this.raw.delete(table, new rawModule.Delete(row), cb));
  }

  /** Atomically adds `by` to an 8-byte counter (absent = 0) and returns the new value. */
  async increment(table: string, row: string, column: string, by: number | bigint = 1): Promise<bigint> {
    const [family, qualifier] = splitColumn(column);
    const inc = new rawModule.Increment(row);
    inc.add(family, qualifier, String(by));
    const res = await this.call<{ result?: unknown }>('increment', table, row, (cb) => this.raw.increment(table, inc, cb));
    const parsed = toRow(this.raw._parseResponse(res.result));
    const cell = parsed?.cells[column];
    if (!cell) throw new HBaseError('increment', table, row, `no ${column} in the increment's result`);
    return decodeLong(cell);
  }

  /**
   * Writes `cells` only if `column` currently equals `expected` (`null`: only if the column is absent).
   * Returns whether the put happened.
   */
  checkAndPut(table: string, row: string, column: string, expected: CellValue | null, cells: Record<string, CellValue>): Promise<boolean> {
    return this.checkAndMutate('checkAndPut', table, row, column, expected, this.makePut(row, cells));
  }

  /**
   * Adds `amounts` to 8-byte counters of one row (absent = 0), atomically and only if `column` currently
   * equals `expected` (`null`: only if the column is absent). Returns whether the increment happened. HBase
   * 2.4+ accepts an Increment as a conditional mutation; the building block of the exactly-once sink.
   */
  checkAndIncrement(table: string, row: string, column: string, expected: CellValue | null, amounts: Record<string, number | bigint>): Promise<boolean> {
    const inc = new rawModule.Increment(row);
    for (const [col, by] of Object.entries(amounts)) inc.add(...splitColumn(col), String(by));
    return this.checkAndMutate('checkAndIncrement', table, row, column, expected, inc);
  }

  /**
   * Many conditional increments of rows of one table in one round trip per regionserver (see
   * conditional-batch.ts); an outcome per operation, in order. Operations that failed with an error were not
   * necessarily not applied: retry them through checkAndIncrement, whose condition tells.
   */
  async checkAndIncrementMany(table: string, ops: readonly ConditionalIncrement[]): Promise<ConditionalOutcome[]> {
    if (this.closed) throw new HBaseError('checkAndIncrementMany', table, undefined, 'client is closed');
    if (ops.length === 0) return [];
    return checkAndIncrementMany(this.raw as unknown as BatchCapableClient, table, ops);
  }

  /** hbase-rpc-client's checkAndPut sends whatever mutation it is given, with the condition. */
  private async checkAndMutate(operation: string, table: string, row: string, column: string, expected: CellValue | null, mutation: RawPut | RawIncrement): Promise<boolean> {
    const [family, qualifier] = splitColumn(column);
    // HBase treats an empty expected value as "the column must not exist".
    const value = expected === null ? Buffer.alloc(0) : toBuffer(expected);
    const res = await this.call<{ processed?: boolean }>(operation, table, row, (cb) => this.raw.checkAndPut(table, row, family, qualifier, value, mutation, cb));
    return res.processed === true;
  }

  /** Reads an 8-byte counter; absent = 0. */
  async getLong(table: string, row: string, column: string): Promise<bigint> {
    const r = await this.get(table, row, [column]);
    const cell = r?.cells[column];
    return cell ? decodeLong(cell) : 0n;
  }

  /** Rows in key order; every row, however many (patches/hbase-rpc-client+0.1.15.patch, scan.js, says why that needed fixing). */
  async *scan(table: string, opts: ScanOptions = {}): AsyncGenerator<HRow> {
    const start = opts.prefix ?? opts.start;
    const stop = opts.prefix !== undefined ? prefixStop(opts.prefix) : opts.stop;
    const scanner = this.raw.getScanner(table, start || undefined, stop || undefined);
    if (opts.batchSize) scanner.numCached = opts.batchSize;
    try {
      for (;;) {
        const raw = await this.call<RawRow | Record<string, never>>('scan', table, start, (cb) => scanner.next(cb));
        const row = toRow(raw as RawRow);
        if (!row) return;
        yield row;
      }
    } finally {
      scanner.close();
    }
  }

  async scanAll(table: string, opts: ScanOptions = {}): Promise<HRow[]> {
    const rows: HRow[] = [];
    for await (const r of this.scan(table, opts)) rows.push(r);
    return rows;
  }

  /** Runs `fn` over `items` with this client's concurrency bound. */
  mapLimit<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
    return mapLimit(items, this.concurrency, fn);
  }

  /** Closes ZooKeeper and regionserver connections so the process can exit. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.raw.labClosed = true; // the patched library then opens no connection and re-arms no watch (client.js)
    try {
      this.raw.zk.close();
    } catch {
      /* already closed */
    }
    for (const server of Object.values(this.raw.servers)) server.socket?.destroy();
  }

  private makePut(row: string, cells: Record<string, CellValue>) {
    const put = new rawModule.Put(row);
    for (const [col, value] of Object.entries(cells)) put.add(...splitColumn(col), toBuffer(value));
    return put;
  }
}

/** Reads a counter cell of a row returned by get/scan. */
export function readCounter(row: HRow, column: string): bigint {
  const cell = row.cells[column];
  return cell ? decodeLong(cell) : 0n;
}
