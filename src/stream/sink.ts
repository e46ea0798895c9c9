import type { CounterUpdate, SinkStats } from './exactly-once';

export type { CounterUpdate, SinkStats } from './exactly-once';

/**
 * Where the streaming job's counts go. The job hands it, per micro-batch of one Kafka partition, the counter
 * updates the batch produced: for each row, the offsets of the batch's lines that count for it.
 *
 * What the job promises every sink:
 * - `openPartition` is called each time the job takes a partition over (a fresh writer every time, so nothing
 *   a writer believes survives a rebalance);
 * - a writer gets its partition's batches one at a time, in offset order, never two at once;
 * - the batch's Kafka offset (with its dead letters and Flume file positions) is committed only after `write`
 *   resolved; if `write` rejects, the partition is read again from its committed offset.
 *
 * So the same lines can reach a sink more than once: after a crash between `write` and the commit, and from
 * a zombie worker that was fenced only after its write. What a sink makes of that is its `delivery`:
 * - `exactly-once`: a line whose offset a sink applied before changes nothing when it comes again (the HBase
 *   sink keeps each row's next offset per partition: exactly-once.ts; a relational sink would keep positions
 *   in the same transaction as its counts);
 * - `at-least-once`: it is counted again (the course's increment sink, kept for lesson 05's crash drill).
 */
export interface Sink {
  readonly delivery: 'exactly-once' | 'at-least-once';
  openPartition(topic: string, partition: number): PartitionWriter;
}

export interface PartitionWriter {
  /** Applies one batch; resolves once it is durable in the store, with what was applied per table. */
  write(batch: SinkBatch): Promise<Map<string, SinkStats>>;
}

export interface SinkBatch {
  partition: number;
  /** The batch's last Kafka offset (what the job commits after this write). */
  lastOffset: string;
  /** One update per row the batch touched, in any order; a row's offsets ascend. */
  updates: CounterUpdate[];
}

/** Updates by table, in first-seen order (a sink writes each table's rows together). */
export function byTable(updates: readonly CounterUpdate[]): Map<string, CounterUpdate[]> {
  const out = new Map<string, CounterUpdate[]>();
  for (const u of updates) {
    const list = out.get(u.table);
    if (list) list.push(u);
    else out.set(u.table, [u]);
  }
  return out;
}

/** Runs `apply` on each table's updates at once and collects the stats per table. */
export async function writeTables(updates: readonly CounterUpdate[], apply: (tableUpdates: CounterUpdate[]) => Promise<SinkStats>): Promise<Map<string, SinkStats>> {
  const tables = [...byTable(updates)];
  const stats = await Promise.all(tables.map(([, list]) => apply(list)));
  return new Map(tables.map(([table], i) => [table, stats[i] as SinkStats]));
}
