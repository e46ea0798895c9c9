import { MissingSolutionError } from 'clickstream-lab';
import type { Kafka } from 'kafkajs';

/**
 * Exercise 03.1a: Kafka's murmur2 (the Java client's `Utils.murmur2`) of `data`, as Java's signed 32-bit int.
 * JavaScript has no 32-bit integer type: `Math.imul` multiplies like Java's int, `>>>` shifts without sign, and
 * `| 0` turns the result back into a signed 32-bit number.
 */
export function murmur2(data: Buffer): number {
  throw new MissingSolutionError('03.1 partition for a key', 'Translate the Java murmur2 of the lesson line by line: h = seed ^ length; every 4 bytes (little-endian) k: k *= m, k ^= k >>> 24, k *= m, then h = h * m ^ k; the 1-3 bytes left go into h from the last one down, then h *= m; at the end h ^= h >>> 13, h *= m, h ^= h >>> 15. Every * is Math.imul.');
}

/** Exercise 03.1b: the partition Kafka's default partitioner picks for a key (its UTF-8 bytes), given the topic's partition count. */
export function partitionForKey(key: string, partitions: number): number {
  throw new MissingSolutionError('03.1 partition for a key', "Hash the key's UTF-8 bytes with your murmur2, make the hash non-negative the way the Java client does (toPositive: keep the low 31 bits), then take it modulo the partition count.");
}

/** Exercise 03.2: a consumer group's lag per partition, and in total. */
export function consumerLag(
  ends: readonly { partition: number; low: string; high: string }[],
  committed: readonly { partition: number; offset: string }[],
): { perPartition: Record<number, number>; total: number } {
  throw new MissingSolutionError('03.2 consumer lag', 'Lag = high watermark − committed offset. A committed offset of "-1" means the group has committed nothing there yet: it would start at low.');
}

/**
 * Exercise 03.3: a consumer that reads `count` messages of one partition of `topic`, starting at `offset`, in
 * order — with a group of its own (`groupId`) that commits nothing — and disconnects. The messages' values as
 * text, with their offsets.
 */
export async function readFrom(kafka: Kafka, topic: string, partition: number, offset: string, count: number, groupId: string): Promise<{ offset: string; value: string }[]> {
  throw new MissingSolutionError('03.3 read from an offset', 'kafka.consumer({ groupId }), connect, subscribe to the topic, run with autoCommit: false and an eachMessage that keeps messages of the partition; right after run() resolves, consumer.seek({ topic, partition, offset }). Resolve once you have count messages, then disconnect.');
}
