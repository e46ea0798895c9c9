import * as fs from 'node:fs';

/** Writes `text` to `file` whole: a reader sees the old content or the new, never half of it. */
export function writeAtomically(file: string, text: string): void {
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

/**
 * What a lab worker process does around its job: publish its figures every `everyMs`, and on SIGTERM/SIGINT (or,
 * for a supervised worker, when its supervisor goes away) stop once — `shutdown`, then exit. Returns the stop
 * function, for the job to call with exit code 1 when it fails for good.
 */
export function serveUntilStopped(opts: { publish: () => void; everyMs: number; shutdown: () => Promise<void> }): (code: number) => Promise<void> {
  const timer = setInterval(opts.publish, opts.everyMs);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    await opts.shutdown().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  // Started with an IPC channel (by a supervisor): a worker whose supervisor died stops too, rather than run unwatched.
  if (process.send) process.on('disconnect', () => void stop(0));
  return stop;
}
