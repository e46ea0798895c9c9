import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabConfig } from '../../config';
import { ensureJavaTool } from '../java-tools';
import { labMarker } from '../../process/pid-process';
import { localLocation, renderServiceConfig, templateVars } from '../render';
import { commonJvmArgs, port, type JvmServiceDefinition } from './types';

/** Flume's counters by component: `SOURCE.r1`, `CHANNEL.c1`, `SINK.k1` → attribute → value. */
export type FlumeMetrics = Record<string, Record<string, string>>;

/** The JSON metrics of the Flume agent serving them at `host:port`. */
export async function fetchFlumeMetricsAt(host: string, port: number, timeoutMs = 2000): Promise<FlumeMetrics> {
  const res = await fetch(`http://${host}:${port}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`Flume metrics answered HTTP ${res.status}`);
  return (await res.json()) as FlumeMetrics;
}

/** The lab's own agent's metrics. */
export function fetchFlumeMetrics(cfg: LabConfig, timeoutMs = 2000): Promise<FlumeMetrics> {
  return fetchFlumeMetricsAt(cfg.stack.host, cfg.ports.flumeMetrics, timeoutMs);
}

/** A Java-properties file (Flume's config format) as a map: `key = value`, `#` comments, no continuation lines. */
export function parseProperties(text: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const eq = line.search(/[=:]/);
    if (eq < 0) continue;
    props.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return props;
}

export const flumeService: JvmServiceDefinition = {
  runtime: 'java',
  name: 'flume',
  // The Kafka channel needs a broker; started before it, it would only log connection errors.
  after: ['kafka'],
  stopGraceMs: 20_000,
  ports: (cfg) => [port(cfg, 'flumeMetrics', 'metrics')],

  async prepare(ctx) {
    renderServiceConfig(ctx.cfg, 'flume', templateVars(ctx.cfg, localLocation(ctx.cfg)), ctx.paths.serviceConf('flume'));
    fs.mkdirSync(ctx.paths.flumeLogDir, { recursive: true });
    fs.mkdirSync(ctx.paths.serviceData('flume'), { recursive: true });
  },

  async javaArgs(ctx) {
    const monitor = await ensureJavaTool(ctx.cfg, 'LoopbackMonitor', ctx.jars);
    const lineIdentity = await ensureJavaTool(ctx.cfg, 'LineIdentity', ctx.jars);
    return [
      ...commonJvmArgs(ctx, 'flume', ctx.cfg.heap.flume, labMarker('flume', ctx.cfg.home)),
      // Our monitor serves Flume's JSON metrics on the lab's address only (Flume's own binds every interface).
      '-Dflume.monitoring.type=LoopbackMonitor',
      `-Dflume.monitoring.host=${ctx.cfg.stack.bindHost}`,
      `-Dflume.monitoring.port=${ctx.cfg.ports.flumeMetrics}`,
      '-cp',
      [monitor, lineIdentity, ctx.jars.classpath].join(path.delimiter),
      'org.apache.flume.node.Application',
      '-n',
      'a1',
      '-f',
      path.join(ctx.paths.serviceConf('flume'), 'flume.conf'),
      '--no-reload-conf',
    ];
  },

  /** Healthy = the agent reports its source and its (Kafka) channel, both started. */
  async check(cfg) {
    const m = await fetchFlumeMetrics(cfg);
    for (const component of ['SOURCE.r1', 'CHANNEL.c1']) {
      const c = m[component];
      if (!c) return `${component} not reported yet`;
      if (Number(c.StartTime ?? 0) === 0) return `${component} not started yet`;
    }
    return true;
  },
};
