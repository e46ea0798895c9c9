import * as fs from 'node:fs';
import * as path from 'node:path';
import { labPaths, type LabConfig } from '../config';
import { runningManaged, startManaged, stopManaged } from '../process/managed-process';
import { isAlive, labMarker } from '../process/pid-process';
import { jobNodeArgs } from '../process/job-process';
import { detectorMetricsFile, labDetector, readDetectorReport, type DetectorRoute, type DetectorWorkerReport } from './worker';

/**
 * The detector as `lab up` runs it: a supervisor (`lab detect --supervise`, the managed process) that keeps one
 * worker (`lab detect`) running and starts it again when it dies. Ready once the worker has restored its
 * checkpoint in the consumer group.
 */
export function startDetector(cfg: LabConfig, route: DetectorRoute = labDetector(cfg)): Promise<{ pid: number; outcome: 'started' | 'running' }> {
  if (!runningManaged(cfg, route.name)) fs.rmSync(detectorMetricsFile(cfg, route.name), { force: true });
  return startManaged(cfg, {
    name: route.name,
    command: process.execPath,
    args: [path.join(cfg.projectRoot, 'bin', 'lab.js'), 'detect', '--supervise', ...routeArgs(cfg, route)],
    ready: async () => (readDetectorReport(cfg, route.name)?.joinedAt ? true : 'the worker has not joined its consumer group yet'),
  });
}

/** `lab detect`'s options for a route other than the lab's own (none for the lab's). */
function routeArgs(cfg: LabConfig, route: DetectorRoute): string[] {
  const lab = labDetector(cfg);
  const flags: [keyof DetectorRoute, string][] = [['name', '--name'], ['source', '--source'], ['groupId', '--group'], ['alertsTopic', '--alerts-topic'], ['stateTopic', '--state-topic'], ['table', '--table']];
  return flags.flatMap(([key, flag]) => (route[key] === lab[key] ? [] : [flag, route[key]]));
}

/** What the supervisor runs: the worker, started as the job's workers are (heap flags, kafkajs preload). */
export function detectorWorkerCommand(cfg: LabConfig, route: DetectorRoute = labDetector(cfg)): { command: string; args: string[] } {
  // The lab's marker as every process it starts has, so that the worker is recognised as this lab's too.
  return { command: process.execPath, args: [...jobNodeArgs(), path.join(cfg.projectRoot, 'bin', 'lab.js'), 'detect', ...routeArgs(cfg, route), `--lab-marker=${labMarker(`${route.name}-worker`, cfg.home)}`] };
}

export async function stopDetector(cfg: LabConfig, name = labDetector(cfg).name): Promise<'not-running' | 'terminated' | 'killed'> {
  const outcome = await stopManaged(cfg, name, 20_000);
  fs.rmSync(detectorMetricsFile(cfg, name), { force: true });
  return outcome;
}

export interface DetectorStatus {
  /** `restarting`: the worker died and its supervisor is about to start it again. */
  state: 'running' | 'starting' | 'restarting' | 'stopped';
  /** The supervisor's pid; the worker's is in `report`. */
  pid: number | null;
  logFile: string;
  report: DetectorWorkerReport | null;
}

export function detectorStatus(cfg: LabConfig, name = labDetector(cfg).name): DetectorStatus {
  const rec = runningManaged(cfg, name);
  const report = rec ? readDetectorReport(cfg, name) : null;
  const state = !rec ? 'stopped' : report && !isAlive(report.pid) ? 'restarting' : report?.joinedAt ? 'running' : 'starting';
  return { state, pid: rec?.pid ?? null, logFile: labPaths(cfg).serviceLog(name), report };
}
