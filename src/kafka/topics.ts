import type { Admin, Kafka } from 'kafkajs';
import { sleep } from '../util/wait';
import type { LabConfig } from '../config';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  /** Topic-level settings (`cleanup.policy`, …). */
  config?: Record<string, string>;
}

/** The topics the pipeline needs: the access log, its dead-letter topic, the detector's alerts and checkpoints. */
export function labTopics(cfg: LabConfig): TopicSpec[] {
  return [
    { topic: cfg.topics.accessLog, numPartitions: cfg.topics.partitions },
    { topic: cfg.topics.deadLetter, numPartitions: 1 },
    { topic: cfg.topics.alerts, numPartitions: 1 },
    // The detector's checkpoints (detect/job.ts): only the newest matters, so the topic is compacted, in small
    // segments so that compaction has closed ones to work on.
    { topic: cfg.topics.detectorState, numPartitions: 1, config: { 'cleanup.policy': 'compact', 'segment.bytes': String(16 * 1024 * 1024), 'min.cleanable.dirty.ratio': '0.1' } },
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
        // kafkajs's own wait retries only LEADER_NOT_AVAILABLE; a KRaft broker can first answer a new topic's
        // metadata with UNKNOWN_TOPIC_OR_PARTITION (seen adding topics to an existing lab), so the wait is ours.
        waitForLeaders: false,
        topics: missing.map((s) => ({ topic: s.topic, numPartitions: s.numPartitions, replicationFactor: 1, configEntries: Object.entries(s.config ?? {}).map(([name, value]) => ({ name, value })) })),
      });
    }
    if (missing.length > 0) await untilLeaders(admin, missing.map((s) => s.topic));
    return missing.map((s) => s.topic);
  } finally {
    await admin.disconnect();
  }
}

/** Until every partition of `topics` has a leader; the broker's "not yet" answers are waited out, for at most `timeoutMs`. */
async function untilLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      if (meta.length === topics.length && meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (err) {
      const type = (err as { type?: string }).type;
      if (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE') throw err;
    }
    if (Date.now() >= until) throw new Error(`the new topics ${topics.join(', ')} had no leader after ${timeoutMs / 1000} s`);
    await sleep(100);
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
