import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { labPaths, loadConfig } from '../config';
import { loadBotModel } from './bot-model';
import { trainFromHistory } from './train';

test('lab train leaves a model the detector can load where it looks, and no history behind', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'train-'));
  const cfg = loadConfig({}, { ...process.env, LAB_HOME: home });
  const r = await trainFromHistory(cfg, { seed: 't', seconds: 480, rate: 60, bots: 4 });
  assert.equal(r.file, labPaths(cfg).botModel);
  assert.deepEqual(loadBotModel(r.file).trainedOn, r.model.trainedOn);
  assert.ok(r.model.trainedOn.bots > 0);
  assert.deepEqual(fs.readdirSync(path.dirname(r.file)), ['bot-model.json']);
});
