import { encodeRecord, type EncodedRecord, type RecordInput } from './record-encoder';

/**
 * Puts record-encoder.ts in place of kafkajs 2.2.4's record encoder, for every producer in this process.
 *
 * kafkajs loads its produce request's code on the first produce, and that code takes the record encoder from
 * Node's module cache then; so the cache entry is replaced here, when the lab's Kafka module is first imported
 * (client.ts), before any client exists. Records the faster encoder does not take (see there) still go to
 * kafkajs's own. If a produce already happened in this process the replacement comes too late and kafkajs's
 * encoder stays: slower, never different. `installed` says which one is in use.
 */
const RECORD_MODULE = 'kafkajs/src/protocol/recordBatch/record/v0';
const PRODUCE_REQUEST_MODULE = 'kafkajs/src/protocol/requests/produce/v3/request';

type KafkajsRecord = (input: RecordInput) => EncodedRecord;

export const kafkajsRecordEncoder: KafkajsRecord = require(RECORD_MODULE) as KafkajsRecord;

let installed = false;

export function installRecordEncoder(): boolean {
  if (installed) return true;
  const cached = require.cache[require.resolve(RECORD_MODULE)];
  if (!cached || require.cache[require.resolve(PRODUCE_REQUEST_MODULE)]) return false; // too late: kafkajs keeps its own
  cached.exports = (input: RecordInput) => encodeRecord(input) ?? kafkajsRecordEncoder(input);
  installed = true;
  return true;
}

/** True once producers in this process encode records with record-encoder.ts. */
export const recordEncoderInstalled = () => installed;
