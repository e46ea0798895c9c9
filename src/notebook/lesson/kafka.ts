import type { Kafka, KafkaMessage } from 'kafkajs';
import { runId } from './names';

export interface PartitionOffset {
  partition: number;
  offset: string;
}

/** The end of each partition now (the offset the next message will get): read from here to see only what comes next. */
export async function topicEnds(kafka: Kafka, topic: string): Promise<PartitionOffset[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.high }));
  } finally {
    await admin.disconnect();
  }
}

export interface ReadMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

const str = (v: Buffer | string | undefined | null) => (v == null ? null : v.toString());

function toRead(partition: number, m: KafkaMessage): ReadMessage {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) headers[k] = Array.isArray(v) ? v.map(String).join(',') : String(v ?? '');
  return { partition, offset: m.offset, key: str(m.key), value: str(m.value) ?? '', headers };
}

/**
 * Reads `topic` from the given offsets (see topicEnds) with a throw-away consumer group until `count`
 * messages passing `match` have arrived, and returns them; fails after `timeoutMs` saying how many came.
 */
export async function readSince(
  kafka: Kafka,
  topic: string,
  since: readonly PartitionOffset[],
  opts: { count: number; match?: (m: ReadMessage) => boolean; timeoutMs?: number },
): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({ groupId: runId('nb-reader'), maxWaitTimeInMs: 200 });
  const found: ReadMessage[] = [];
  const timeoutMs = opts.timeoutMs ?? 30_000;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: false });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${found.length} of ${opts.count} messages arrived on ${topic} within ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const m = toRead(partition, message);
            if (found.length < opts.count && (!opts.match || opts.match(m))) found.push(m);
            if (found.length === opts.count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .then(() => {
          for (const s of since) consumer.seek({ topic, partition: s.partition, offset: s.offset });
        }, reject);
    });
    return found;
  } finally {
    await consumer.disconnect();
  }
}
