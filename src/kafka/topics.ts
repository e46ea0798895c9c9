import type { Kafka } from 'kafkajs';
import type { LabConfig } from '../config';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
}

/** The topics the pipeline needs: the access log and its dead-letter topic. */
export function labTopics(cfg: LabConfig): TopicSpec[] {
  return [
    { topic: cfg.topics.accessLog, numPartitions: cfg.topics.partitions },
    { topic: cfg.topics.deadLetter, numPartitions: 1 },
  ];
}

/** Creates the missing topics; existing ones are left as they are. Returns the names it created. */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({ topic: s.topic, numPartitions: s.numPartitions, replicationFactor: 1 })),
      });
    }
    return missing.map((s) => s.topic);
  } finally {
    await admin.disconnect();
  }
}

/** Each partition's end now (the offset the next message will get), by partition. */
export async function endOffsets(kafka: Kafka, topic: string): Promise<Map<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
  } finally {
    await admin.disconnect();
  }
}
