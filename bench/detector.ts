import * as fs from 'node:fs';
import { labPaths, type LabConfig } from '../src/config';
import { committedAlerts, hasDecided, judgeAlerts } from '../src/detect/verify';
import { readDetectorReport } from '../src/detect/worker';
import { generateLive } from '../src/generator';
import { kafkaFor } from '../src/kafka';
import { eventually } from '../src/util/wait';

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat; null when it is gone. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after "pid (comm) ", in clock ticks.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const kindFigures = (s: ReturnType<typeof judgeAlerts>['scores']['bot']) => ({ incidents: s.incidents, detected: s.detected, alerts: s.alerts, falseAlarms: s.falseAlarms, precision: +s.precision.toFixed(3), recall: +s.recall.toFixed(3), p95DelayMs: s.p95DelayMs, missed: s.missed });

/**
 * The detector (issue #19) as the lab runs it: live lines at `rate` a second through Flume and Kafka for `seconds`,
 * with bots and error bursts placed in the run (a seed never trained on), judged from the alerts committed to the
 * `alerts` topic. Its CPU cost is the worker's CPU time over the run's wall time (a share of one core).
 */
export async function benchDetector(cfg: LabConfig, rate: number, seconds: number, bots: number, errorBursts: number) {
  await eventually('the detector to run and be caught up', async () => {
    const r = readDetectorReport(cfg);
    return r?.joinedAt && r.lag === 0 ? true : undefined;
  }, { timeoutMs: 30 * 60_000 });
  const pid = (readDetectorReport(cfg) as { pid: number }).pid;
  const cpuBefore = cpuSeconds(pid) as number;
  const began = Date.now();
  const truth = await generateLive({ seed: `bench-detect-${began}`, rate, durationMs: seconds * 1000, bots, errorBursts, dir: labPaths(cfg).flumeLogDir, file: `bench-detect-${began}.log`, projectRoot: cfg.projectRoot });
  await eventually('the detector to decide the whole run', async () => {
    const r = readDetectorReport(cfg);
    return hasDecided(r, truth.span) ? true : undefined;
  }, { timeoutMs: 180_000 });
  const wallSec = (Date.now() - began) / 1000;
  const cpuAfter = cpuSeconds(pid);
  const v = judgeAlerts(await committedAlerts(kafkaFor(cfg, 'bench-detector'), cfg.topics.alerts), truth);
  const cpuSec = cpuAfter === null ? null : cpuAfter - cpuBefore;
  return {
    rate,
    seconds,
    lines: truth.lines,
    bot: kindFigures(v.scores.bot),
    errorBurst: kindFigures(v.scores['error-burst']),
    duplicates: v.duplicates,
    met: v.met,
    // A worker restarted during the run (a new pid) leaves its CPU time unknown.
    detectorCpuCoreShare: cpuSec === null ? null : +(cpuSec / wallSec).toFixed(3),
    detectorCpuMsPer1kLines: cpuSec === null ? null : +((cpuSec * 1e6) / truth.lines).toFixed(2),
  };
}
