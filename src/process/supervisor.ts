import { spawn, type ChildProcess } from 'node:child_process';
import { sleep } from '../util/wait';

export interface SuperviseOptions {
  /** For the log lines: "detector". */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** How long a stopping child gets before SIGKILL. */
  stopGraceMs?: number;
}

/** Restart delays: 1 s, doubling to 30 s while the child keeps dying young; back to 1 s after a minute of running. */
export function restartDelayMs(failuresInARow: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, failuresInARow - 1));
}
const HEALTHY_RUN_MS = 60_000;

/**
 * Keeps one child process running (the detector's worker, issue #19): started again whenever it exits without
 * being asked to, for as long as this process runs. SIGTERM/SIGINT stop the child, then this process. The child
 * gets an IPC channel, so it can exit when its supervisor dies (`process.on('disconnect')`), and its restart count
 * in LAB_RESTARTS. Output goes where this process's goes (the managed process's log).
 */
export async function supervise(opts: SuperviseOptions): Promise<never> {
  let child: ChildProcess | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const c = child;
    if (c && c.exitCode === null && c.signalCode === null) {
      const exited = new Promise((resolve) => c.once('exit', resolve));
      c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), opts.stopGraceMs ?? 15_000);
      await exited;
      clearTimeout(timer);
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  let restarts = 0;
  let failuresInARow = 0;
  for (;;) {
    const began = Date.now();
    child = spawn(opts.command, opts.args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...(opts.env ?? process.env), LAB_RESTARTS: String(restarts) } });
    const c = child;
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      c.once('exit', (code, signal) => resolve({ code, signal }));
      c.once('error', (err) => {
        console.error(`${opts.name}: could not start ${opts.command}: ${err.message}`);
        resolve({ code: 127, signal: null });
      });
    });
    if (stopping) await new Promise(() => undefined); // stop() exits the process
    failuresInARow = Date.now() - began >= HEALTHY_RUN_MS ? 1 : failuresInARow + 1;
    const delay = restartDelayMs(failuresInARow);
    restarts++;
    console.error(`${opts.name}: the worker (pid ${String(c.pid)}) exited (${exit.signal ?? `code ${String(exit.code)}`}); starting it again in ${delay / 1000} s (restart ${restarts})`);
    await sleep(delay);
    if (stopping) await new Promise(() => undefined);
  }
}
