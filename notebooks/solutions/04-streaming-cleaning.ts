import { classify, courseRowKey, parseLine, searchRowKey, type EngineSet, type PartitionOffset } from 'clickstream-lab';
import type { Kafka } from 'kafkajs';

/** Exercise 04.1: how many malformed lines there are per reason code ('missing-field', 'bad-time', …). */
export function reasonCounts(lines: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of lines) {
    const p = parseLine(line);
    // tslab type-checks without strictNullChecks, where `!p.ok` does not narrow; `in` does.
    if ('reason' in p) counts[p.reason] = (counts[p.reason] ?? 0) + 1;
  }
  return counts;
}

export interface FileCounts {
  /** Course clicks per course row key (`yyyyMMdd_courseId`). */
  course: Map<string, number>;
  /** Search clicks per search row key (`yyyyMMdd_host_courseId`). */
  search: Map<string, number>;
  malformed: number;
}

/**
 * Exercise 04.2: a streaming job of your own. Consume `topic` with your own group (`groupId`, committing
 * nothing) from the offsets `since`; keep the lines of one shipped `file` (a message's key is
 * `<file>@<byte offset>`), each line once even when Flume sent it again (same key); clean and count them with
 * the pipeline's rules. Resolve once `lines` distinct lines of the file have arrived, and disconnect.
 */
export async function countShippedFile(kafka: Kafka, topic: string, since: readonly PartitionOffset[], file: string, lines: number, groupId: string, engines: EngineSet): Promise<FileCounts> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  const counts: FileCounts = { course: new Map(), search: new Map(), malformed: 0 };
  const seen = new Set<string>();
  const add = (m: Map<string, number>, row: string) => m.set(row, (m.get(row) ?? 0) + 1);
  await consumer.connect();
  try {
    await consumer.subscribe({ topic });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${seen.size} of ${lines} lines of ${file} within 60 s`)), 60_000);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ message }) => {
            const key = message.key?.toString() ?? '';
            if (!key.startsWith(`${file}@`) || seen.has(key) || seen.size === lines) return;
            seen.add(key);
            const parsed = parseLine(message.value?.toString() ?? '');
            if ('reason' in parsed) counts.malformed++;
            else {
              const c = classify(parsed.record, engines);
              if (c.kind === 'course') {
                add(counts.course, courseRowKey(c.day, c.courseId));
                if (c.searchEngine) add(counts.search, searchRowKey(c.day, c.searchEngine, c.courseId));
              }
            }
            if (seen.size === lines) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .then(() => {
          for (const s of since) consumer.seek({ topic, partition: s.partition, offset: s.offset });
        }, reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return counts;
}
