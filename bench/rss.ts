import * as fs from 'node:fs';
import type { LabConfig } from '../src/config';
import { status } from '../src/lab/status';
import { sleep } from '../src/util/wait';

/** Resident memory of one process in bytes (VmRSS), or 0 when it is gone. */
function rssOf(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * The whole lab's resident memory, idle: every service, job worker and the dashboard `lab status` lists, after
 * `settleMs` without load. Per process and in total, in MB.
 */
export async function labRss(cfg: LabConfig, settleMs = 10_000): Promise<{ totalMb: number; byProcess: Record<string, number> }> {
  await sleep(settleMs);
  const s = await status(cfg);
  const pids: Record<string, number | null> = {
    kafka: s.kafka.pid,
    hbase: s.hbase.pid,
    flume: s.flume.pid,
    mariadb: s.mariadb.pid,
    dashboard: s.dashboard.pid,
    ...Object.fromEntries(s.stream.map((w) => [`stream-${w.workerId}`, w.pid])),
    ...Object.fromEntries(s.sqlStream.map((w) => [`sql-${w.workerId}`, w.pid])),
    detector: s.detector.pid,
    'detector-worker': s.detector.report?.pid ?? null,
  };
  const byProcess = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, pid ? Math.round(rssOf(pid) / 2 ** 20) : 0]));
  return { totalMb: Object.values(byProcess).reduce((a, b) => a + b, 0), byProcess };
}

/**
 * Waits until both jobs' workers run, report no lag, and took in no line for 5 s (a worker that has not fetched
 * yet also reports lag 0, so a quiet interval is part of the test).
 */
export async function caughtUp(cfg: LabConfig, timeoutMs = 30 * 60_000): Promise<void> {
  const began = Date.now();
  let previous = -1;
  for (;;) {
    const s = await status(cfg);
    const workers = [...s.stream, ...s.sqlStream];
    const lag = workers.reduce((sum, w) => sum + (w.metrics?.lag ?? 0), 0);
    const linesIn = workers.reduce((sum, w) => sum + (w.metrics?.linesIn ?? 0), 0);
    if (workers.every((w) => w.state === 'running') && lag === 0 && linesIn === previous) return;
    if (Date.now() - began > timeoutMs) throw new Error(`the jobs did not catch up within ${timeoutMs / 60_000} min (lag ${lag})`);
    if (linesIn !== previous) console.error(`waiting for the jobs to catch up: ${linesIn} lines in, lag ${lag}`);
    previous = linesIn;
    await sleep(5000);
  }
}
