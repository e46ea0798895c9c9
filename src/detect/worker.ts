import * as fs from 'node:fs';
import { labPaths, type LabConfig } from '../config';
import { HBaseClient } from '../hbase';
import { kafkaFor } from '../kafka';
import { loadSearchEngines } from '../schema';
import { HBaseAlertSink } from './hbase-alerts';
import { DetectorJob } from './job';
import type { DetectorReport } from './metrics';
import { ModelFile } from './model-file';
import { trainFromHistory } from './train';
import { serveUntilStopped, writeAtomically } from '../process/serve';

/** The managed name of the lab's detector (its supervisor's pid file and log; the worker's metrics file). */
export const DETECTOR = 'detector';

/**
 * Where a detector reads and writes. The lab's own is `labDetector(cfg)`; another (a test's, a learner's second
 * detector on a topic of their own) differs in every name, so the two never share a group, a transactional id or
 * a checkpoint.
 */
export interface DetectorRoute {
  /** Managed name: pid file, log, metrics file. */
  name: string;
  source: string;
  groupId: string;
  alertsTopic: string;
  stateTopic: string;
  table: string;
}

export function labDetector(cfg: LabConfig, overrides: Partial<DetectorRoute> = {}): DetectorRoute {
  return { name: DETECTOR, source: cfg.topics.accessLog, groupId: cfg.detect.groupId, alertsTopic: cfg.topics.alerts, stateTopic: cfg.topics.detectorState, table: cfg.tables.alerts, ...overrides };
}

/** What the worker publishes twice a second: its report, its pid, and how often its supervisor restarted it. */
export interface DetectorWorkerReport extends DetectorReport {
  pid: number;
  restarts: number;
}

export const detectorMetricsFile = (cfg: LabConfig, name = DETECTOR) => labPaths(cfg).pidFile(name).replace(/\.pid$/, '.metrics.json');

export function readDetectorReport(cfg: LabConfig, name = DETECTOR): DetectorWorkerReport | null {
  try {
    return JSON.parse(fs.readFileSync(detectorMetricsFile(cfg, name), 'utf8')) as DetectorWorkerReport;
  } catch {
    return null;
  }
}

/**
 * Runs the detector's worker in this process (`lab detect`) until SIGTERM/SIGINT, or until its supervisor goes
 * away. A lab without a bot model gets one first, trained on a generated history as `lab train` does (~10 s).
 */
export async function runDetectorWorker(cfg: LabConfig, route: DetectorRoute = labDetector(cfg)): Promise<void> {
  const modelFile = labPaths(cfg).botModel;
  if (!fs.existsSync(modelFile)) {
    console.log(`detector: no bot model at ${modelFile}; training one on a generated history first (\`lab train\` does the same)`);
    await trainFromHistory(cfg);
  }
  const hbase = await HBaseClient.forLab(cfg);
  const job = new DetectorJob({
    kafka: kafkaFor(cfg, 'detector'),
    topic: route.source,
    alertsTopic: route.alertsTopic,
    stateTopic: route.stateTopic,
    groupId: route.groupId,
    transactionalId: route.groupId,
    sink: new HBaseAlertSink(hbase, route.table),
    models: new ModelFile(modelFile),
    engines: loadSearchEngines(cfg.projectRoot),
  });
  const file = detectorMetricsFile(cfg, route.name);
  fs.mkdirSync(labPaths(cfg).run, { recursive: true });
  const restarts = Number(process.env.LAB_RESTARTS ?? 0);
  const publish = () => writeAtomically(file, JSON.stringify({ ...job.metrics.snapshot(), pid: process.pid, restarts } satisfies DetectorWorkerReport));
  const stop = serveUntilStopped({
    publish,
    everyMs: 500,
    shutdown: async () => {
      await job.stop().catch(() => undefined);
      hbase.close();
    },
  });
  await job.start();
  console.log(`${route.name} consuming ${route.source} as group ${route.groupId} (pid ${process.pid}), alerts to ${route.alertsTopic} and table ${route.table}`);
  job.onCrash((err) => {
    console.error(`${route.name} stopped: ${String(err)}`);
    void stop(1);
  });
}
