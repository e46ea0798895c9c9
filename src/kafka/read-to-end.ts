import type { Kafka, KafkaMessage } from 'kafkajs';
import { endOffsets } from './topics';

/**
 * Every committed message of `topic` up to its end as it is now, with a throw-away consumer group (read_committed:
 * aborted transactions are left out). Batches that hold only transaction markers still move the position, through
 * kafkajs's END_BATCH_PROCESS event, so a topic written in transactions is read to its very end.
 */
export async function readTopicToEnd(kafka: Kafka, topic: string, timeoutMs = 30_000): Promise<{ partition: number; message: KafkaMessage }[]> {
  const ends = await endOffsets(kafka, topic);
  const out: { partition: number; message: KafkaMessage }[] = [];
  const position = new Map<number, number>();
  const done = () => [...ends].every(([p, end]) => end === 0 || (position.get(p) ?? 0) >= end);
  if (done()) return out;
  const consumer = kafka.consumer({ groupId: `read-${topic}-${process.pid}-${Date.now()}`, maxWaitTimeInMs: 200 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${topic} was not read to its end within ${timeoutMs} ms (read ${out.length} messages)`)), timeoutMs);
      consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
        position.set(e.payload.partition, Math.max(position.get(e.payload.partition) ?? 0, Number(e.payload.lastOffset) + 1));
        if (done()) {
          clearTimeout(timer);
          resolve();
        }
      });
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            const end = ends.get(batch.partition) ?? 0;
            for (const message of batch.messages) if (Number(message.offset) < end) out.push({ partition: batch.partition, message });
          },
        })
        .catch(reject);
    });
    return out;
  } finally {
    await consumer.disconnect();
  }
}

/** The committed record of `topic`/`partition` at `offset` (read_committed), with a throw-away consumer group. */
export async function readRecordAt(kafka: Kafka, topic: string, partition: number, offset: number, timeoutMs = 30_000): Promise<KafkaMessage> {
  const consumer = kafka.consumer({ groupId: `read-${topic}-${process.pid}-${Date.now()}`, maxWaitTimeInMs: 200 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise<KafkaMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${topic}/${partition} had no committed record at offset ${offset} within ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          eachMessage: async ({ partition: p, message }) => {
            if (p !== partition || Number(message.offset) < offset) return;
            clearTimeout(timer);
            if (Number(message.offset) === offset) resolve(message);
            else reject(new Error(`${topic}/${partition} has no record at offset ${offset} (the next is ${message.offset}): compacted away, or never committed`));
          },
        })
        .then(() => consumer.seek({ topic, partition, offset: String(offset) }), reject);
    });
  } finally {
    await consumer.disconnect();
  }
}
