import { MissingSolutionError } from 'clickstream-lab';

/** Exercise 03.1: the partition Kafka's default (Java-compatible) partitioner picks for a key, given the topic's partition count. */
export function partitionForKey(key: string, partitions: number): number {
  throw new MissingSolutionError('03.1 partition for a key', "Partitioners.DefaultPartitioner() from 'kafkajs' returns a function ({ topic, partitionMetadata, message }) => partition; give it one metadata entry per partition ({ partitionId, leader, replicas, isr, offlineReplicas, partitionErrorCode }).");
}

/** Exercise 03.2: a consumer group's lag per partition, and in total. */
export function consumerLag(
  ends: readonly { partition: number; low: string; high: string }[],
  committed: readonly { partition: number; offset: string }[],
): { perPartition: Record<number, number>; total: number } {
  throw new MissingSolutionError('03.2 consumer lag', 'Lag = high watermark − committed offset. A committed offset of "-1" means the group has committed nothing there yet: it would start at low.');
}
