import { loadConfig, type LabConfig } from '../../config';
import { isPortOpen } from '../../process/health';

/** A service of the lab that does not answer, and what brings it back. */
export interface LabProblem {
  service: string;
  address: string;
  fix: string;
}

/**
 * The first of the lab's services a check may need that does not accept connections, or undefined when all do.
 * Asked only after a check failed with an error: it tells "the lab is down" from "your code is wrong".
 */
export async function labProblem(cfg: LabConfig = loadConfig()): Promise<LabProblem | undefined> {
  const host = cfg.stack.host;
  const vm = cfg.stack.target === 'vm';
  const fix = vm ? '`npx lab up --vm` (then `npx lab status --vm` says what runs)' : '`npx lab up` (then `npx lab status` says what runs)';
  const services: [string, number][] = [
    ['kafka', cfg.ports.kafka],
    ['hbase (ZooKeeper)', cfg.ports.zookeeper],
    ['hbase (regionserver)', cfg.ports.hbaseRegionServer],
  ];
  for (const [service, port] of services) {
    if (!(await isPortOpen(host, port, 1000))) return { service, address: `${host}:${port}`, fix };
  }
  return undefined;
}
