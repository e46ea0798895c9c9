import * as net from 'node:net';
import type { LabConfig } from '../config';
import { eventually } from '../util/wait';

export { WaitAborted, WaitTimeout } from '../util/wait';

/** Port probes and the wait loop every service start uses. */

/** A port nothing listens on now (the kernel's pick) at `host`. */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on host:port (we could bind it ourselves). */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** True when something accepts TCP connections on host:port. */
export function isPortOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Rejects at once (WaitAborted) when this settles first (e.g. the process exited). */
  abortOn?: Promise<unknown>;
}

/**
 * Polls a health check until it returns true: `eventually` (util/wait.ts) for checks that answer "not yet,
 * because …" with a string, kept to explain a timeout (WaitTimeout.lastReason).
 */
export function waitFor(check: () => Promise<true | string>, opts: WaitOptions): Promise<void> {
  return eventually(
    'the health check',
    async () => {
      const r = await check();
      if (r !== true) throw new Error(r);
      return true;
    },
    { intervalMs: 250, ...opts },
  ).then(() => undefined);
}

/**
 * Resolves once HBase's ZooKeeper accepts connections, else rejects at once. hbase-rpc-client asked to connect
 * before ZooKeeper listens waits out its whole timeout even when ZooKeeper comes up meanwhile; a process that
 * starts alongside HBase (a stream worker, the dashboard) checks this first and tries again later.
 */
export async function zooKeeperAnswers(cfg: LabConfig): Promise<void> {
  if (!(await isPortOpen(cfg.stack.host, cfg.ports.zookeeper))) {
    throw new Error(`HBase's ZooKeeper at ${cfg.stack.host}:${cfg.ports.zookeeper} does not answer yet`);
  }
}
