// Wrong on purpose (00.1 unhealthy parts): lists the parts whose state is `stopped`, not those that are not `running`:
// a service that runs but fails its health check (`unhealthy`) is missed.
import { type LabConfig, type LabStatus } from 'clickstream-lab';

/** Exercise 00.1: names of the parts not running — kafka, hbase, flume, then stream-<id> per worker, then dashboard. */
export function unhealthyParts(s: LabStatus): string[] {
  const services = (['kafka', 'hbase', 'flume'] as const).filter((name) => s[name].state === 'stopped');
  const workers = s.stream.filter((w) => w.state !== 'running').map((w) => `stream-${w.workerId}`);
  return [...services, ...workers, ...(s.dashboard.state === 'running' ? [] : ['dashboard'])];
}

/** Exercise 00.2: the host:port a Kafka client connects to. */
export function kafkaBootstrap(cfg: LabConfig): string {
  return `${cfg.stack.host}:${cfg.ports.kafka}`;
}
