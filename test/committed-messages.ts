import type { Kafka } from 'kafkajs';
import { startAt, unique } from './helpers';

/**
 * The values of `topic`'s committed messages after `from`, read as a read_committed consumer sees them (a
 * transaction's commit marker takes an offset too, so offsets are no count). Waits for `count`, then reads
 * 3 s more so that a duplicate would show.
 */
export async function committedMessages(kafka: Kafka, topic: string, from: Map<number, number>, count: number, timeoutMs: number): Promise<{ value: string; raw: Buffer; source: string }[]> {
  const consumer = kafka.consumer({ groupId: unique('chaos-read'), readUncommitted: false });
  const seen: { value: string; raw: Buffer; source: string }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  startAt(consumer, topic, from);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${seen.length} of ${count} messages arrived on ${topic} in ${timeoutMs} ms`)), timeoutMs);
      let settling = false;
      void consumer.run({
        eachBatch: async ({ batch }) => {
          const start = from.get(batch.partition) ?? 0;
          for (const m of batch.messages) {
            const raw = m.value ?? Buffer.alloc(0);
            if (Number(m.offset) >= start) seen.push({ value: raw.toString('utf8'), raw, source: String(m.headers?.source ?? '') });
          }
          if (seen.length >= count && !settling) {
            settling = true;
            clearTimeout(timer);
            setTimeout(resolve, 3000);
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
