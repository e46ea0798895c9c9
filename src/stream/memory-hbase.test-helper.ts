/**
 * An in-memory stand-in for the HBase client methods the exactly-once sink calls (exactly-once.ts), for unit
 * tests. Cells hold bytes, counters 8-byte big-endian longs, as in HBase. Each single-row operation is atomic;
 * between operations (and between the actions of one multi request, which HBase runs one after the other)
 * it can yield to the event loop, so concurrent writers interleave, and it can fail an operation before or
 * after applying it: the caller then cannot tell which, as with a real timeout.
 */
import type { CellValue, HBaseClient, HRow } from '../hbase';
import { decodeLong, encodeLong } from '../hbase';
import type { ConditionalIncrement, ConditionalOutcome } from '../hbase/conditional-batch';
import { mapLimit } from '../util/limit';

/** The client methods exactly-once.ts uses: the stand-in is checked against their real signatures. */
type SinkClient = Pick<HBaseClient, 'get' | 'getMany' | 'checkAndIncrement' | 'checkAndIncrementMany' | 'mapLimit' | 'increment'>;

/** A failed operation: `before` = nothing applied, `after` = applied, then the answer was lost. */
export type Fault = 'before' | 'after';

export interface MemoryHBaseOptions {
  /** Asked once per operation (per row of a multi request): fail it, or not (undefined). */
  fault?: (op: string, table: string, row: string) => Fault | undefined;
  /** Event-loop turns to wait before each operation (0: none), so that concurrent writers interleave. */
  turns?: () => number;
  /** Operations in flight at once in mapLimit. */
  concurrency?: number;
}

type Row = Map<string, Buffer>;

export class MemoryHBase implements SinkClient {
  private readonly tables = new Map<string, Map<string, Row>>();
  /** Operations so far (rows, for the many-row ones), by name. */
  readonly ops = new Map<string, number>();
  /** Faults injected so far, by `<op> <before|after>`. */
  readonly faults = new Map<string, number>();

  constructor(private readonly opts: MemoryHBaseOptions = {}) {}

  /** The one cast: exactly-once.ts takes the real client type. */
  asClient(): HBaseClient {
    return this as unknown as HBaseClient;
  }

  /** A counter cell as a bigint; undefined when absent. */
  long(table: string, row: string, column: string): bigint | undefined {
    const cell = this.tables.get(table)?.get(row)?.get(column);
    return cell ? decodeLong(cell) : undefined;
  }

  /** The rows of a table that exist, by key. */
  rowKeys(table: string): string[] {
    return [...(this.tables.get(table)?.keys() ?? [])];
  }

  async get(table: string, row: string, columns: string[] = []): Promise<HRow | null> {
    await this.readStep('get', table, row);
    return this.read(table, row, columns);
  }

  async getMany(table: string, rows: string[], columns: string[] = []): Promise<Map<string, HRow>> {
    const found = new Map<string, HRow>();
    for (const row of rows) {
      await this.readStep('getMany', table, row);
      const r = this.read(table, row, columns);
      if (r) found.set(row, r);
    }
    return found;
  }

  async increment(table: string, row: string, column: string, by: number | bigint = 1): Promise<bigint> {
    return this.mutate('increment', table, row, () => {
      this.add(table, row, { [column]: by });
      return this.long(table, row, column) as bigint;
    });
  }

  async checkAndIncrement(table: string, row: string, column: string, expected: CellValue | null, amounts: Record<string, number | bigint>): Promise<boolean> {
    const want = expected === null ? null : typeof expected === 'string' ? Buffer.from(expected) : Buffer.isBuffer(expected) ? expected : encodeLong(expected);
    return this.mutate('checkAndIncrement', table, row, () => this.checkAndAdd(table, row, column, want, amounts));
  }

  /** Like HBase: the operations one after another, an outcome each; an error outcome for a failed one. */
  async checkAndIncrementMany(table: string, ops: readonly ConditionalIncrement[]): Promise<ConditionalOutcome[]> {
    const outcomes: ConditionalOutcome[] = [];
    for (const op of ops) {
      try {
        const applied = await this.mutate('checkAndIncrementMany', table, op.row, () => this.checkAndAdd(table, op.row, op.column, op.expected, op.amounts));
        outcomes.push(applied ? 'applied' : 'condition-failed');
      } catch (err) {
        outcomes.push({ error: String(err) });
      }
    }
    return outcomes;
  }

  mapLimit<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
    return mapLimit(items, this.opts.concurrency ?? 4, fn);
  }

  /** Waits its turns; throws for a `before` fault. Returns whether to fail after applying. */
  private async step(op: string, table: string, row: string): Promise<boolean> {
    this.ops.set(op, (this.ops.get(op) ?? 0) + 1);
    for (let n = this.opts.turns?.() ?? 0; n > 0; n--) await new Promise((r) => setImmediate(r));
    const fault = this.opts.fault?.(op, table, row);
    if (fault) this.faults.set(`${op} ${fault}`, (this.faults.get(`${op} ${fault}`) ?? 0) + 1);
    if (fault === 'before') throw new Error(`injected: ${op} ${table}/${row} failed before applying`);
    return fault === 'after';
  }

  /** A read has nothing to apply: it fails either way. */
  private async readStep(op: string, table: string, row: string): Promise<void> {
    if (await this.step(op, table, row)) throw new Error(`injected: ${op} ${table}/${row} failed`);
  }

  /** An atomic change of one row (`apply` runs synchronously), maybe failing after it. */
  private async mutate<T>(op: string, table: string, row: string, apply: () => T): Promise<T> {
    const failAfter = await this.step(op, table, row);
    const result = apply();
    if (failAfter) throw new Error(`injected: ${op} ${table}/${row} applied, then the answer was lost`);
    return result;
  }

  private read(table: string, row: string, columns: string[]): HRow | null {
    const r = this.tables.get(table)?.get(row);
    const cells: Record<string, Buffer> = {};
    for (const [col, value] of r ?? []) if (columns.length === 0 || columns.includes(col)) cells[col] = Buffer.from(value);
    // HBase answers a get whose columns the row lacks with an empty result: no row.
    return Object.keys(cells).length > 0 ? { key: row, cells } : null;
  }

  /** `expected` null: the column must be absent (HBase's empty comparator). */
  private checkAndAdd(table: string, row: string, column: string, expected: Buffer | null, amounts: Record<string, number | bigint>): boolean {
    const current = this.tables.get(table)?.get(row)?.get(column);
    const holds = expected === null ? current === undefined : current !== undefined && current.equals(expected);
    if (holds) this.add(table, row, amounts);
    return holds;
  }

  private add(table: string, row: string, amounts: Record<string, number | bigint>): void {
    let t = this.tables.get(table);
    if (!t) this.tables.set(table, (t = new Map()));
    let r = t.get(row);
    if (!r) t.set(row, (r = new Map()));
    for (const [col, by] of Object.entries(amounts)) {
      const before = r.get(col);
      r.set(col, encodeLong((before ? decodeLong(before) : 0n) + BigInt(by)));
    }
  }
}
