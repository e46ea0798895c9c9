import { type TaildirPosition } from 'clickstream-lab';

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
  const sink = names(`${agent}.sinks`).find((k) => props.get(`${agent}.sinks.${k}.channel`) === channel);
  return {
    source: props.get(`${agent}.sources.${source}.type`) ?? '',
    channel: props.get(`${agent}.channels.${channel}.type`) ?? '',
    sink: sink === undefined ? undefined : props.get(`${agent}.sinks.${sink}.type`),
    topic: sink === undefined ? props.get(`${agent}.channels.${channel}.kafka.topic`) : props.get(`${agent}.sinks.${sink}.kafka.topic`),
  };
}

/** Exercise 02.2: bytes of each tailed file that TAILDIR has not read yet, by file path. */
export function unreadBytes(positions: readonly TaildirPosition[], sizeOf: (file: string) => number): Record<string, number> {
  return Object.fromEntries(positions.map((p) => [p.file, sizeOf(p.file) - p.pos]));
}
