import * as path from 'node:path';
import { ConfigError } from '../errors';
import type { LabConfig, PortConfig, StackTarget } from './types';

/**
 * Environment settings the lab reads — an allow-list, so a stray variable never changes behaviour.
 * Each entry names the variable, what it sets, and how to parse it.
 */
export const PORT_ENV: Record<keyof PortConfig, string> = {
  kafka: 'LAB_KAFKA_PORT',
  kafkaController: 'LAB_KAFKA_CONTROLLER_PORT',
  zookeeper: 'LAB_ZOOKEEPER_PORT',
  hbaseMaster: 'LAB_HBASE_MASTER_PORT',
  hbaseRegionServer: 'LAB_HBASE_REGIONSERVER_PORT',
  flumeMetrics: 'LAB_FLUME_METRICS_PORT',
  dashboard: 'LAB_DASHBOARD_PORT',
  jupyter: 'LAB_JUPYTER_PORT',
  mariadb: 'LAB_MARIADB_PORT',
};

/** The private address the Vagrant VM gets (see vagrant/Vagrantfile). */
export const DEFAULT_VM_ADDRESS = '192.168.56.10';

/** The VM target's lab home inside the checkout (synced into the VM). */
export const VM_HOME_DIR = '.lab-vm';

export type Env = Record<string, string | undefined>;

function parsePort(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new ConfigError(`Expected ${name} to be a port number from 1 to 65535, got \`${raw}\``, {
      hint: `Unset ${name} to use the default, or give it a whole number such as 19092.`,
    });
  }
  return n;
}

function parseTarget(raw: string): StackTarget {
  if (raw === 'local' || raw === 'vm') return raw;
  throw new ConfigError(`Expected LAB_STACK to be \`local\` or \`vm\`, got \`${raw}\``, {
    hint: 'local runs Kafka/HBase/Flume on this machine; vm talks to the Vagrant VM (see README, "VM quick start").',
  });
}

/** Applies the allowed environment variables on top of `base`; returns a new config. */
export function applyEnv(base: LabConfig, env: Env): LabConfig {
  const cfg: LabConfig = structuredClone(base);
  const set = (name: string): string | undefined => {
    const v = env[name];
    return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
  };

  const home = set('LAB_HOME');
  if (home) cfg.home = path.resolve(home);
  const cache = set('LAB_CACHE_DIR');
  if (cache) cfg.cacheDir = path.resolve(cache);

  const target = set('LAB_STACK');
  if (target) {
    cfg.stack.target = parseTarget(target);
    if (cfg.stack.target === 'vm') {
      cfg.stack.host = DEFAULT_VM_ADDRESS;
      cfg.stack.bindHost = DEFAULT_VM_ADDRESS;
      // The VM reads its jars and writes its logs through the synced checkout, so by default both live in
      // it (.lab-vm/), apart from the native lab's .lab/: switching targets never mixes their logs or pids.
      if (!home) cfg.home = path.join(cfg.projectRoot, VM_HOME_DIR);
      if (!cache) cfg.cacheDir = path.join(cfg.projectRoot, VM_HOME_DIR, 'cache');
    }
  }
  const host = set('LAB_STACK_HOST');
  if (host) {
    cfg.stack.host = host;
    cfg.stack.bindHost = host;
  }

  for (const key of Object.keys(PORT_ENV) as (keyof PortConfig)[]) {
    const raw = set(PORT_ENV[key]);
    if (raw) cfg.ports[key] = parsePort(PORT_ENV[key], raw);
  }

  const timeout = set('LAB_START_TIMEOUT_MS');
  if (timeout) {
    const n = Number(timeout);
    if (!Number.isInteger(n) || n < 1000) {
      throw new ConfigError(`Expected LAB_START_TIMEOUT_MS to be at least 1000, got \`${timeout}\``);
    }
    cfg.startTimeoutMs = n;
  }
  return cfg;
}
