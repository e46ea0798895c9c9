import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { labPaths } from '../../src/config';
import { loadBotModel } from '../../src/detect/bot-model';
import { Detector, type Alert } from '../../src/detect/detector';
import { seenLine } from '../../src/detect/seen-line';
import { parseLine } from '../../src/logformat';
import { recentAlerts } from '../../src/detect/hbase-alerts';
import { committedAlerts, hasDecided, judgeAlerts } from '../../src/detect/verify';
import { detectorStatus, startDetector, stopDetector } from '../../src/detect/worker-process';
import { labDetector, readDetectorReport, type DetectorRoute } from '../../src/detect/worker';
import { generateTimeline, type TimelineTruth } from '../../src/generator';
import { HBaseClient } from '../../src/hbase';
import { ensureTopics, kafkaFor, labTopics } from '../../src/kafka';
import { loadSearchEngines } from '../../src/schema';
import { eventually, sleep, tempDir, testConfig, unique } from '../helpers';

/**
 * The detector (issue #19) against the test lab: the lab's own runs (started by `lab up`); a second one, on a topic
 * of its own, is killed with kill -9 three times while lines flow — once while it rebuilds its windows — and its
 * supervisor starts it again each time. Its committed alerts must be exactly what one detector that never stopped
 * decides on the same lines: none twice, none missing, the same scores.
 */
const cfg = testConfig();
const kafka = kafkaFor(cfg, 'it-detector');
const PARTITIONS = 3;
/** Lines per send, each send to one partition in turn (as Flume's batches land). */
const CHUNK = 400;

let dir: string;
let route: DetectorRoute;

before(() => {
  dir = tempDir('detector');
  const id = unique('it-detect');
  route = labDetector(cfg, { name: `detector-${id}`, source: id, groupId: id, alertsTopic: `${id}-alerts`, stateTopic: `${id}-state` });
});

after(async () => {
  await stopDetector(cfg, route.name);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("the lab's detector runs, supervised, in `lab status`, with a bot model it trained itself", async () => {
  await eventually('the lab detector to be running', async () => (detectorStatus(cfg).state === 'running' ? true : undefined), { timeoutMs: 60_000 });
  const s = detectorStatus(cfg);
  assert.ok(s.report && s.report.pid !== s.pid, 'the worker is a child of the supervisor');
  assert.ok(fs.existsSync(labPaths(cfg).botModel), 'a model was trained at its first start');
});

/** The lines of a history, dealt to the partitions in chunks: [partition, line][] in the order they are sent. */
function deal(lines: string[]): [number, string[]][] {
  const out: [number, string[]][] = [];
  for (let i = 0, k = 0; i < lines.length; i += CHUNK, k++) out.push([k % PARTITIONS, lines.slice(i, i + CHUNK)]);
  return out;
}

/** What one detector that never stops decides on the same lines, partition by partition as they were sent. */
function reference(sends: [number, string[]][]): Alert[] {
  const d = new Detector({ partitions: [0, 1, 2], model: loadBotModel(labPaths(cfg).botModel) });
  const engines = loadSearchEngines(cfg.projectRoot);
  const alerts: Alert[] = [];
  for (const [p, lines] of sends) {
    for (const text of lines) {
      const r = parseLine(text);
      if (!r.ok) continue;
      d.add(p, seenLine(r.record, engines));
      alerts.push(...d.drainDue());
    }
  }
  return alerts;
}

test('kill -9 of the worker, three times while lines flow: every alert committed once, exactly those an uninterrupted detector decides', async () => {
  await ensureTopics(kafka, [
    { topic: route.source, numPartitions: PARTITIONS },
    { topic: route.alertsTopic, numPartitions: 1 },
    { ...(labTopics(cfg).find((t) => t.topic === cfg.topics.detectorState) as { topic: string; numPartitions: number }), topic: route.stateTopic },
  ]);
  const file = path.join(dir, 'history.log');
  const truth: TimelineTruth = await generateTimeline({ seed: 'it-detect', start: '2026-11-30 14:00:00', seconds: 600, rate: 300, bots: 5, errorBursts: 3, malformedRate: 0.01, projectRoot: cfg.projectRoot }, file);
  const sends = deal(fs.readFileSync(file, 'utf8').split('\n').slice(0, -1));
  await startDetector(cfg, route);
  const producer = kafka.producer();
  await producer.connect();
  const pid = () => readDetectorReport(cfg, route.name)?.pid;
  const kill9 = async (why: string) => {
    const victim = pid() as number;
    process.kill(victim, 'SIGKILL');
    console.log(`# kill -9 worker ${victim} (${why})`);
    await eventually('the supervisor to start a new worker', async () => (pid() !== undefined && pid() !== victim && readDetectorReport(cfg, route.name)?.joinedAt ? true : undefined), { timeoutMs: 60_000 });
  };
  try {
    for (const [i, [partition, lines]] of sends.entries()) {
      await producer.send({ topic: route.source, messages: lines.map((value) => ({ value, partition })) });
      if (i % 10 === 9) await sleep(150);
      if (i === Math.floor(sends.length * 0.3)) await kill9('mid-stream');
      if (i === Math.floor(sends.length * 0.6)) {
        await kill9('mid-stream, again');
        // The new worker reads back what it had: kill it while it does.
        await kill9('while it rebuilds its windows');
      }
    }
  } finally {
    await producer.disconnect();
  }
  await eventually('the detector to decide the whole run', async () => {
    const r = readDetectorReport(cfg, route.name);
    return hasDecided(r, truth.span) ? true : undefined;
  }, { timeoutMs: 120_000 });
  const report = readDetectorReport(cfg, route.name);
  assert.ok((report?.restarts ?? 0) >= 3, `the supervisor restarted the worker ${report?.restarts} times`);

  const committed = await committedAlerts(kafka, route.alertsTopic);
  const expected = reference(sends);
  const ids = committed.map((a) => a.id);
  assert.equal(new Set(ids).size, ids.length, `no alert committed twice: ${ids.join(', ')}`);
  const shape = (a: Alert) => `${a.id} ${a.score} ${a.windowEnd}`;
  assert.deepEqual(committed.map(shape).sort(), expected.map(shape).sort(), 'the same alerts as a detector that never stopped');
  // The reference is a real detector: it finds the run's incidents, so the comparison above has something to compare.
  const v = judgeAlerts(expected, truth);
  assert.ok(v.scores.bot.detected >= 4 && v.scores['error-burst'].detected >= 2, JSON.stringify(v.scores));
  const hbase = await HBaseClient.forLab(cfg);
  try {
    const stored = new Set((await recentAlerts(hbase, route.table, 10_000)).map((a) => a.id));
    assert.deepEqual(ids.filter((id) => !stored.has(id)), [], 'every committed alert is in the alerts table');
  } finally {
    hbase.close();
  }
  console.log(`# ${committed.length} alerts, ${report?.restarts} restarts, ${report?.replayed} lines read again; precision bot ${v.scores.bot.precision}, burst ${v.scores['error-burst'].precision}`);
});
