import * as fs from 'node:fs';
import * as path from 'node:path';
import { labPaths, type LabConfig } from '../config';
import type { FlumeMetrics } from '../stack/services';

/** The agent's configuration exactly as `lab up` rendered it from src/stack/templates/flume/flume.conf. */
export function renderedFlumeConfig(cfg: LabConfig): string {
  return fs.readFileSync(path.join(labPaths(cfg).serviceConf('flume'), 'flume.conf'), 'utf8');
}

/** A Java-properties file (Flume's config format) as a map: `key = value`, `#` comments, no continuation lines. */
export function parseProperties(text: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const eq = line.search(/[=:]/);
    if (eq < 0) continue;
    props.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return props;
}

/**
 * The figures that tell whether events flow: what the source took in, what the Kafka channel delivered to
 * Kafka (a put succeeds once Kafka acknowledged it), and how many channel transactions were rolled back
 * (Kafka unreachable: TAILDIR then reads those lines again).
 */
export interface FlumeFlow {
  sourceAccepted: number;
  deliveredToKafka: number;
  rollbacks: number;
}

export function flumeFlow(m: FlumeMetrics): FlumeFlow {
  const n = (component: string, attr: string) => Number(m[component]?.[attr] ?? 0);
  return {
    sourceAccepted: n('SOURCE.r1', 'EventAcceptedCount'),
    deliveredToKafka: n('CHANNEL.c1', 'EventPutSuccessCount'),
    rollbacks: n('CHANNEL.c1', 'RollbackCount'),
  };
}

/**
 * Appends lines to `<name>.log` in the directory Flume tails, as the generator does; returns the file.
 * One write, so TAILDIR sees whole lines.
 */
export function shipLines(cfg: LabConfig, name: string, lines: readonly string[]): string {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new RangeError(`Expected a plain file name, got \`${name}\``);
  const dir = labPaths(cfg).flumeLogDir;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.log`);
  fs.appendFileSync(file, lines.map((l) => `${l}\n`).join(''));
  return file;
}

/**
 * An avro hop, the classic two-tier layout: edge agents on the web servers tail their logs and forward
 * over Avro RPC to one collector agent, which writes to Kafka. Returned as two Flume configs; the lab runs
 * a single agent (the edge and the collector would be the same machine), so this is for reading.
 */
export function avroHopExample(opts: { logDir: string; positionFile: string; collectorHost: string; collectorPort: number; kafkaBootstrap: string; topic: string }): { edge: string; collector: string } {
  const edge = [
    '# edge agent (one per web server): TAILDIR -> file channel -> avro sink to the collector',
    'edge.sources = r1',
    'edge.channels = c1',
    'edge.sinks = k1',
    'edge.sources.r1.type = TAILDIR',
    'edge.sources.r1.channels = c1',
    'edge.sources.r1.filegroups = f1',
    `edge.sources.r1.filegroups.f1 = ${opts.logDir}/.*\\.log`,
    `edge.sources.r1.positionFile = ${opts.positionFile}`,
    '# a file channel survives an agent restart (the lab\'s single agent writes into Kafka through a Kafka channel)',
    'edge.channels.c1.type = file',
    'edge.sinks.k1.type = avro',
    'edge.sinks.k1.channel = c1',
    `edge.sinks.k1.hostname = ${opts.collectorHost}`,
    `edge.sinks.k1.port = ${opts.collectorPort}`,
    'edge.sinks.k1.batch-size = 1000',
  ].join('\n');
  const collector = [
    '# collector agent: avro source (receives from every edge) -> memory channel -> Kafka sink',
    '# (a kill -9 loses what waits in a memory channel; a Kafka channel with no sink, like the lab\'s agent, holds nothing)',
    'collector.sources = r1',
    'collector.channels = c1',
    'collector.sinks = k1',
    'collector.sources.r1.type = avro',
    'collector.sources.r1.channels = c1',
    `collector.sources.r1.bind = ${opts.collectorHost}`,
    `collector.sources.r1.port = ${opts.collectorPort}`,
    'collector.channels.c1.type = memory',
    'collector.channels.c1.capacity = 100000',
    'collector.channels.c1.transactionCapacity = 1000',
    'collector.sinks.k1.type = org.apache.flume.sink.kafka.KafkaSink',
    'collector.sinks.k1.channel = c1',
    `collector.sinks.k1.kafka.bootstrap.servers = ${opts.kafkaBootstrap}`,
    `collector.sinks.k1.kafka.topic = ${opts.topic}`,
  ].join('\n');
  return { edge: `${edge}\n`, collector: `${collector}\n` };
}

/** One entry of TAILDIR's position file: how far into which file (by inode, so a renamed file keeps its place). */
export interface TaildirPosition {
  inode: number;
  pos: number;
  file: string;
}

/** TAILDIR's position file as it is now (Flume rewrites it every 3 s by default); empty before the first file. */
export function taildirPositions(cfg: LabConfig): TaildirPosition[] {
  const file = path.join(labPaths(cfg).serviceData('flume'), 'taildir_position.json');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
  return text ? (JSON.parse(text) as TaildirPosition[]) : [];
}
