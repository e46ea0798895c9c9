import * as fs from 'node:fs';
import * as path from 'node:path';
import { labPaths, type LabConfig } from '../config';
import { generateTimeline, type Incident } from '../generator';
import { loadSearchEngines } from '../schema';
import { saveBotModel, trainBotModel, type BotModel } from './bot-model';
import { historyLines, labelledRows, type LabelledRows } from './training';

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
 * A labelled history from the generator (people, bots, in clock order) as feature rows of its IP windows, with
 * its incidents. People's windows are sampled (training.ts PEOPLE_SHARE) unless `peopleShare` says otherwise: 1
 * keeps them all, as a held-out set to measure precision on must. The history is a scratch file under `dir`,
 * removed afterwards.
 */
export async function labelledHistory(cfg: LabConfig, run: TrainRun, opts: { peopleShare?: number; dir?: string } = {}): Promise<{ rows: LabelledRows; incidents: Incident[] }> {
  const dir = opts.dir ?? path.dirname(labPaths(cfg).botModel);
  fs.mkdirSync(dir, { recursive: true });
  const history = path.join(dir, `history-${run.seed}-${process.pid}.log`);
  try {
    const truth = await generateTimeline({ seed: run.seed, start: '2026-01-05 09:00:00', seconds: run.seconds, rate: run.rate, bots: run.bots, errorBursts: 0, malformedRate: 0.02, projectRoot: cfg.projectRoot }, history);
    const rows = await labelledRows(historyLines(history, loadSearchEngines(cfg.projectRoot)), truth.incidents, opts.peopleShare === undefined ? {} : { peopleShare: opts.peopleShare });
    return { rows, incidents: truth.incidents };
  } finally {
    fs.rmSync(history, { force: true });
  }
}

/**
 * `lab train`: a labelled history from the generator (people, bots, bursts, in clock order), its IP windows as
 * feature rows, a random forest trained on them, saved where the detector's worker loads it. The history is a
 * scratch file, removed afterwards.
 */
export async function trainFromHistory(cfg: LabConfig, run: TrainRun = DEFAULT_TRAINING): Promise<{ model: BotModel; file: string; incidents: Incident[]; windows: number }> {
  const { rows, incidents } = await labelledHistory(cfg, run);
  const model = trainBotModel(rows.x, rows.y);
  saveBotModel(labPaths(cfg).botModel, model);
  return { model, file: labPaths(cfg).botModel, incidents, windows: rows.windows };
}
