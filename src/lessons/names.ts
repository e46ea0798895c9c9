import { randomBytes } from 'node:crypto';

/**
 * A name unique to this run (`nb03-m1x2k3-a9f0`), for topics, consumer groups, files and markers: a
 * notebook run twice never meets the data of its earlier run. Lower-case letters, digits and dashes only,
 * which Kafka topic and group names, file names and HBase row keys all accept.
 */
export function runId(prefix: string): string {
  if (!/^[a-z0-9-]+$/.test(prefix)) throw new RangeError(`Expected a prefix of a-z, 0-9 and -, got \`${prefix}\``);
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
}
