import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { findProjectRoot } from '../config';
import { generateTimeline } from '../generator';
import { loadSearchEngines } from '../schema';
import { trainBotModel } from './bot-model';
import { Detector } from './detector';
import { evaluateAlerts } from './evaluate';
import { botLabel, historyLines, labelledRows } from './training';

const projectRoot = findProjectRoot();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'training-'));
const engines = loadSearchEngines(projectRoot);

test('a window is a bot’s when the bot ran for a slide of it or more, a person’s when no bot had its IP, else left out', () => {
  const bot = { id: 'bot-1', kind: 'bot' as const, variant: 'crawler' as const, ip: '10.0.0.1', rate: 5, start: 100_000, end: 200_000 };
  const bots = new Map([[bot.ip, bot]]);
  assert.equal(botLabel({ key: '10.0.0.1', start: 60_000, end: 120_000 }, bots, 10_000), 1);
  assert.equal(botLabel({ key: '10.0.0.1', start: 45_000, end: 105_000 }, bots, 10_000), null);
  assert.equal(botLabel({ key: '10.0.0.1', start: 200_000, end: 260_000 }, bots, 10_000), 0, 'after the bot stopped');
  assert.equal(botLabel({ key: '172.16.0.1', start: 60_000, end: 120_000 }, bots, 10_000), 0);
});

test('trained on one history, the detector finds the bots of another, busier one, soon after they start', async () => {
  const history = async (seed: string, rate: number, bots: number) => {
    const file = path.join(dir, `${seed}.log`);
    const truth = await generateTimeline({ seed, start: '2026-12-05 09:00:00', seconds: 900, rate, bots, errorBursts: 2, malformedRate: 0.02, projectRoot }, file);
    return { file, truth };
  };
  const train = await history('train', 100, 8);
  const rows = await labelledRows(historyLines(train.file, engines), train.truth.incidents);
  const bots = rows.y.filter((y) => y === 1).length;
  const people = rows.windows - rows.ambiguous - bots;
  assert.equal(rows.x.length - bots + rows.sampledOut, people, 'every window is a row, left out as ambiguous, or sampled out');
  assert.ok(Math.abs((rows.x.length - bots) / people - 0.05) < 0.005, `${rows.x.length - bots} of ${people} people windows kept`);
  const model = trainBotModel(rows.x, rows.y, { seed: 1 });
  // Another seed, twice the traffic: other people, other bots, other courses failing.
  const day = await history('day', 200, 5);
  const detector = new Detector({ partitions: [0], model });
  const alerts = [];
  for await (const line of historyLines(day.file, engines)) {
    detector.add(0, line);
    alerts.push(...detector.drain());
  }
  const score = evaluateAlerts(alerts, day.truth.incidents);
  console.log(`# rows ${rows.x.length} (${rows.y.filter((y) => y === 1).length} bot), ${JSON.stringify(score)}`);
  assert.ok(score.bot.recall >= 0.8 && score.bot.precision >= 0.8, JSON.stringify(score.bot));
  assert.ok(score['error-burst'].recall >= 0.5, JSON.stringify(score['error-burst']));
});
