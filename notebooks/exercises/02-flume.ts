import { MissingSolutionError } from 'clickstream-lab';

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
  throw new MissingSolutionError('02.1 flume route', `Start at props.get(\`\${agent}.sources\`) (a space-separated list), read <agent>.sources.<name>.type and .channels, then find the sink whose .channel is that channel. There may be none (the lab's a1 has no <agent>.sinks at all): then sink is undefined and the topic is the channel's own kafka.topic.`);
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
  throw new MissingSolutionError('02.2 two-agent chain', "Each config lists its components (edge.sources = r1, edge.channels = c1, edge.sinks = k1), then each one's type and settings. A source names its channels (plural: a source can feed several), a sink its channel (singular). TAILDIR needs filegroups (a regex for the file names) and positionFile; avro sink: hostname and port; avro source: bind and port; Kafka sink: type org.apache.flume.sink.kafka.KafkaSink, kafka.bootstrap.servers and kafka.topic.");
}
