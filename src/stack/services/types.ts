import * as path from 'node:path';
import type { LabConfig, LabPaths, PortConfig, ServiceName } from '../../config';
import { PORT_ENV } from '../../config';
import type { ComponentJars } from '../fetch';

export interface ServiceContext {
  cfg: LabConfig;
  paths: LabPaths;
  jars: ComponentJars;
}

export interface ServicePort {
  label: string;
  port: number;
  envVar: string;
}

/** What the lab needs to know to run one component. Kept declarative so `lab.ts` treats all three alike. */
export interface ServiceDefinition {
  name: ServiceName;
  /** Other services that must be healthy first. */
  after: ServiceName[];
  ports(cfg: LabConfig): ServicePort[];
  /** Renders config and prepares storage. Idempotent. */
  prepare(ctx: ServiceContext): Promise<void>;
  /** Arguments after `java`. */
  javaArgs(ctx: ServiceContext): Promise<string[]>;
  /** A real protocol check: true when the service does its job, else why not. */
  check(cfg: LabConfig): Promise<true | string>;
  /** After the first healthy check: create what the pipeline needs (topics, tables). Returns what it did. */
  provision?(ctx: ServiceContext): Promise<string[]>;
  /** How long SIGTERM may take before SIGKILL. */
  stopGraceMs: number;
}

export function port(cfg: LabConfig, key: keyof PortConfig, label: string): ServicePort {
  return { label, port: cfg.ports[key], envVar: PORT_ENV[key] };
}

/** JVM options every service gets: heap cap, our marker, log4j2 config, headless. */
export function commonJvmArgs(ctx: ServiceContext, heap: string, marker: string): string[] {
  const conf = ctx.paths.serviceConf(ctx.jars.name);
  return [
    // Start small and grow to the cap: the JVM's default initial heap is 1/64 of the machine's memory.
    '-Xms64m',
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    '-XX:MaxMetaspaceSize=192m',
    // Thread stacks and code cache are most of a JVM's memory beyond the heap: keep them modest.
    '-XX:ReservedCodeCacheSize=64m',
    '-Xss512k',
    '-Djava.awt.headless=true',
    '-Djava.net.preferIPv4Stack=true',
    `-D${marker}`,
    `-Dlog4j2.configurationFile=${path.join(conf, 'log4j2.properties')}`,
    `-Dlog4j.configurationFile=${path.join(conf, 'log4j2.properties')}`,
  ];
}
