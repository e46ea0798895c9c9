import { MissingSolutionError, type LabConfig, type LabStatus } from 'clickstream-lab';

/** Exercise 00.1: names of the parts not running — kafka, hbase, flume, then stream-<id> per worker, then dashboard. */
export function unhealthyParts(s: LabStatus): string[] {
  throw new MissingSolutionError('00.1 unhealthy parts', 'Look at s.kafka.state, s.hbase.state, s.flume.state, each s.stream[i].state and s.dashboard.state; keep the names whose state is not "running".');
}

/** Exercise 00.2: the host:port a Kafka client connects to. */
export function kafkaBootstrap(cfg: LabConfig): string {
  throw new MissingSolutionError('00.2 kafka bootstrap', 'The host is cfg.stack.host, the port cfg.ports.kafka.');
}
