import * as fs from 'node:fs';
import { labPaths, SERVICE_NAMES, type LabConfig, type ServiceName } from '../config';
import { LabError } from '../errors';
import { stopExtraFlumeAgents } from '../stack/extra-flume-agents';
import { ensureStack } from '../stack/fetch';
import { runningFromPidFile, stopProcess } from '../process/pid-process';
import { SERVICES } from '../stack/services';
import { dashboardUrl, startDashboard, stopDashboard } from '../dashboard';
import { HBASE_JOB, JOB_KINDS, SQL_JOB, startWorker, stopWorkers, workerIds, workerName, type JobKind } from '../stream/workers';
import { stopManaged } from '../process/managed-process';
import { startDetector, stopDetector } from '../detect/worker-process';
import { stopNotebook } from '../notebook/server';
import { stopSparkJob } from '../spark/job';
import { stopLeftoverStandalone } from '../spark/standalone';
import { assertPortsFree, startService, type StartResult } from '../stack/start-service';

export interface UpOptions {
  quiet?: boolean;
  /** Also start the streaming job's workers (default true). */
  withPipeline?: boolean;
  /** Called as each service becomes healthy. */
  onService?: (r: StartResult) => void;
}

export interface UpResult {
  services: StartResult[];
  downloadedBytes: number;
  ms: number;
}

/**
 * Brings the stack up: fetches jars if needed, then starts every service once the services it depends
 * on are healthy (Kafka and HBase together, Flume after Kafka). Idempotent: running services are only
 * checked and provisioned.
 */
export async function up(cfg: LabConfig, opts: UpOptions = {}): Promise<UpResult> {
  const began = Date.now();
  const paths = labPaths(cfg);
  for (const dir of [paths.home, paths.data, paths.logs, paths.run, paths.conf, paths.flumeLogDir]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  // A missing prerequisite (MariaDB's packages) is reported before anything is fetched or started.
  for (const name of SERVICE_NAMES) SERVICES[name].assertInstalled?.(cfg);
  const jars = await ensureStack(cfg, { quiet: opts.quiet ?? false });
  // Every port conflict is reported before any JVM starts: fast, and nothing is left half-started.
  for (const name of SERVICE_NAMES) {
    if (!runningFromPidFile(paths.pidFile(name))) await assertPortsFree(cfg, SERVICES[name]);
  }
  const started = new Map<ServiceName, Promise<StartResult>>();
  const start = (name: ServiceName): Promise<StartResult> => {
    let p = started.get(name);
    if (!p) {
      const def = SERVICES[name];
      p = Promise.all(def.after.map(start)).then(async () => {
        const r = await startService(cfg, def, def.runtime === 'java' ? jars[def.name] : undefined);
        opts.onService?.(r);
        return r;
      });
      started.set(name, p);
    }
    return p;
  };
  // The host side comes up while the JVMs do: the dashboard at once (it reads HBase per request), the job's
  // workers as soon as Kafka and HBase (with its tables) answer.
  const withPipeline = opts.withPipeline ?? true;
  const dashboard = withPipeline ? startDashboardReporting(cfg, began, opts.onService).then((d) => [d]) : Promise.resolve([]);
  const workers = withPipeline ? Promise.all([start('kafka'), start('hbase')]).then(() => startWorkers(cfg, HBASE_JOB, began, opts.onService)) : Promise.resolve([]);
  const sqlWorkers = withPipeline ? Promise.all([start('kafka'), start('mariadb')]).then(() => startWorkers(cfg, SQL_JOB, began, opts.onService)) : Promise.resolve([]);
  const detector = withPipeline ? Promise.all([start('kafka'), start('hbase')]).then(() => startDetectorReporting(cfg, began, opts.onService)).then((d) => [d]) : Promise.resolve([]);
  // allSettled first so a failing service does not leave a sibling's start running unobserved.
  const settled = await Promise.allSettled(SERVICE_NAMES.map(start));
  const host = await Promise.allSettled([dashboard, workers, sqlWorkers, detector]);
  const failed = [...settled, ...host].find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    // Roll back what this call started, so a failed `up` leaves the machine as it found it.
    const startedNow = settled.flatMap((s) => (s.status === 'fulfilled' && s.value.outcome === 'started' ? [s.value.service] : []));
    const hostStartedNow = host.flatMap((s) => (s.status === 'fulfilled' ? s.value.filter((r) => r.outcome === 'started').map((r) => r.service) : []));
    await Promise.all(hostStartedNow.map((name) => stopManaged(cfg, name)));
    await down(cfg, startedNow as ServiceName[]);
    throw failed.reason;
  }
  const services = settled.map((s) => (s as PromiseFulfilledResult<StartResult>).value);
  const downloadedBytes = Object.values(jars).reduce((sum, j) => sum + j.downloadedBytes, 0);
  return { services, downloadedBytes, ms: Date.now() - began };
}

/**
 * The host side of the lab: the streaming job's workers and the dashboard. They run on this machine whatever
 * the stack target (native or VM); a worker that died is started again here.
 */
export async function startPipeline(cfg: LabConfig, began = Date.now(), onService?: (r: StartResult) => void): Promise<void> {
  await Promise.all([...JOB_KINDS.map((kind) => startWorkers(cfg, kind, began, onService)), startDashboardReporting(cfg, began, onService), startDetectorReporting(cfg, began, onService)]);
}

/** A Node process `up` started (or found running), by its managed name. */
interface HostStart {
  service: string;
  outcome: 'started' | 'running';
}

/** A job's workers, all at once: each is ready when it has joined its consumer group. */
function startWorkers(cfg: LabConfig, kind: JobKind, began: number, onService?: (r: StartResult) => void): Promise<HostStart[]> {
  return Promise.all(
    workerIds(cfg, kind).map(async (id) => {
      const w = await startWorker(cfg, id, kind);
      const service = workerName(id, kind);
      onService?.({ service, pid: w.pid, outcome: w.outcome, ms: Date.now() - began, provisioned: [] });
      return { service, outcome: w.outcome };
    }),
  );
}

async function startDetectorReporting(cfg: LabConfig, began: number, onService?: (r: StartResult) => void): Promise<HostStart> {
  const d = await startDetector(cfg);
  onService?.({ service: 'detector', pid: d.pid, outcome: d.outcome, ms: Date.now() - began, provisioned: [] });
  return { service: 'detector', outcome: d.outcome };
}

async function startDashboardReporting(cfg: LabConfig, began: number, onService?: (r: StartResult) => void): Promise<HostStart> {
  const d = await startDashboard(cfg);
  onService?.({ service: 'dashboard', pid: d.pid, outcome: d.outcome, ms: Date.now() - began, provisioned: [dashboardUrl(cfg)] });
  return { service: 'dashboard', outcome: d.outcome };
}

export interface DownResult {
  service: string;
  outcome: 'not-running' | 'terminated' | 'killed';
}

/**
 * Stops what `up` started, by pid, newest first: Flume (its Kafka channel holds nothing of its own; stopping
 * saves TAILDIR's file positions), then Kafka, HBase and the database. Data stays.
 */
export async function down(cfg: LabConfig, only?: ServiceName[]): Promise<DownResult[]> {
  const paths = labPaths(cfg);
  const stop = async (name: ServiceName): Promise<DownResult> => {
    const rec = runningFromPidFile(paths.pidFile(name));
    if (!rec) return { service: name, outcome: 'not-running' };
    const outcome = await stopProcess(rec, SERVICES[name].stopGraceMs);
    fs.rmSync(paths.pidFile(name), { force: true });
    return { service: name, outcome };
  };
  const wanted = (n: ServiceName) => !only || only.includes(n);
  const results: DownResult[] = [];
  // The job first: it would only log connection errors while its sources go away.
  if (!only) {
    // JupyterLab runs only after `lab notebook`/`lab start`: reported when there was one to stop.
    const jupyter = await stopNotebook(cfg);
    if (jupyter !== 'not-running') results.push({ service: 'jupyter', outcome: jupyter });
    results.push({ service: 'dashboard', outcome: await stopDashboard(cfg) });
    // The Spark job runs only after `lab spark start`: reported when there was one to stop.
    const spark = await stopSparkJob(cfg);
    if (spark !== 'not-running') results.push({ service: 'spark', outcome: spark });
    // A standalone Spark cluster a test started and did not get to stop.
    for (const name of await stopLeftoverStandalone(cfg)) results.push({ service: name, outcome: 'terminated' });
    for (const kind of JOB_KINDS) for (const w of await stopWorkers(cfg, kind)) results.push({ service: w.name, outcome: w.outcome as DownResult['outcome'] });
    results.push({ service: 'detector', outcome: await stopDetector(cfg) });
  }
  if (wanted('flume')) {
    // Agents a lesson started and did not get to stop (its kernel died first).
    for (const name of await stopExtraFlumeAgents(cfg)) results.push({ service: `flume-extra-${name}`, outcome: 'terminated' });
    results.push(await stop('flume'));
  }
  results.push(...(await Promise.all((['kafka', 'hbase', 'mariadb'] as const).filter(wanted).map(stop))));
  return results;
}

/** Stops everything and deletes all data (topics, tables, Flume positions); keeps logs and the jar cache. */
export async function reset(cfg: LabConfig): Promise<void> {
  await down(cfg);
  const paths = labPaths(cfg);
  for (const name of SERVICE_NAMES) {
    if (runningFromPidFile(paths.pidFile(name))) {
      throw new LabError(`${name} is still running; refusing to delete its data`, { hint: 'Run `lab down` and retry.' });
    }
  }
  fs.rmSync(paths.data, { recursive: true, force: true });
  fs.rmSync(paths.conf, { recursive: true, force: true });
}
