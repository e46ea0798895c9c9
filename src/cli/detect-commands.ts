import * as fs from 'node:fs';
import type { LabConfig } from '../config';
import { trainFromHistory, type TrainRun } from '../detect/train';
import { committedAlerts, hasDecided, judgeAlerts, ALERT_GOALS } from '../detect/verify';
import { detectorWorkerCommand } from '../detect/worker-process';
import { readDetectorReport, runDetectorWorker, type DetectorRoute } from '../detect/worker';
import type { KindScore } from '../detect/evaluate';
import { LabError } from '../errors';
import { readTruth, type TimelineTruth } from '../generator';
import { kafkaFor } from '../kafka';
import { formatEventTime } from '../logformat';
import { supervise } from '../process/supervisor';
import { sleep } from '../util/wait';
import { seconds } from './output';

/** `lab train`: the bot model from a generated history, saved under LAB_HOME (issue #19). */
export async function trainCommand(cfg: LabConfig, run: TrainRun): Promise<number> {
  const began = Date.now();
  console.error(`generating ${run.seconds} s of history at ${run.rate} lines/s with ${run.bots} bots (seed ${run.seed}), then training…`);
  const r = await trainFromHistory(cfg, run);
  const variants = r.incidents.flatMap((i) => (i.kind === 'bot' ? [i.variant] : []));
  const { windows, bots, used } = r.model.trainedOn;
  console.log(`bot model: a random forest over ${r.model.features.length} features, trained on ${used} of ${windows} labelled IP windows (${bots} a bot's) from ${r.windows} windows; bots ${variants.filter((v) => v === 'crawler').length} crawlers, ${variants.filter((v) => v === 'scraper').length} scrapers; ${seconds(Date.now() - began)}`);
  console.log(`saved to ${r.file}; a running detector picks it up at its next commit`);
  return 0;
}

/** `lab detect [--supervise]`: the detector's worker in the foreground, or its supervisor (what `lab up` runs). */
export async function detectCommand(cfg: LabConfig, supervised: boolean, route: DetectorRoute): Promise<number> {
  if (supervised) {
    const { command, args } = detectorWorkerCommand(cfg, route);
    return supervise({ name: route.name, command, args });
  }
  await runDetectorWorker(cfg, route);
  return new Promise<number>(() => undefined); // consumes until SIGTERM/SIGINT
}

function readIncidentTruth(file: string | undefined): TimelineTruth {
  if (!file || !fs.existsSync(file)) throw new LabError(`Expected a ground-truth file, got \`${file ?? ''}\``, { hint: '`lab generate --bots N --error-bursts M` (or with --live) writes one and prints its path.' });
  const truth = readTruth(file) as Partial<TimelineTruth>;
  if (!Array.isArray(truth.incidents) || !truth.span) throw new LabError(`${file} lists no incidents`, { hint: 'Generate with --bots and/or --error-bursts: their ground truth lists the incidents and the time they span.' });
  return truth as TimelineTruth;
}

/**
 * Waits (at most `waitMs`) until the detector has read everything and decided the run's windows: its watermark
 * within 10 s of the run's end. Says how far it got when it gives up.
 */
async function awaitDetector(cfg: LabConfig, truth: TimelineTruth, waitMs: number): Promise<void> {
  const until = Date.now() + waitMs;
  for (;;) {
    const r = readDetectorReport(cfg);
    if (hasDecided(r, truth.span)) return;
    if (Date.now() >= until) {
      console.log(r ? `note: the detector has decided up to ${r.watermark === null ? 'nothing yet' : formatEventTime(r.watermark)} (lag ${r.lag}); the run ends ${formatEventTime(truth.span.to)}: incidents after that are not scored fairly yet` : 'note: the detector is not running (`lab up` starts it); scoring what the alerts topic holds');
      return;
    }
    await sleep(500);
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
function scoreLine(kind: string, s: KindScore): string {
  return `${kind.padEnd(12)} incidents ${s.incidents}, alerts ${s.alerts}, found ${s.detected}, false alarms ${s.falseAlarms}; precision ${pct(s.precision)}, recall ${pct(s.recall)}, delay p95 ${s.p95DelayMs === null ? '–' : seconds(s.p95DelayMs)}`;
}

/** `lab verify-alerts <truth.json>`: the committed alerts against the incidents of a generated run. */
export async function verifyAlertsCommand(cfg: LabConfig, file: string | undefined, waitMs: number): Promise<number> {
  const truth = readIncidentTruth(file);
  await awaitDetector(cfg, truth, waitMs);
  const kafka = kafkaFor(cfg, 'verify-alerts');
  const v = judgeAlerts(await committedAlerts(kafka, cfg.topics.alerts), truth);
  console.log(`${v.inSpan} alert(s) from ${formatEventTime(truth.span.from)} to ${formatEventTime(truth.span.to)} (${v.outside} of other runs left out)`);
  console.log(scoreLine('bot', v.scores.bot));
  console.log(scoreLine('error-burst', v.scores['error-burst']));
  for (const i of truth.incidents) {
    const s = v.scores[i.kind];
    if (s.missed.includes(i.id)) console.log(`  missed ${i.id} (${i.variant}) ${i.kind === 'bot' ? i.ip : `course ${i.courseId}`} ${formatEventTime(i.start)} – ${formatEventTime(i.end)}`);
  }
  if (v.duplicates > 0) console.log(`${v.duplicates} alert(s) were committed more than once`);
  console.log(v.met ? `goals met: precision and recall ≥ ${ALERT_GOALS.precision} per kind, delay p95 ≤ ${seconds(ALERT_GOALS.p95DelayMs)}, each incident alerted once` : `goals NOT met (precision and recall ≥ ${ALERT_GOALS.precision} per kind, delay p95 ≤ ${seconds(ALERT_GOALS.p95DelayMs)}, no alert twice)`);
  return v.met ? 0 : 1;
}
