import * as path from 'node:path';
import type { JvmServiceName, LabConfig, LabPaths, PortConfig, ServiceName } from '../../config';
import { PORT_ENV } from '../../config';
import type { ComponentJars } from '../fetch';

/** What a service's hooks get: the configuration and paths; a JVM service also its fetched jars. */
export interface NativeServiceContext {
  cfg: LabConfig;
  paths: LabPaths;
}

export interface ServiceContext extends NativeServiceContext {
  jars: ComponentJars;
}

export interface ServicePort {
  label: string;
  port: number;
  envVar: string;
}

/** What every service declares, whatever runs it. Kept declarative so `lab up`, `status` and `doctor` treat all alike. */
interface ServiceBase<Name extends ServiceName, Ctx> {
  name: Name;
  /** Other services that must be healthy first. */
  after: ServiceName[];
  ports(cfg: LabConfig): ServicePort[];
  /** Renders config and prepares storage. Idempotent. */
  prepare(ctx: Ctx): Promise<void>;
  /** A real protocol check: true when the service does its job, else why not. */
  check(cfg: LabConfig): Promise<true | string>;
  /**
   * The check `up` waits for before provisioning, when `check` can only pass after it (the database's
   * check logs in as the user provisioning creates). Defaults to `check`.
   */
  startedCheck?(ctx: Ctx): Promise<true | string>;
  /** After the first healthy check: create what the pipeline needs (topics, tables). Returns what it did. */
  provision?(ctx: Ctx): Promise<string[]>;
  /** How long SIGTERM may take before SIGKILL. */
  stopGraceMs: number;
  /** Throws (a DependencyError saying how to fix it) when the machine lacks what the service needs; `up` asks before starting anything. */
  assertInstalled?(cfg: LabConfig): void;
}

/** Kafka, HBase, Flume: a JVM on the jars the lab fetched. */
export interface JvmServiceDefinition extends ServiceBase<JvmServiceName, ServiceContext> {
  runtime: 'java';
  /** Arguments after `java`. */
  javaArgs(ctx: ServiceContext): Promise<string[]>;
}

/** The relational store: a program installed on the machine (a system package). */
export interface NativeServiceDefinition extends ServiceBase<'mariadb', NativeServiceContext> {
  runtime: 'native';
  /** The program and its arguments; it must stay in the foreground. */
  command(ctx: NativeServiceContext): Promise<{ command: string; args: string[] }>;
}

export type ServiceDefinition = JvmServiceDefinition | NativeServiceDefinition;

export function port(cfg: LabConfig, key: keyof PortConfig, label: string): ServicePort {
  return { label, port: cfg.ports[key], envVar: PORT_ENV[key] };
}

/** JVM options every service gets: heap cap, our marker, log4j2 config, headless. */
export function commonJvmArgs(ctx: ServiceContext, service: JvmServiceName, heap: string, marker: string): string[] {
  const conf = ctx.paths.serviceConf(service);
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
