import { MissingSolutionError, type TaildirPosition } from 'clickstream-lab';

export interface FlumeRoute {
  source: string;
  channel: string;
  sink: string;
  /** The Kafka topic the sink writes to, when it is a Kafka sink. */
  topic: string | undefined;
}

/** Exercise 02.1: follow an agent's wiring in a parsed Flume config: its first source → that source's channel → the sink draining it. */
export function flumeRoute(props: Map<string, string>, agent: string): FlumeRoute {
  throw new MissingSolutionError('02.1 flume route', `Start at props.get(\`\${agent}.sources\`) (a space-separated list), read <agent>.sources.<name>.type and .channels, then find the sink whose .channel is that channel.`);
}

/** Exercise 02.2: bytes of each tailed file that TAILDIR has not read yet, by file path. */
export function unreadBytes(positions: readonly TaildirPosition[], sizeOf: (file: string) => number): Record<string, number> {
  throw new MissingSolutionError('02.2 unread bytes', 'For each position entry: the file size minus the position (pos) TAILDIR has reached.');
}
