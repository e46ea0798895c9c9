import type { DetectorWorkerReport } from '../detect/worker';
import { formatEventTime } from '../logformat';
import * as fs from 'node:fs';
import { labPaths, SERVICE_NAMES, type LabConfig } from '../config';
import { LabError } from '../errors';
import { doctor } from '../lab/doctor';
import { ensureStack, writeJarLock } from '../stack/fetch';
import { down, reset, up } from '../lab/lifecycle';
import { logTail } from '../process/pid-process';
import { status, type LabStatus } from '../lab/status';
import type { SparkJobStatus } from '../spark/job';
import { formatBytes } from '../util/progress';
import { seconds } from './output';
import { vmDownCommand, vmUpCommand } from './vm-commands';

export async function upCommand(cfg: LabConfig): Promise<number> {
  // LAB_STACK=vm (or --vm): the stack is the Vagrant VM's; the job and dashboard still start here.
  if (cfg.stack.target === 'vm') return vmUpCommand(cfg);
  const r = await up(cfg, {
    onService: (s) =>
      console.log(`${s.service.padEnd(6)} ${s.outcome === 'started' ? 'started' : 'already running'} (pid ${s.pid}, ${seconds(s.ms)})${s.provisioned.length ? ` — ${s.provisioned.join(', ')}` : ''}`),
  });
  const fetched = r.downloadedBytes > 0 ? `, downloaded ${formatBytes(r.downloadedBytes)}` : '';
  console.log(`lab is up in ${seconds(r.ms)}${fetched}. State: ${cfg.home}`);
  return 0;
}

/** What the Spark job has done, from its checkpoint and log: empty before its first batch. */
export function sparkFigures(s: SparkJobStatus): string {
  if (s.committedBatch === null) return '';
  const last = s.recentBatches[s.recentBatches.length - 1];
  const lastBatch = last ? `, last batch ${last.rows} lines in ${last.ms} ms at ${last.at}` : '';
  const trigger = s.triggerMs === null ? '' : `, trigger ${s.triggerMs} ms`;
  return ` — batch ${s.committedBatch} committed${s.lag === null ? '' : `, lag ${s.lag}`}${lastBatch}${trigger}`;
}

/** What the detector's worker has done: lines, alerts by kind, how far its windows are decided, restarts. */
export function detectorFigures(r: DetectorWorkerReport | null): string {
  if (!r) return '';
  const decided = r.watermark === null ? 'no window decided yet' : `decided to ${formatEventTime(r.watermark)}`;
  return ` — worker pid ${r.pid}, ${r.linesIn} lines in, ${r.alerts.bot} bot and ${r.alerts['error-burst']} error-burst alert(s), ${decided}, lag ${r.lag}, ${r.late} late, restarted ${r.restarts}×`;
}

export function printStatus(s: LabStatus): void {
  for (const name of SERVICE_NAMES) {
    const svc = s[name];
    const ports = Object.entries(svc.ports).map(([k, v]) => `${k} ${v}`).join(', ');
    const pid = svc.pid === null ? '' : ` pid ${svc.pid}`;
    const detail = svc.detail ? ` — ${svc.detail}` : '';
    console.log(`${name.padEnd(6)} ${svc.state.padEnd(9)} ${svc.version.padEnd(14)}${pid} (${ports})${detail}`);
  }
  for (const [prefix, workers, what] of [['stream', s.stream, 'job → HBase'], ['sql', s.sqlStream, 'job → SQL']] as const) {
    for (const w of workers) {
      const m = w.metrics;
      const figures = m ? ` — ${m.linesIn} lines in, ${m.counted} counted, ${m.malformed} malformed, lag ${m.lag}, ${m.linesPerSec} lines/s` : '';
      const slower = w.kafkajsMissing?.length ? ` — WITHOUT the faster kafkajs ${w.kafkajsMissing.join(', ')} (restart it with \`lab up\`)` : '';
      console.log(`${`${prefix}-${w.workerId}`.padEnd(6)} ${w.state.padEnd(9)} ${what.padEnd(14)}${w.pid === null ? '' : ` pid ${w.pid}`}${figures}${slower}`);
    }
  }
  console.log(`${'detector'.padEnd(6)} ${s.detector.state.padEnd(9)} ${'alerts'.padEnd(14)}${s.detector.pid === null ? '' : ` pid ${s.detector.pid}`}${detectorFigures(s.detector.report)}`);
  console.log(`${'dashboard'.padEnd(6)} ${s.dashboard.state.padEnd(9)} ${s.dashboard.url}${s.dashboard.pid === null ? '' : ` pid ${s.dashboard.pid}`}`);
  console.log(`${'spark'.padEnd(6)} ${s.spark.state.padEnd(9)} ${'job → HBase'.padEnd(14)}${s.spark.pid === null ? ' (`lab spark start`)' : ` pid ${s.spark.pid}`}${sparkFigures(s.spark)}`);
  console.log(`${'jupyter'.padEnd(6)} ${s.notebook.state.padEnd(9)} ${s.notebook.url}${s.notebook.pid === null ? '' : ` pid ${s.notebook.pid}`}`);
  for (const a of s.extraFlumeAgents) console.log(`flume  extra     agent ${a.name} pid ${a.pid} (a lesson's; \`lab down\` stops it)`);
  console.log(`flume tails ${s.flume.logDir}/*.log · logs in ${labPaths({ home: s.home } as LabConfig).logs}`);
}

export async function statusCommand(cfg: LabConfig, json: boolean): Promise<number> {
  const s = await status(cfg);
  if (json) console.log(JSON.stringify(s, null, 2));
  else printStatus(s);
  return s.healthy ? 0 : 3;
}

export async function downCommand(cfg: LabConfig): Promise<number> {
  if (cfg.stack.target === 'vm') return vmDownCommand(cfg);
  for (const r of await down(cfg)) console.log(`${r.service.padEnd(6)} ${r.outcome}`);
  return 0;
}

export async function resetCommand(cfg: LabConfig, yes: boolean): Promise<number> {
  if (!yes) {
    throw new LabError(`reset deletes every topic, table and Flume position under ${labPaths(cfg).data}`, {
      hint: 'Run `lab reset --yes` to confirm.',
    });
  }
  await reset(cfg);
  console.log(`stopped the lab and deleted ${labPaths(cfg).data}`);
  return 0;
}

export function logsCommand(cfg: LabConfig, service: string | undefined, lines: number): number {
  if (!service || !/^[a-z0-9-]+$/.test(service)) {
    throw new LabError(`Expected a service name (${SERVICE_NAMES.join(', ')}, stream-1, dashboard, jupyter), got \`${service ?? ''}\``, {
      hint: 'Example: `lab logs hbase`.',
    });
  }
  const file = labPaths(cfg).serviceLog(service);
  if (!fs.existsSync(file)) {
    throw new LabError(`${service} has no log yet (${file})`, { hint: 'It is written once `lab up` has started it.' });
  }
  console.log(logTail(file, lines).join('\n'));
  console.error(`(last ${lines} lines of ${file})`);
  return 0;
}

export async function doctorCommand(cfg: LabConfig): Promise<number> {
  const checks = await doctor(cfg);
  for (const c of checks) {
    console.log(`${c.level === 'ok' ? 'ok  ' : c.level === 'warn' ? 'WARN' : 'FAIL'} ${c.name.padEnd(18)} ${c.detail}`);
    if (c.fix) console.log(`     → ${c.fix}`);
  }
  return checks.some((c) => c.level === 'fail') ? 1 : 0;
}

export async function fetchCommand(cfg: LabConfig, writeLock: boolean): Promise<number> {
  const jars = await ensureStack(cfg);
  for (const j of Object.values(jars)) {
    console.log(`${j.name.padEnd(6)} ${j.jars.length} jars in ${j.dir}${j.fromCache ? ' (cached)' : `, downloaded ${formatBytes(j.downloadedBytes)}`}`);
  }
  if (writeLock) console.log(`wrote ${writeJarLock(cfg, jars)}`);
  return 0;
}
