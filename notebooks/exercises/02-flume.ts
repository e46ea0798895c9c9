import { MissingSolutionError, type TaildirPosition } from 'clickstream-lab';

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

/** Exercise 02.2: bytes of each tailed file that TAILDIR has not read yet, by file path. */
export function unreadBytes(positions: readonly TaildirPosition[], sizeOf: (file: string) => number): Record<string, number> {
  throw new MissingSolutionError('02.2 unread bytes', 'For each position entry: the file size minus the position (pos) TAILDIR has reached.');
}
