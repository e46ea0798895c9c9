import * as path from 'node:path';
import { PORT_ENV, type LabConfig } from '../config';
import { PortInUseError } from '../errors';
import { isPortFree, zooKeeperAnswers } from '../process/health';
import { HBaseClient } from '../hbase';
import { runningManaged, startManaged, stopManaged } from '../process/managed-process';
import type { AddressInfo } from 'node:net';
import { createDashboard, listen, type DashboardPanel } from './server';

export { createDashboard, type DashboardPanel } from './server';
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

export interface DashboardCopy {
  url: string;
  close(): Promise<void>;
}

/** The copy this process started last: a notebook run again after a failure replaces it instead of adding one. */
let currentCopy: DashboardCopy | undefined;

/**
 * A second dashboard in this process, on a free port of 127.0.0.1, with an extra panel plugged in: lesson 08's
 * way of running the learner's panel next to the lab's dashboard (which is left as it is). Starting one closes
 * the one started before in this process.
 */
export async function startDashboardCopy(cfg: LabConfig, panel: DashboardPanel): Promise<DashboardCopy> {
  await currentCopy?.close();
  const hbase = connectWhenAsked(cfg);
  const server = createDashboard({ cfg, hbase: hbase.get, panel });
  await listen(server, 0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const copy: DashboardCopy = {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        if (currentCopy === copy) currentCopy = undefined;
        server.closeAllConnections();
        server.close(() => {
          hbase.close();
          resolve();
        });
      })),
  };
  currentCopy = copy;
  return copy;
}
