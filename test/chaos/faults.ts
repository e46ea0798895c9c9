import { labPaths, type LabConfig } from '../../src/config';
import type { ServiceName } from '../../src/config/types';
import { down, up } from '../../src/lab/lifecycle';
import { runningManaged } from '../../src/process/managed-process';
import { isAlive, readPidFile } from '../../src/process/pid-process';
import { eventually } from '../helpers';

/** The faults the chaos tier injects, each with the recovery a user would run. */

export function servicePid(cfg: LabConfig, service: ServiceName): number {
  const rec = readPidFile(labPaths(cfg).pidFile(service));
  if (!rec || !isAlive(rec.pid)) throw new Error(`${service} is not running`);
  return rec.pid;
}

export function workerPid(cfg: LabConfig, id: string): number {
  const rec = runningManaged(cfg, `stream-${id}`);
  if (!rec) throw new Error(`worker ${id} is not running`);
  return rec.pid;
}

async function gone(pid: number, what: string): Promise<void> {
  await eventually(`${what} (pid ${pid}) to be gone`, async () => (isAlive(pid) ? undefined : true), { timeoutMs: 20_000 });
}

/** `kill -9` of a service, then `lab up` (which also restarts any worker that died meanwhile). */
export async function killServiceThenUp(cfg: LabConfig, service: ServiceName): Promise<void> {
  const pid = servicePid(cfg, service);
  process.kill(pid, 'SIGKILL');
  await gone(pid, service);
  await up(cfg, { quiet: true });
}

/** `kill -9` of a worker, then `lab up` restarts it. */
export async function killWorkerThenUp(cfg: LabConfig, id: string): Promise<void> {
  const pid = workerPid(cfg, id);
  process.kill(pid, 'SIGKILL');
  await gone(pid, `worker ${id}`);
  await up(cfg, { quiet: true });
}

/** A graceful `lab down`, then `lab up`. */
export async function downThenUp(cfg: LabConfig): Promise<void> {
  await down(cfg);
  await up(cfg, { quiet: true });
}
