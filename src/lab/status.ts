import { labPaths, SERVICE_NAMES, type LabConfig, type ServiceName } from '../config';
import { describe } from '../errors';
import { dashboardUrl } from '../dashboard';
import { notebookUrl } from '../notebook/server';
import { HBASE_JOB, SQL_JOB, workerStatus, type WorkerStatus } from '../stream/workers';
import { runningManaged } from '../process/managed-process';
import { runningFromPidFile } from '../process/pid-process';
import { runningExtraFlumeAgents } from '../stack/extra-flume-agents';
import { SERVICES } from '../stack/services';
import { sparkJobStatus, type SparkJobStatus } from '../spark/job';
import { kafkaFor } from '../kafka';
import { detectorStatus, type DetectorStatus } from '../detect/worker-process';

export type ServiceState = 'running' | 'unhealthy' | 'stopped';

export interface ServiceStatus {
  name: ServiceName;
  state: ServiceState;
  pid: number | null;
  /** Why it is unhealthy, when it is. */
  detail?: string;
  ports: Record<string, number>;
  version: string;
  host: string;
  dataDir: string;
  logFile: string;
  startedAt: string | null;
  /** Flume only: the directory whose `*.log` files it ships to Kafka. */
  logDir?: string;
}

/** `lab status --json`: one entry per service at the top level (`status.flume.logDir`). */
export interface LabStatus extends Record<ServiceName, ServiceStatus> {
  home: string;
  target: string;
  healthy: boolean;
  /** The streaming job, listed like a service: one entry per worker, with its metrics. */
  stream: WorkerStatus[];
  /** The SQL job (issue #17): its workers, with the same metrics. */
  sqlStream: WorkerStatus[];
  /** The detector (issue #19): its supervisor, and its worker's report (lines, alerts, watermark, restarts). */
  detector: DetectorStatus;
  dashboard: { state: 'running' | 'stopped'; pid: number | null; url: string };
  /** JupyterLab (`lab notebook`, `npm start`); optional, so it does not count towards `healthy`. */
  notebook: { state: 'running' | 'stopped'; pid: number | null; url: string };
  /** The Spark job (issue #18, `lab spark start`); optional, so it does not count towards `healthy`. */
  spark: SparkJobStatus;
  /** Flume agents a lesson started beside the lab's own (stack/extra-flume-agents.ts); stopped by `lab down`. */
  extraFlumeAgents: { name: string; pid: number }[];
}

async function serviceStatus(cfg: LabConfig, name: ServiceName): Promise<ServiceStatus> {
  const paths = labPaths(cfg);
  const def = SERVICES[name];
  const rec = runningFromPidFile(paths.pidFile(name));
  let state: ServiceState = 'stopped';
  let detail: string | undefined;
  // In the VM the services are systemd's, not ours: no pid file on this side, so ask them directly.
  if (rec || cfg.stack.target === 'vm') {
    try {
      const r = await def.check(cfg);
      state = r === true ? 'running' : 'unhealthy';
      if (r !== true) detail = r;
    } catch (err) {
      state = rec ? 'unhealthy' : 'stopped';
      detail = describe(err);
    }
  }
  const status: ServiceStatus = {
    name,
    state,
    pid: rec?.pid ?? null,
    ports: Object.fromEntries(def.ports(cfg).map((p) => [p.label, p.port])),
    version: cfg.versions[name],
    host: cfg.stack.host,
    dataDir: paths.serviceData(name),
    logFile: paths.serviceLog(name),
    startedAt: rec?.startedAt ?? null,
  };
  if (detail !== undefined) status.detail = detail;
  if (name === 'flume') status.logDir = paths.flumeLogDir;
  return status;
}

export async function status(cfg: LabConfig): Promise<LabStatus> {
  const list = await Promise.all(SERVICE_NAMES.map((n) => serviceStatus(cfg, n)));
  const services = Object.fromEntries(list.map((s) => [s.name, s])) as Record<ServiceName, ServiceStatus>;
  const stream = workerStatus(cfg, HBASE_JOB);
  const sqlStream = workerStatus(cfg, SQL_JOB);
  const detector = detectorStatus(cfg);
  const healthy = list.every((s) => s.state === 'running') && [...stream, ...sqlStream].every((w) => w.state === 'running') && detector.state === 'running';
  const dash = runningManaged(cfg, 'dashboard');
  const dashboard = { state: dash ? ('running' as const) : ('stopped' as const), pid: dash?.pid ?? null, url: dashboardUrl(cfg) };
  const jupyter = runningManaged(cfg, 'jupyter');
  const notebook = { state: jupyter ? ('running' as const) : ('stopped' as const), pid: jupyter?.pid ?? null, url: jupyter ? notebookUrl(cfg) : `http://127.0.0.1:${cfg.ports.jupyter}/lab` };
  const extraFlumeAgents = runningExtraFlumeAgents(cfg).map((a) => ({ name: a.name, pid: a.record.pid }));
  // Spark's lag needs Kafka: asked only when Kafka answers (a client would otherwise retry for a long while).
  const spark = await sparkJobStatus(cfg, services.kafka.state === 'running' ? kafkaFor(cfg, 'lab-status') : undefined);
  return { home: cfg.home, target: cfg.stack.target, healthy: healthy && dashboard.state === 'running', ...services, stream, sqlStream, detector, dashboard, notebook, spark, extraFlumeAgents };
}
