import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { Random } from '../generator';
import { balanced, botScores, featureImportance, loadBotModel, saveBotModel, trainBotModel } from './bot-model';
import { IP_FEATURES } from './features';

/** Feature rows of people and bots, drawn from a seed: bots request more, from fewer seconds' gaps, with no referer. */
function rows(seed: string, n: number): { x: number[][]; y: number[] } {
  const rng = new Random(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const bot = i % 4 === 0 ? 1 : 0;
    const requests = bot ? 150 + rng.int(300) : 1 + rng.int(12);
    const distinct = bot ? Math.min(requests, 40 + rng.int(60)) : 1 + rng.int(Math.min(requests, 6));
    const seconds = Math.min(60, bot ? 50 + rng.int(10) : requests);
    x.push([requests, requests / 6, 0.7 + rng.float() * 0.3, distinct, distinct / requests, bot ? rng.float() * 0.1 : 0.3 + rng.float() * 0.2, bot ? 0 : 0.4 + rng.float() * 0.1, seconds, requests / seconds]);
    y.push(bot);
  }
  return { x, y };
}

test('the bot model round-trips through its saved form and scores every row identically', () => {
  const { x, y } = rows('train', 400);
  const model = trainBotModel(x, y, { seed: 7, trees: 15 });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bot-model-')), 'model', 'bots.json');
  saveBotModel(file, model);
  const loaded = loadBotModel(file);
  const test = rows('held-out', 200);
  assert.deepEqual(botScores(loaded, test.x), botScores(model, test.x));
  // And it learned something: held-out windows sorted by their label.
  const scores = botScores(loaded, test.x);
  const wrong = scores.filter((s, i) => (s >= model.threshold ? 1 : 0) !== test.y[i]).length;
  assert.ok(wrong <= 4, `${wrong} of 200 held-out windows misjudged`);
});

test('the same data and seed train the same forest', () => {
  const { x, y } = rows('train', 200);
  assert.deepEqual(trainBotModel(x, y, { seed: 3, trees: 5 }), trainBotModel(x, y, { seed: 3, trees: 5 }));
});

test('a model of other features, or training without both kinds, is refused with what is wrong', () => {
  const { x, y } = rows('train', 50);
  assert.throws(() => trainBotModel(x, y.map(() => 0)), /both kinds: 0 of 50/);
  assert.throws(() => trainBotModel(x.map((r) => r.slice(1)), y), new RegExp(`the ${IP_FEATURES.length} features`));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bot-model-')), 'old.json');
  fs.writeFileSync(file, JSON.stringify({ ...trainBotModel(x, y, { trees: 3 }), features: ['requests'] }));
  assert.throws(() => loadBotModel(file), /trained on features requests/);
});

test('balancing keeps every bot window and at most four people windows per bot window, the same for a seed', () => {
  const y = Array.from({ length: 1000 }, (_, i) => (i % 100 === 0 ? 1 : 0));
  const kept = balanced(y, 1);
  assert.equal(kept.filter((i) => y[i] === 1).length, 10);
  assert.equal(kept.filter((i) => y[i] === 0).length, 40);
  assert.deepEqual(balanced(y, 1), kept);
  assert.notDeepEqual(balanced(y, 2), kept);
  assert.deepEqual(balanced([1, 0], 1), [0, 1], 'fewer people than the cap: all of them');
});

test('feature importance names the feature the label depends on, and survives the saved form', () => {
  // Only column 5 (the no-referer share) tells the classes apart; every other column is the same noise for both.
  const rng = new Random('importance');
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 300; i++) {
    const bot = i % 3 === 0 ? 1 : 0;
    const row = IP_FEATURES.map(() => rng.float() * 10);
    row[5] = bot ? 0.9 + rng.float() * 0.1 : rng.float() * 0.5;
    x.push(row);
    y.push(bot);
  }
  const model = trainBotModel(x, y, { seed: 3, trees: 20 });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bot-model-')), 'bots.json');
  saveBotModel(file, model);
  const ranked = featureImportance(loadBotModel(file));
  assert.equal(ranked[0]?.feature, IP_FEATURES[5], JSON.stringify(ranked));
  // Trees drawn without that column split on noise (each tree sees 70% of the columns): the column is far ahead, not alone.
  assert.ok((ranked[0]?.importance ?? 0) > 2 * (ranked[1]?.importance ?? 0), JSON.stringify(ranked));
  assert.ok(Math.abs(ranked.reduce((s, f) => s + f.importance, 0) - 1) < 0.01, 'importances add up to 1');
});
