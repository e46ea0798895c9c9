import * as fs from 'node:fs';
import { labPaths, type LabConfig } from '../config';
import { saveBotModel, type BotModel } from '../detect/bot-model';
import { committedAlerts, hasDecided, judgeAlerts, type AlertVerdict } from '../detect/verify';
import { readDetectorReport } from '../detect/worker';
import { generateLive, SHORT_INCIDENTS, type TimelineTruth } from '../generator';
import { kafkaFor } from '../kafka';
import type { Alert } from '../schema';
import { eventually } from '../util/wait';

/** Lesson 11: how a threshold on the bot scores splits labelled windows. */
export interface Confusion {
  threshold: number;
  /** Bots' windows scored at or above the threshold. */
  truePositives: number;
  /** People's windows scored at or above it: false alarms. */
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** Of the windows that alert, the share that are bots' (1 when none alerts). */
  precision: number;
  /** Of the bots' windows, the share that alert. */
  recall: number;
}

export function confusionAt(scores: readonly number[], labels: readonly number[], threshold: number): Confusion {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  scores.forEach((s, i) => {
    const bot = labels[i] === 1;
    if (s >= threshold) bot ? tp++ : fp++;
    else bot ? fn++ : tn++;
  });
  return { threshold, truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

/** Precision and recall at each threshold from 0.05 to 1 in steps of 0.05 (the curve lesson 11 charts). */
export function thresholdCurve(scores: readonly number[], labels: readonly number[]): Confusion[] {
  return Array.from({ length: 20 }, (_, i) => confusionAt(scores, labels, +((i + 1) * 0.05).toFixed(2)));
}

/**
 * Saves `model` where the lab's detector loads it, and waits until the running detector has picked it up (it
 * looks at every commit, about once a second). Returns when the model was saved.
 */
export async function deployModel(cfg: LabConfig, model: BotModel, timeoutMs = 60_000): Promise<string> {
  const file = labPaths(cfg).botModel;
  saveBotModel(file, model);
  const savedAt = fs.statSync(file).mtime.toISOString();
  await eventually('the running detector to pick up the new model (is it running? `lab status`)', async () => (readDetectorReport(cfg)?.modelSavedAt === savedAt ? true : undefined), { timeoutMs });
  return savedAt;
}

export interface LiveIncidents {
  truth: TimelineTruth;
  verdict: AlertVerdict;
  /** The committed alerts of this run, in the order they were committed. */
  alerts: Alert[];
}

/**
 * Live lines with short incidents (half-minute bots and bursts) written into Flume's directory for `seconds`,
 * then the detector's committed alerts of that stretch judged against them, once the detector has decided it.
 */
export async function injectIncidents(cfg: LabConfig, opts: { rate: number; seconds: number; bots: number; errorBursts: number; seed?: string }): Promise<LiveIncidents> {
  const seed = opts.seed ?? `lesson-11-${Date.now()}`;
  const truth = await generateLive({ seed, rate: opts.rate, durationMs: opts.seconds * 1000, bots: opts.bots, errorBursts: opts.errorBursts, incidentLengths: SHORT_INCIDENTS, dir: labPaths(cfg).flumeLogDir, file: `${seed}.log`, projectRoot: cfg.projectRoot });
  await eventually('the detector to decide the run (is it running? `lab status`)', async () => {
    const r = readDetectorReport(cfg);
    return hasDecided(r, truth.span) ? true : undefined;
  }, { timeoutMs: 120_000 });
  const all = await committedAlerts(kafkaFor(cfg, 'lesson-11'), cfg.topics.alerts);
  const alerts = all.filter((a) => a.windowEnd > truth.span.from && a.windowStart < truth.span.to);
  return { truth, verdict: judgeAlerts(all, truth), alerts };
}
