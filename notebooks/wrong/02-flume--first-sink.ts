// Wrong on purpose (02.1 flume route): takes the agent's first sink, not the sink that drains the source's channel.
// Right for an agent with one sink; wrong as soon as an agent has a second flow (e.g. a sink for a backup channel).
export interface FlumeRoute {
  source: string;
  channel: string;
  /** The type of the sink draining the channel; undefined when none does (a Kafka channel is then the last hop). */
  sink: string | undefined;
  /** The Kafka topic the lines go to: the sink's `kafka.topic`, or with no sink the channel's own; else undefined. */
  topic: string | undefined;
}

/** Exercise 02.1: follow an agent's wiring in a parsed Flume config: its first source → that source's channel → the sink draining it, if any. */
export function flumeRoute(props: Map<string, string>, agent: string): FlumeRoute {
  const names = (key: string) => (props.get(key) ?? '').split(/\s+/).filter((n) => n !== '');
  const source = names(`${agent}.sources`)[0] ?? '';
  const channel = names(`${agent}.sources.${source}.channels`)[0] ?? '';
  const sink = names(`${agent}.sinks`)[0];
  return {
    source: props.get(`${agent}.sources.${source}.type`) ?? '',
    channel: props.get(`${agent}.channels.${channel}.type`) ?? '',
    sink: sink === undefined ? undefined : props.get(`${agent}.sinks.${sink}.type`),
    topic: sink === undefined ? props.get(`${agent}.channels.${channel}.kafka.topic`) : props.get(`${agent}.sinks.${sink}.kafka.topic`),
  };
}

export interface ChainOptions {
  /** The folder the edge agent tails: every `*.log` file in it. */
  logDir: string;
  /** Where the edge agent's TAILDIR keeps its read positions. */
  positionFile: string;
  /** Where the collector's avro source listens, and the edge's avro sink sends to. */
  avroHost: string;
  avroPort: number;
  /** The Kafka broker (`host:port`) the collector writes to. */
  kafkaBootstrap: string;
  /** The topic the lines go to, one Kafka message per line, the line as its value. */
  topic: string;
}

/**
 * Exercise 02.2: the course's two agents, as Flume configs. `edge`: TAILDIR source → memory channel → avro sink
 * to the collector. `collector`: avro source → memory channel → Kafka sink into `topic`. The agents are named
 * `edge` and `collector` (the first part of every key).
 */
export function twoAgentChain(o: ChainOptions): { edge: string; collector: string } {
  const edge = [
    'edge.sources = r1',
    'edge.channels = c1',
    'edge.sinks = k1',
    'edge.sources.r1.type = TAILDIR',
    'edge.sources.r1.channels = c1',
    'edge.sources.r1.filegroups = f1',
    `edge.sources.r1.filegroups.f1 = ${o.logDir}/.*\\.log`,
    `edge.sources.r1.positionFile = ${o.positionFile}`,
    'edge.channels.c1.type = memory',
    'edge.channels.c1.capacity = 10000',
    'edge.channels.c1.transactionCapacity = 1000',
    'edge.sinks.k1.type = avro',
    'edge.sinks.k1.channel = c1',
    `edge.sinks.k1.hostname = ${o.avroHost}`,
    `edge.sinks.k1.port = ${o.avroPort}`,
  ];
  const collector = [
    'collector.sources = r1',
    'collector.channels = c1',
    'collector.sinks = k1',
    'collector.sources.r1.type = avro',
    'collector.sources.r1.channels = c1',
    `collector.sources.r1.bind = ${o.avroHost}`,
    `collector.sources.r1.port = ${o.avroPort}`,
    'collector.channels.c1.type = memory',
    'collector.channels.c1.capacity = 10000',
    'collector.channels.c1.transactionCapacity = 1000',
    'collector.sinks.k1.type = org.apache.flume.sink.kafka.KafkaSink',
    'collector.sinks.k1.channel = c1',
    `collector.sinks.k1.kafka.bootstrap.servers = ${o.kafkaBootstrap}`,
    `collector.sinks.k1.kafka.topic = ${o.topic}`,
  ];
  return { edge: edge.join('\n') + '\n', collector: collector.join('\n') + '\n' };
}
