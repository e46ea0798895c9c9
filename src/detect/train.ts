import * as fs from 'node:fs';
import * as path from 'node:path';
import { labPaths, type LabConfig } from '../config';
import { generateTimeline, type Incident } from '../generator';
import { loadSearchEngines } from '../schema';
import { saveBotModel, trainBotModel, type BotModel } from './bot-model';
import { historyLines, labelledRows } from './training';

export interface TrainRun {
  seed: string;
  /** Simulated seconds of history, and its background lines per second. */
  seconds: number;
  rate: number;
  bots: number;
}

/** Enough bots and minutes that the forest sees both variants, at a rate that trains in seconds. */
export const DEFAULT_TRAINING: TrainRun = { seed: 'history', seconds: 1800, rate: 100, bots: 16 };

/**
 * `lab train`: a labelled history from the generator (people, bots, bursts, in clock order), its IP windows as
 * feature rows, a random forest trained on them, saved where the detector's worker loads it. The history is a
 * scratch file, removed afterwards.
 */
export async function trainFromHistory(cfg: LabConfig, run: TrainRun = DEFAULT_TRAINING): Promise<{ model: BotModel; file: string; incidents: Incident[]; windows: number }> {
  const dir = path.dirname(labPaths(cfg).botModel);
  fs.mkdirSync(dir, { recursive: true });
  const history = path.join(dir, `history-${run.seed}.log`);
  try {
    const truth = await generateTimeline({ seed: run.seed, start: '2026-01-05 09:00:00', seconds: run.seconds, rate: run.rate, bots: run.bots, errorBursts: 0, malformedRate: 0.02, projectRoot: cfg.projectRoot }, history);
    const rows = await labelledRows(historyLines(history, loadSearchEngines(cfg.projectRoot)), truth.incidents);
    const model = trainBotModel(rows.x, rows.y);
    saveBotModel(labPaths(cfg).botModel, model);
    return { model, file: labPaths(cfg).botModel, incidents: truth.incidents, windows: rows.windows };
  } finally {
    fs.rmSync(history, { force: true });
  }
}
