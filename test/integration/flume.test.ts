import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { labPaths } from '../../src/config';
import { kafkaFor } from '../../src/kafka';
import { fetchFlumeMetrics } from '../../src/stack/services';
import { isPortOpen } from '../../src/process/health';
import { collectMessages, nonLoopbackAddress, testConfig, topicEnds, unique } from '../helpers';

const cfg = testConfig();
const kafka = kafkaFor(cfg, 'it-flume');

test('a line appended to a .log file in the tailed directory arrives in Kafka through Flume', async () => {
  const marker = unique('flume-tail');
  const file = path.join(labPaths(cfg).flumeLogDir, `${marker}.log`);
  const lines = [`1.2.3.4\t2026-11-24 12:00:00\t"GET /class/112.html HTTP/1.1"\t200\t-\t${marker} a`, `${marker} b 中文 with spaces`];
  const since = await topicEnds(kafka, cfg.topics.accessLog);
  const began = Date.now();
  fs.appendFileSync(file, `${lines.join('\n')}\n`);
  const received = await collectMessages(kafka, cfg.topics.accessLog, since, marker, 2);
  assert.deepEqual([...received].sort(), [...lines].sort(), 'each line is one message, byte for byte (UTF-8 kept)');
  console.log(`# flume: 2 lines reached Kafka in ${Date.now() - began} ms (includes a fresh consumer group join)`);
});

test('files that do not end in .log are not shipped', async () => {
  const marker = unique('flume-ignored');
  const dir = labPaths(cfg).flumeLogDir;
  const since = await topicEnds(kafka, cfg.topics.accessLog);
  fs.appendFileSync(path.join(dir, `${marker}.txt`), `${marker} ignored\n`);
  fs.appendFileSync(path.join(dir, `${marker}.log`), `${marker} shipped\n`);
  // Keep reading 1.5 s (several TAILDIR polls) after the .log line arrived: the .txt line must not follow.
  const received = await collectMessages(kafka, cfg.topics.accessLog, since, marker, 1, 20_000, 1500);
  assert.deepEqual(received, [`${marker} shipped`]);
});

test('Flume reports its source and Kafka channel counters on the lab address only', async () => {
  const m = await fetchFlumeMetrics(cfg);
  assert.ok(Number(m['SOURCE.r1']?.EventAcceptedCount) >= 3, JSON.stringify(m['SOURCE.r1']));
  assert.ok(Number(m['CHANNEL.c1']?.EventPutSuccessCount) >= 3, JSON.stringify(m['CHANNEL.c1']));
  const other = nonLoopbackAddress();
  if (other) assert.equal(await isPortOpen(other, cfg.ports.flumeMetrics), false, `metrics must not answer on ${other}`);
});
