import type { Kafka, KafkaMessage } from 'kafkajs';
import { endOffsets } from '../kafka';
import { runId } from './names';
import { sleep } from '../util/wait';

export interface PartitionOffset {
  partition: number;
  offset: string;
}

/** The end of each partition now (the offset the next message will get): read from here to see only what comes next. */
export async function topicEnds(kafka: Kafka, topic: string): Promise<PartitionOffset[]> {
  return [...(await endOffsets(kafka, topic))].map(([partition, offset]) => ({ partition, offset: String(offset) }));
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

/**
 * Consumes `count` messages of `topic` as a member of `groupId` (from the beginning when the group is
 * new), commits the group's offsets for exactly what it returns, and leaves the group.
 */
export async function consumeWithGroup(kafka: Kafka, topic: string, groupId: string, count: number, timeoutMs = 30_000): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  const read: ReadMessage[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`group ${groupId} read ${read.length} of ${count} messages of ${topic} within ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            if (read.length < count) read.push(toRead(partition, message));
            if (read.length === count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    // The committed offset is the NEXT one to read: last read + 1, per partition.
    const next = new Map<number, number>();
    for (const m of read) next.set(m.partition, Math.max(next.get(m.partition) ?? 0, Number(m.offset) + 1));
    await consumer.commitOffsets([...next].map(([partition, offset]) => ({ topic, partition, offset: String(offset) })));
    return read;
  } finally {
    await consumer.disconnect();
  }
}

/**
 * Starts `members` consumers in one group on `topic` and waits until the group is stable — every member
 * has joined, their partitions do not overlap and together cover the topic, and no rebalance happened for
 * a second — then returns who got which partitions and leaves the group.
 */
export async function groupAssignment(kafka: Kafka, topic: string, groupId: string, members: number, timeoutMs = 60_000): Promise<{ memberId: string; partitions: number[] }[]> {
  const admin = kafka.admin();
  await admin.connect();
  const partitionCount = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions.length ?? 0;
  await admin.disconnect();
  const latest = new Map<number, { memberId: string; partitions: number[] }>();
  let lastJoin = Date.now();
  const consumers = Array.from({ length: members }, () => kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, rebalanceTimeout: 10_000 }));
  try {
    consumers.forEach((c, i) =>
      c.on(c.events.GROUP_JOIN, (e) => {
        lastJoin = Date.now();
        latest.set(i, { memberId: e.payload.memberId, partitions: [...(e.payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b) });
      }),
    );
    for (const c of consumers) {
      await c.connect();
      await c.subscribe({ topic, fromBeginning: true });
      await c.run({ eachMessage: async () => undefined });
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = [...latest.values()];
      const held = all.flatMap((a) => a.partitions);
      const stable = all.length === members && held.length === partitionCount && new Set(held).size === partitionCount && Date.now() - lastJoin > 1000;
      if (stable) return all;
      if (Date.now() > deadline) throw new Error(`group ${groupId} did not settle within ${timeoutMs} ms: ${JSON.stringify(all)}`);
      await sleep(200);
    }
  } finally {
    await Promise.all(consumers.map((c) => c.disconnect()));
  }
}
