import type { HBaseClient } from '../hbase';
import { applyAtLeastOnce, applyExactlyOnce, RowOffsets } from './exactly-once';
import { writeTables, type PartitionWriter, type Sink } from './sink';

/**
 * The lab's sink: HBase counters, exactly once, with nothing but single-row conditional increments
 * (exactly-once.ts). Each partition's writer keeps what it believes each row's next offset is.
 */
export class HBaseExactlyOnceSink implements Sink {
  readonly delivery = 'exactly-once';

  constructor(private readonly hbase: HBaseClient) {}

  openPartition(topic: string, partition: number): PartitionWriter {
    const rows = new RowOffsets(topic, partition);
    return {
      write: ({ updates }) => {
        // Both tables' updates are applied at once with the partition's beliefs: they may be trimmed only before.
        rows.startBatch();
        return writeTables(updates, (list) => applyExactlyOnce(this.hbase, rows, list));
      },
    };
  }
}

/**
 * The course's sink, kept for lesson 05: one increment per row per batch. Correct until the job dies between
 * incrementing and committing its offsets; then the lines are counted again.
 */
export class HBaseAtLeastOnceSink implements Sink {
  readonly delivery = 'at-least-once';

  constructor(private readonly hbase: HBaseClient) {}

  openPartition(): PartitionWriter {
    return { write: ({ updates }) => writeTables(updates, (list) => applyAtLeastOnce(this.hbase, list)) };
  }
}

/** The HBase sink with the given delivery guarantee. */
export function hbaseSink(hbase: HBaseClient, delivery: Sink['delivery'] = 'exactly-once'): Sink {
  return delivery === 'at-least-once' ? new HBaseAtLeastOnceSink(hbase) : new HBaseExactlyOnceSink(hbase);
}
