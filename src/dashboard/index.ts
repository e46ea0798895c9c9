import * as path from 'node:path';
import { PORT_ENV, type LabConfig } from '../config';
import { PortInUseError } from '../errors';
import { isPortFree } from '../stack/health';
import { HBaseClient } from '../hbase';
import { runningManaged, startManaged, stopManaged } from '../stack/managed-process';
import { createDashboard, listen } from './server';

export { createDashboard } from './server';
export { courseClicks, searchClicks, listDays, loadCourseNames, checkDay, type CourseClicks, type SearchClicks } from './queries';
export { pipelineMetrics, type PipelineMetrics } from './pipeline-metrics';
export { dashboardGet, nextDashboardEvent, type DashboardEvent } from './client';

/** The dashboard always runs on this machine (also when the stack is in the VM) and binds loopback only. */
export function dashboardUrl(cfg: LabConfig): string {
  return `http://127.0.0.1:${cfg.ports.dashboard}/`;
}

/** `lab dashboard`: serves until SIGTERM/SIGINT. */
export async function runDashboard(cfg: LabConfig): Promise<void> {
  const hbase = await HBaseClient.forLab(cfg);
  const server = createDashboard({ cfg, hbase });
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
