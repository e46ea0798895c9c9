import { Partitioners, type PartitionMetadata } from 'kafkajs';

/** Exercise 03.1: the partition Kafka's default (Java-compatible) partitioner picks for a key, given the topic's partition count. */
export function partitionForKey(key: string, partitions: number): number {
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 1, replicas: [1], isr: [1], offlineReplicas: [], partitionErrorCode: 0 }));
  return Partitioners.DefaultPartitioner()({ topic: 'any', partitionMetadata, message: { key, value: null } });
}

/** Exercise 03.2: a consumer group's lag per partition, and in total. */
export function consumerLag(
  ends: readonly { partition: number; low: string; high: string }[],
  committed: readonly { partition: number; offset: string }[],
): { perPartition: Record<number, number>; total: number } {
  const perPartition: Record<number, number> = {};
  for (const e of ends) {
    const c = committed.find((x) => x.partition === e.partition)?.offset ?? '-1';
    perPartition[e.partition] = Number(e.high) - Number(c === '-1' ? e.low : c);
  }
  return { perPartition, total: Object.values(perPartition).reduce((s, n) => s + n, 0) };
}
