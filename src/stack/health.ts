import * as net from 'node:net';

/** Port probes and the wait loop every service start uses. */

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
  /** Rejects at once when this settles first (e.g. the process exited). */
  abortOn?: Promise<unknown>;
}

export class WaitTimeout extends Error {
  constructor(readonly lastReason: string) {
    super(`timed out; last check said: ${lastReason}`);
  }
}

export class WaitAborted extends Error {}

/**
 * Polls `check` until it returns true. A string return is "not yet, because …" and is kept to explain a
 * timeout. Exceptions count as "not yet" too: services refuse connections while they start.
 */
export async function waitFor(check: () => Promise<true | string>, opts: WaitOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let aborted = false;
  void opts.abortOn?.then(() => {
    aborted = true;
  });
  let last = 'not checked yet';
  for (;;) {
    if (aborted) throw new WaitAborted('aborted');
    try {
      const r = await check();
      if (r === true) return;
      last = r;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (aborted) throw new WaitAborted('aborted');
    if (Date.now() >= deadline) throw new WaitTimeout(last);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
}
