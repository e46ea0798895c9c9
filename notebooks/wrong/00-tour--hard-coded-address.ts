// Wrong on purpose (00.2 kafka bootstrap): hard-codes Kafka's default address. Right on a default lab; wrong as soon as
// the port is moved (LAB_KAFKA_PORT) or the stack runs in the VM.
import { type LabConfig, type LabStatus } from 'clickstream-lab';

/** Exercise 00.1: names of the parts not running — kafka, hbase, flume, then stream-<id> per worker, then dashboard. */
export function unhealthyParts(s: LabStatus): string[] {
  const services = (['kafka', 'hbase', 'flume'] as const).filter((name) => s[name].state !== 'running');
  const workers = s.stream.filter((w) => w.state !== 'running').map((w) => `stream-${w.workerId}`);
  return [...services, ...workers, ...(s.dashboard.state === 'running' ? [] : ['dashboard'])];
}

/** Exercise 00.2: the host:port a Kafka client connects to. */
export function kafkaBootstrap(cfg: LabConfig): string {
  return '127.0.0.1:9092';
}
