import { fasterBatchClass } from './fetched-batch';
import { fasterRecordBatchDecoder, type RecordBatchDecoder } from './record-batch-decoder';
import { encodeRecord, type EncodedRecord, type RecordInput } from './record-encoder';

/**
 * Puts the lab's faster parts in place of kafkajs 2.2.4's own, for every client in this process:
 * - record-encoder.ts for the records producers send (the job's dead letters);
 * - record-batch-decoder.ts for the record batches consumers fetch;
 * - fetched-batch.ts for the Batch each fetched partition becomes.
 * Each gives exactly what kafkajs's part gives (tests compare them), and hands what it does not take to it.
 *
 * kafkajs takes these parts from Node's module cache when the modules using them load: its consumer's Batch
 * when kafkajs itself is first required, the others on the first fetch or produce. So the cache entries are
 * replaced by preload.ts, which the streaming job's processes load before anything else (`node --require`). A
 * part whose user loaded first stays kafkajs's: slower, never different. `installedParts` says which are in use.
 */
const RECORD_MODULE = 'kafkajs/src/protocol/recordBatch/record/v0';
const PRODUCE_REQUEST_MODULE = 'kafkajs/src/protocol/requests/produce/v3/request';
const RECORD_BATCH_DECODER_MODULE = 'kafkajs/src/protocol/recordBatch/v0/decoder';
const DECODE_MESSAGES_MODULE = 'kafkajs/src/protocol/requests/fetch/v4/decodeMessages';
const BATCH_MODULE = 'kafkajs/src/consumer/batch';
const CONSUMER_GROUP_MODULE = 'kafkajs/src/consumer/consumerGroup';

type KafkajsRecord = (input: RecordInput) => EncodedRecord;

export const kafkajsRecordEncoder: KafkajsRecord = require(RECORD_MODULE) as KafkajsRecord;
export const kafkajsRecordBatchDecoder = require(RECORD_BATCH_DECODER_MODULE) as RecordBatchDecoder;
export const KafkajsBatch = require(BATCH_MODULE) as Parameters<typeof fasterBatchClass>[0];
const filterAbortedMessages = require('kafkajs/src/consumer/filterAbortedMessages') as Parameters<typeof fasterBatchClass>[1];

const installed = { encoder: false, decoder: false, batch: false };

/** Replaces `module`'s export with `make(kafkajs's export)`, unless `user` (which takes it once) has loaded. */
function replace(module: string, user: string, make: (theirs: never) => unknown): boolean {
  const cached = require.cache[require.resolve(module)];
  if (!cached || require.cache[require.resolve(user)]) return false; // too late: kafkajs keeps its own
  cached.exports = make(cached.exports as never);
  return true;
}

export function installKafkajsParts(): void {
  installed.encoder ||= replace(RECORD_MODULE, PRODUCE_REQUEST_MODULE, () => (input: RecordInput) => encodeRecord(input) ?? kafkajsRecordEncoder(input));
  installed.decoder ||= replace(RECORD_BATCH_DECODER_MODULE, DECODE_MESSAGES_MODULE, () => fasterRecordBatchDecoder(kafkajsRecordBatchDecoder) satisfies RecordBatchDecoder);
  installed.batch ||= replace(BATCH_MODULE, CONSUMER_GROUP_MODULE, () => fasterBatchClass(KafkajsBatch, filterAbortedMessages));
}

/** Which of the lab's parts kafkajs uses in this process. */
export const installedParts = () => ({ ...installed });

export type InstalledParts = ReturnType<typeof installedParts>;

/** The parts not in place, by name: in this process, or in `parts` as a worker reported them (empty: all in place). */
export const missingParts = (parts: InstalledParts = installedParts()): string[] => Object.entries(parts).flatMap(([part, on]) => (on ? [] : [part]));
