import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultConfig } from './defaults';
import { applyEnv, type Env } from './env';
import type { LabConfig, ServiceName } from './types';

export * from './types';
export { defaultConfig, findProjectRoot } from './defaults';
export { applyEnv, PORT_ENV, DEFAULT_VM_ADDRESS, VM_HOME_DIR } from './env';
export { defaultVmSettings, vmSettings, VM_ENV, type VmSettings, type JdkPin, type CentosVault } from './vm';

/** The lab's configuration: defaults, then the allowed environment variables, then explicit overrides. */
export function loadConfig(overrides: Partial<LabConfig> = {}, env: Env = process.env): LabConfig {
  return { ...applyEnv(defaultConfig(), env), ...overrides };
}

/** A Unix socket's path may hold 107 bytes: a deep lab home gets its socket in a directory under /tmp named after the home. */
function socketPath(wanted: string): string {
  if (Buffer.byteLength(wanted) <= 100) return wanted;
  return path.join(os.tmpdir(), `clickstream-lab-${createHash('sha256').update(wanted).digest('hex').slice(0, 12)}`, 'mariadb.sock');
}

/** Paths inside the lab home. One function so that every module agrees on the layout. */
export function labPaths(cfg: LabConfig) {
  const { home } = cfg;
  return {
    home,
    data: path.join(home, 'data'),
    logs: path.join(home, 'logs'),
    run: path.join(home, 'run'),
    conf: path.join(home, 'conf'),
    /** The directory Flume's TAILDIR source watches: every `*.log` in it is shipped to Kafka. */
    flumeLogDir: path.join(home, 'access-logs'),
    serviceData: (svc: ServiceName) => path.join(home, 'data', svc),
    serviceLog: (svc: string) => path.join(home, 'logs', `${svc}.log`),
    pidFile: (svc: string) => path.join(home, 'run', `${svc}.pid`),
    serviceConf: (svc: ServiceName) => path.join(home, 'conf', svc),
    /** The database server's local socket, in a directory only this user may enter: root logs in there (provisioning). */
    mariadbSocket: socketPath(path.join(home, 'run', 'mariadb', 'mariadb.sock')),
    /** The detector's trained bot model (`lab train`), which its worker loads. */
    botModel: path.join(home, 'data', 'detector', 'bot-model.json'),
  };
}

export type LabPaths = ReturnType<typeof labPaths>;

export function kafkaBrokers(cfg: LabConfig): string[] {
  return [`${cfg.stack.host}:${cfg.ports.kafka}`];
}

export function zookeeperQuorum(cfg: LabConfig): string {
  return `${cfg.stack.host}:${cfg.ports.zookeeper}`;
}
