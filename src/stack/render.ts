import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { labPaths, type LabConfig, type JvmServiceName } from '../config';
import { ConfigError } from '../errors';

/**
 * Config templates shared by the native stack and the Vagrant VM: the same files, rendered with the
 * addresses and paths of wherever the services run. `${NAME}` placeholders only; an unknown name is an error
 * so that a template and its variables never drift apart silently.
 */
export const TEMPLATE_FILES: Record<JvmServiceName, string[]> = {
  kafka: ['kafka/server.properties'],
  hbase: ['hbase/hbase-site.xml', 'hbase/hosts'],
  flume: ['flume/flume.conf'],
};
export const SHARED_TEMPLATES = ['log4j2.properties'];

export type TemplateVars = Record<string, string>;

export interface StackLocation {
  /** Address services bind to. */
  bindHost: string;
  /** Address clients are told to use (Kafka advertised listener, HBase regionserver name). */
  advertisedHost: string;
  dataDir: string;
  flumeLogDir: string;
  /** The machine's host name where the services run (HBase's JVM resolves it). */
  hostname: string;
}

export function templatesDir(cfg: LabConfig): string {
  return path.join(cfg.projectRoot, 'src', 'stack', 'templates');
}

export function templateVars(cfg: LabConfig, where: StackLocation): TemplateVars {
  return {
    BIND_HOST: where.bindHost,
    ADVERTISED_HOST: where.advertisedHost,
    DATA_DIR: where.dataDir,
    FLUME_LOG_DIR: where.flumeLogDir,
    HOSTNAME: where.hostname,
    KAFKA_PORT: String(cfg.ports.kafka),
    KAFKA_CONTROLLER_PORT: String(cfg.ports.kafkaController),
    ZOOKEEPER_PORT: String(cfg.ports.zookeeper),
    HBASE_MASTER_PORT: String(cfg.ports.hbaseMaster),
    HBASE_REGIONSERVER_PORT: String(cfg.ports.hbaseRegionServer),
    PARTITIONS: String(cfg.topics.partitions),
    ACCESS_LOG_TOPIC: cfg.topics.accessLog,
    KAFKA_VERSION: cfg.versions.kafka,
    HBASE_VERSION: cfg.versions.hbase,
    FLUME_VERSION: cfg.versions.flume,
  };
}

/** Where the native stack runs: this machine, state under the lab home. */
export function localLocation(cfg: LabConfig): StackLocation {
  const p = labPaths(cfg);
  return { bindHost: cfg.stack.bindHost, advertisedHost: cfg.stack.host, dataDir: p.data, flumeLogDir: p.flumeLogDir, hostname: os.hostname() };
}

export function renderTemplate(text: string, vars: TemplateVars, source = 'template'): string {
  return text.replace(/\$\{([A-Z0-9_]+)\}/g, (_m, name: string) => {
    const v = vars[name];
    if (v === undefined) {
      throw new ConfigError(`${source} uses \${${name}}, which the lab does not define`, {
        hint: `Known variables: ${Object.keys(vars).join(', ')}`,
      });
    }
    return v;
  });
}

/** One service's config files (its templates and the shared ones), rendered in memory: file name → text. */
export function renderServiceFiles(cfg: LabConfig, service: JvmServiceName, vars: TemplateVars): { name: string; text: string }[] {
  return [...TEMPLATE_FILES[service], ...SHARED_TEMPLATES].map((rel) => ({
    name: path.basename(rel),
    text: renderTemplate(fs.readFileSync(path.join(templatesDir(cfg), rel), 'utf8'), vars, rel),
  }));
}

/** Renders one service's templates (and the shared ones) into `outDir`; returns the written paths. */
export function renderServiceConfig(cfg: LabConfig, service: JvmServiceName, vars: TemplateVars, outDir: string): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  return renderServiceFiles(cfg, service, vars).map((f) => {
    const out = path.join(outDir, f.name);
    fs.writeFileSync(out, f.text);
    return out;
  });
}
