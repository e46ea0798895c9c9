import { MissingSolutionError, type EngineSet, type PartitionOffset } from 'clickstream-lab';
import type { Kafka } from 'kafkajs';

/** Exercise 04.1: how many malformed lines there are per reason code ('missing-field', 'bad-time', …). */
export function reasonCounts(lines: readonly string[]): Record<string, number> {
  throw new MissingSolutionError('04.1 reason counts', "parseLine(line) gives { ok: false, reason } for a malformed line; count the reasons. (In a notebook, narrow with `'reason' in result`: tslab checks types without strictNullChecks.)");
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
  throw new MissingSolutionError('04.2 a streaming job of your own', "As in 03.3: a consumer of your group, run() with autoCommit: false, then seek each partition of `since`. In eachMessage: skip keys that do not start with `${file}@` and keys seen before (a Set); parseLine the value ('reason' in result: malformed); classify(record, engines) gives the course, the day and the engine; courseRowKey(day, courseId) and searchRowKey(day, engine, courseId) name the rows.");
}
