import { setTimeout as delay } from 'node:timers/promises';

/** The lab's one sleep: Node's promise timer. */
export const sleep = (ms: number): Promise<void> => delay(ms);

/** `eventually` gave up: what it waited for, and what the last try said. */
export class WaitTimeout extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly lastReason: string | undefined,
  ) {
    super(`gave up after ${timeoutMs} ms waiting for ${what}${lastReason ? ` (last error: ${lastReason})` : ''}`);
  }
}

/** `eventually` stopped because its `abortOn` settled first (e.g. the process it waited for exited). */
export class WaitAborted extends Error {}

export interface EventuallyOptions {
  /** Default 30 s. */
  timeoutMs?: number;
  /** Pause between tries; default 200 ms. */
  intervalMs?: number;
  /** Stops the wait at once (WaitAborted) when this settles first. */
  abortOn?: Promise<unknown>;
}

/**
 * The lab's one polling loop: calls `fn` until it returns something other than undefined, and returns that.
 * A try that throws counts as "not yet" (services refuse connections while they start); its message is kept
 * to explain a timeout, so whoever waits says what for and why it never came.
 */
export async function eventually<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, opts: EventuallyOptions = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let aborted = false;
  void opts.abortOn?.then(
    () => (aborted = true),
    () => (aborted = true),
  );
  let lastReason: string | undefined;
  for (;;) {
    if (aborted) throw new WaitAborted(`stopped waiting for ${what}`);
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      lastReason = err instanceof Error ? err.message : String(err);
    }
    if (aborted) throw new WaitAborted(`stopped waiting for ${what}`);
    if (Date.now() >= deadline) throw new WaitTimeout(what, timeoutMs, lastReason);
    await sleep(opts.intervalMs ?? 200);
  }
}
