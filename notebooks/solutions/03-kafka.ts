import type { Kafka } from 'kafkajs';

/**
 * Exercise 03.1a: Kafka's murmur2 (the Java client's `Utils.murmur2`) of `data`, as Java's signed 32-bit int.
 * JavaScript has no 32-bit integer type: `Math.imul` multiplies like Java's int, `>>>` shifts without sign, and
 * `| 0` turns the result back into a signed 32-bit number.
 */
export function murmur2(data: Buffer): number {
  const m = 0x5bd1e995;
  const r = 24;
  let h = 0x9747b28c ^ data.length;
  const blocks = data.length >> 2;
  for (let i = 0; i < blocks; i++) {
    const o = i * 4;
    let k = data[o]! | (data[o + 1]! << 8) | (data[o + 2]! << 16) | (data[o + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const tail = blocks * 4;
  switch (data.length & 3) {
    case 3:
      h ^= data[tail + 2]! << 16;
    // falls through
    case 2:
      h ^= data[tail + 1]! << 8;
    // falls through
    case 1:
      h ^= data[tail]!;
      h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** Exercise 03.1b: the partition Kafka's default partitioner picks for a key (its UTF-8 bytes), given the topic's partition count. */
export function partitionForKey(key: string, partitions: number): number {
  return (murmur2(Buffer.from(key, 'utf8')) & 0x7fffffff) % partitions;
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

/**
 * Exercise 03.3: a consumer that reads `count` messages of one partition of `topic`, starting at `offset`, in
 * order — with a group of its own (`groupId`) that commits nothing — and disconnects. The messages' values as
 * text, with their offsets.
 */
export async function readFrom(kafka: Kafka, topic: string, partition: number, offset: string, count: number, groupId: string): Promise<{ offset: string; value: string }[]> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  const got: { offset: string; value: string }[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${got.length} of ${count} messages within 30 s`)), 30_000);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition: p, message }) => {
            if (p !== partition || got.length === count) return;
            got.push({ offset: message.offset, value: message.value?.toString() ?? '' });
            if (got.length === count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .then(() => consumer.seek({ topic, partition, offset }), reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return got;
}
