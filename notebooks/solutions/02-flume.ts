import { type TaildirPosition } from 'clickstream-lab';

export interface FlumeRoute {
  source: string;
  channel: string;
  sink: string;
  /** The Kafka topic the sink writes to, when it is a Kafka sink. */
  topic: string | undefined;
}

/** Exercise 02.1: follow an agent's wiring in a parsed Flume config: its first source → that source's channel → the sink draining it. */
export function flumeRoute(props: Map<string, string>, agent: string): FlumeRoute {
  const source = (props.get(`${agent}.sources`) ?? '').split(/\s+/)[0] ?? '';
  const channel = (props.get(`${agent}.sources.${source}.channels`) ?? '').split(/\s+/)[0] ?? '';
  const sink = (props.get(`${agent}.sinks`) ?? '').split(/\s+/).find((k) => props.get(`${agent}.sinks.${k}.channel`) === channel) ?? '';
  return {
    source: props.get(`${agent}.sources.${source}.type`) ?? '',
    channel: props.get(`${agent}.channels.${channel}.type`) ?? '',
    sink: props.get(`${agent}.sinks.${sink}.type`) ?? '',
    topic: props.get(`${agent}.sinks.${sink}.kafka.topic`),
  };
}

/** Exercise 02.2: bytes of each tailed file that TAILDIR has not read yet, by file path. */
export function unreadBytes(positions: readonly TaildirPosition[], sizeOf: (file: string) => number): Record<string, number> {
  return Object.fromEntries(positions.map((p) => [p.file, sizeOf(p.file) - p.pos]));
}
