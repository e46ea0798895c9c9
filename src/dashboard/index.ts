import * as path from 'node:path';
import { PORT_ENV, type LabConfig } from '../config';
import { PortInUseError } from '../errors';
import { isPortFree, zooKeeperAnswers } from '../process/health';
import { HBaseClient } from '../hbase';
import { runningManaged, startManaged, stopManaged } from '../process/managed-process';
import { createDashboard, listen } from './server';

export { createDashboard } from './server';
export { courseClicks, searchClicks, listDays, loadCourseNames, checkDay, type CourseClicks, type SearchClicks } from './queries';
export { pipelineMetrics, type PipelineMetrics } from './pipeline-metrics';
export { dashboardGet, nextDashboardEvent, type DashboardEvent } from './client';

/** The dashboard always runs on this machine (also when the stack is in the VM) and binds loopback only. */
export function dashboardUrl(cfg: LabConfig): string {
  return `http://127.0.0.1:${cfg.ports.dashboard}/`;
}

/**
 * HBase for the dashboard, connected on first use and again after a connect that failed: the dashboard starts
 * while HBase does (`lab up` starts them together), and a request made before HBase answers gets a 503 saying so.
 */
function connectWhenAsked(cfg: LabConfig): { get: () => Promise<HBaseClient>; close: () => void } {
  let client: Promise<HBaseClient> | undefined;
  return {
    get: () => {
      client ??= zooKeeperAnswers(cfg).then(() => HBaseClient.forLab(cfg, { connectTimeoutMs: 5000 })).catch((err: unknown) => {
        client = undefined;
        throw err;
      });
      return client;
    },
    close: () => void client?.then((c) => c.close(), () => undefined),
  };
}

/** `lab dashboard`: serves until SIGTERM/SIGINT. */
export async function runDashboard(cfg: LabConfig): Promise<void> {
  const hbase = connectWhenAsked(cfg);
  const server = createDashboard({ cfg, hbase: hbase.get });
  try {
    await listen(server, cfg.ports.dashboard, '127.0.0.1');
  } catch (err) {
    hbase.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new PortInUseError('dashboard', '127.0.0.1', cfg.ports.dashboard, PORT_ENV.dashboard);
    }
    throw err;
  }
  console.log(`dashboard on ${dashboardUrl(cfg)} (pid ${process.pid})`);
  const stop = () => {
    server.closeAllConnections();
    server.close(() => {
      hbase.close();
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Starts the dashboard in the background unless it runs; ready once its API answers. */
export async function startDashboard(cfg: LabConfig) {
  if (!runningManaged(cfg, 'dashboard') && !(await isPortFree('127.0.0.1', cfg.ports.dashboard))) {
    throw new PortInUseError('dashboard', '127.0.0.1', cfg.ports.dashboard, PORT_ENV.dashboard);
  }
  return startManaged(cfg, {
    name: 'dashboard',
    command: process.execPath,
    args: [path.join(cfg.projectRoot, 'bin', 'lab.js'), 'dashboard'],
    ready: async () => {
      const res = await fetch(`${dashboardUrl(cfg)}api/metrics`, { signal: AbortSignal.timeout(1000) });
      return res.ok ? true : `HTTP ${res.status}`;
    },
  });
}

export function stopDashboard(cfg: LabConfig) {
  return stopManaged(cfg, 'dashboard', 5000);
}
