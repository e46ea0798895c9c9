import * as fs from 'node:fs';
import * as path from 'node:path';
import { RandomForestClassifier } from 'ml-random-forest';
import { Random } from '../generator';
import { IP_FEATURES } from './features';

/**
 * The bot detector's model (issue #19): a random forest (ml-random-forest) over an IP window's features
 * (features.ts), trained on labelled history, saved as JSON under LAB_HOME and loaded by the detector. The course's
 * credit-scoring story: train on what happened, decide on each new record as it arrives.
 */

export interface BotModel {
  /** The saved form's version, checked on load. */
  format: 1;
  /** The feature names, in order: a model trained on other features is refused, not misread. */
  features: string[];
  /** Probability of "bot" from which a window alerts. */
  threshold: number;
  /** Rows given, bot rows among them, and rows trained on after balancing. */
  trainedOn: { windows: number; bots: number; used: number };
  forest: ReturnType<RandomForestClassifier['toJSON']>;
}

export interface TrainOptions {
  seed?: number;
  trees?: number;
  threshold?: number;
}

const BOT = 1;

/**
 * Trained balanced (MAX_PEOPLE_PER_BOT people per bot), the forest leans to "bot"; live, people outnumber bots by
 * thousands to one, so a window alerts only when most trees say bot.
 */
export const DEFAULT_THRESHOLD = 0.7;

/** Trains on feature rows `x` with labels `y` (1: a bot's window, 0: not). Both kinds must be there. */
export function trainBotModel(x: number[][], y: number[], opts: TrainOptions = {}): BotModel {
  const bots = y.filter((v) => v === BOT).length;
  if (bots === 0 || bots === y.length) throw new RangeError(`Training needs windows of both kinds: ${bots} of ${y.length} are bots`);
  if (x.some((row) => row.length !== IP_FEATURES.length)) throw new RangeError(`Every row needs the ${IP_FEATURES.length} features ${IP_FEATURES.join(', ')}`);
  // noOOB: the library's out-of-bag estimate fails on small sets ("input must not be empty"); models are judged on
  // held-out windows instead.
  const forest = new RandomForestClassifier({ nEstimators: opts.trees ?? 30, maxFeatures: 0.7, replacement: true, useSampleBagging: true, noOOB: true, seed: opts.seed ?? 19 });
  const kept = balanced(y, opts.seed ?? 19);
  forest.train(kept.map((i) => x[i] as number[]), kept.map((i) => y[i] as number));
  return { format: 1, features: [...IP_FEATURES], threshold: opts.threshold ?? DEFAULT_THRESHOLD, trainedOn: { windows: y.length, bots, used: kept.length }, forest: forest.toJSON() };
}

/** At most this many people's windows per bot window are trained on. */
const MAX_PEOPLE_PER_BOT = 4;

/**
 * The rows to train on: every bot window, and people's windows drawn (seeded) down to MAX_PEOPLE_PER_BOT per bot
 * window. Bots are a handful of IPs among thousands: trained on all rows, each bootstrap sample holds so few bot
 * windows that the trees learn to answer "person" always.
 */
export function balanced(y: readonly number[], seed: number): number[] {
  const bots = y.flatMap((v, i) => (v === BOT ? [i] : []));
  const people = y.flatMap((v, i) => (v === BOT ? [] : [i]));
  const rng = new Random(`balance/${seed}`);
  for (let i = people.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [people[i], people[j]] = [people[j] as number, people[i] as number];
  }
  return [...bots, ...people.slice(0, bots.length * MAX_PEOPLE_PER_BOT)].sort((a, b) => a - b);
}

/** Forests built from their saved form once per model: the detector scores every few seconds. */
const forests = new WeakMap<BotModel, RandomForestClassifier>();

/** Each row's probability of being a bot's window. */
export function botScores(model: BotModel, x: number[][]): number[] {
  if (x.length === 0) return [];
  let forest = forests.get(model);
  if (!forest) forests.set(model, (forest = RandomForestClassifier.load(model.forest)));
  return forest.predictProbability(x, BOT);
}

interface SavedNode {
  splitColumn?: number;
  gain?: number | null;
  numberSamples?: number;
  left?: SavedNode;
  right?: SavedNode;
}

/**
 * How much each feature served the forest's splits (mean decrease in impurity): per tree, each split's impurity
 * decrease times the samples it split, normalised, then averaged over the trees and mapped back through each
 * tree's feature subset.
 * The library's own featureImportance() does this on a forest fresh from train() only (a loaded one lacks the
 * column count), and gives NaN for everything once one tree has no split; trees without a split are left out here.
 */
export function featureImportance(model: BotModel): { feature: string; importance: number }[] {
  const base = (model.forest as unknown as { baseModel: { estimators: { root: SavedNode }[]; indexes: number[][] } }).baseModel;
  const total = new Array<number>(model.features.length).fill(0);
  let trees = 0;
  base.estimators.forEach((tree, i) => {
    const local = new Map<number, number>();
    const walk = (n: SavedNode | undefined): void => {
      if (!n || n.splitColumn === undefined || !((n.gain ?? 0) > 0)) return;
      // ml-cart's gain is the split's impurity decrease: weighted by the samples it split, as scikit-learn does.
      local.set(n.splitColumn, (local.get(n.splitColumn) ?? 0) + (n.gain as number) * (n.numberSamples ?? 0));
      walk(n.left);
      walk(n.right);
    };
    walk(tree.root);
    const sum = [...local.values()].reduce((a, b) => a + b, 0);
    if (!(sum > 0)) return;
    trees++;
    for (const [column, v] of local) total[base.indexes[i]?.[column] as number] = (total[base.indexes[i]?.[column] as number] ?? 0) + v / sum;
  });
  return model.features.map((feature, i) => ({ feature, importance: trees === 0 ? 0 : +((total[i] as number) / trees).toFixed(4) })).sort((a, b) => b.importance - a.importance);
}

export function saveBotModel(file: string, model: BotModel): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.partial`;
  fs.writeFileSync(tmp, JSON.stringify(model));
  fs.renameSync(tmp, file); // a detector loading it never sees half a model
}

export function loadBotModel(file: string): BotModel {
  const model = JSON.parse(fs.readFileSync(file, 'utf8')) as BotModel;
  if (model.format !== 1) throw new RangeError(`${file}: a bot model of format ${String(model.format)}, expected 1`);
  if (model.features.join(',') !== IP_FEATURES.join(',')) throw new RangeError(`${file} was trained on features ${model.features.join(', ')}; the detector computes ${IP_FEATURES.join(', ')}`);
  return model;
}
