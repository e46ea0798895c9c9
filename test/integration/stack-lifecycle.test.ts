import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { labPaths, PORT_ENV, SERVICE_NAMES } from '../../src/config';
import { HBaseClient } from '../../src/hbase';
import { kafkaFor } from '../../src/kafka';
import { isPortFree } from '../../src/process/health';
import { down, up } from '../../src/lab/lifecycle';
import { status } from '../../src/lab/status';
import { SQL_TABLES } from '../../src/schema';
import { connectSql, sqlEndpointFor } from '../../src/sql';
import { collectMessages, tempDir, testConfig, topicEnds, unique, uniqueDay } from '../helpers';

const cfg = testConfig();
const root = path.resolve(__dirname, '..', '..', '..');
const labBin = path.join(root, 'bin', 'lab.js');

/** Pids of live processes whose command line carries this lab home's marker. */
function processesOf(home: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const state = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (cmd.includes(`clickstream.lab=`) && cmd.includes(`@${home}\0`) && state !== 'Z') pids.push(Number(entry));
    } catch {
      /* exited while we looked */
    }
  }
  return pids;
}

function lab(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [labBin, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
}

test('`lab status --json` reports every service running, with pid, ports, version, paths and Flume\'s directory', () => {
  const r = lab(['status', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout) as Record<string, any>;
  assert.equal(s.healthy, true);
  assert.ok(s.stream.length >= 1 && s.stream.every((w: any) => w.state === 'running' && w.metrics.joinedAt), 'stream workers joined');
  assert.ok(s.sqlStream.length >= 1 && s.sqlStream.every((w: any) => w.state === 'running' && w.metrics.joinedAt), 'SQL job workers joined');
  for (const name of SERVICE_NAMES) {
    assert.equal(s[name].state, 'running', name);
    assert.ok(processesOf(cfg.home).includes(s[name].pid), `${name} pid ${s[name].pid} is a live process of this lab`);
    assert.equal(s[name].version, cfg.versions[name]);
    assert.equal(s[name].logFile, labPaths(cfg).serviceLog(name));
  }
  assert.deepEqual(s.kafka.ports, { broker: cfg.ports.kafka, controller: cfg.ports.kafkaController });
  assert.equal(s.flume.logDir, labPaths(cfg).flumeLogDir);
  assert.deepEqual(s.mariadb.ports, { sql: cfg.ports.mariadb });
  assert.equal(s.mariadb.dataDir, labPaths(cfg).serviceData('mariadb'));
});

test('with the jar cache warm, fetching needs no Maven and no network', () => {
  // PATH is emptied: had the lab wanted to run `mvn` (the only thing that downloads), the spawn would fail.
  const r = lab(['fetch'], { PATH: '' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal((r.stdout.match(/\(cached\)/g) ?? []).length, 3, r.stdout);
});

test('`up` again is harmless: same processes, nothing restarted', async () => {
  const before = await status(cfg);
  const r = await up(cfg, { quiet: true });
  assert.deepEqual(r.services.map((s) => [s.service, s.outcome]), SERVICE_NAMES.map((n) => [n, 'running']));
  const after = await status(cfg);
  for (const name of SERVICE_NAMES) assert.equal(after[name].pid, before[name].pid);
});

test('a port taken by another program is reported before anything starts, naming the port and the setting', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const taken = (blocker.address() as net.AddressInfo).port;
  const home = tempDir('portclash');
  // Every other port somewhere free, so the clash we made is the one reported.
  const env: NodeJS.ProcessEnv = { LAB_HOME: home };
  let free = 30_000 + Math.floor(Math.random() * 20_000);
  for (const [key, name] of Object.entries(PORT_ENV)) {
    while (!(await isPortFree('127.0.0.1', free))) free++;
    env[name] = String(key === 'kafka' ? taken : free++);
  }
  try {
    const began = Date.now();
    const r = lab(['up'], env);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`kafka cannot start: 127\\.0\\.0\\.1:${taken} is already in use`));
    assert.match(r.stderr, /LAB_KAFKA_PORT=<port>/);
    assert.ok(Date.now() - began < 30_000, 'reported at once, not after a start timeout');
    assert.deepEqual(processesOf(home), [], 'no JVM was started');
  } finally {
    blocker.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
});

// The tiers after this file need the lab: whatever happens in the down/up test below, leave it up.
after(async () => {
  await up(cfg, { quiet: true });
});

test('`down` stops every process of ours; data and a line written while Flume was down survive `up`', async () => {
  const marker = unique('survive');
  const hbase = await HBaseClient.forLab(cfg);
  await hbase.put(cfg.tables.courseClicks, marker, { 'info:click_count': 41 });
  hbase.close();
  // A row in the relational store too: its data directory must survive as HBase's does.
  const sqlDay = uniqueDay();
  const sql = await connectSql(sqlEndpointFor(cfg));
  await sql.query(`INSERT INTO ${SQL_TABLES.course} (day, course_id, clicks) VALUES (?, 1, 41)`, [sqlDay]);
  await sql.end();
  const since = await topicEnds(kafkaFor(cfg, 'it-survive'), cfg.topics.accessLog);
  const producer = kafkaFor(cfg, 'it-survive').producer();
  await producer.connect();
  await producer.send({ topic: cfg.topics.accessLog, messages: [{ value: `${marker} kafka` }] });
  await producer.disconnect();

  const stopped = await down(cfg);
  assert.ok(stopped.length >= 4, 'three services and at least one stream worker');
  // Jupyter runs only when a notebook command started it; everything else was running and must stop politely.
  assert.notEqual(stopped.find((s) => s.service === 'jupyter')?.outcome, 'killed');
  assert.deepEqual(new Set(stopped.filter((s) => s.service !== 'jupyter').map((s) => s.outcome)), new Set(['terminated']));
  assert.deepEqual(processesOf(cfg.home), [], 'no process of this lab is left');

  // Written while Flume is down: TAILDIR's saved position must make it ship this line after the restart.
  fs.appendFileSync(path.join(labPaths(cfg).flumeLogDir, `${marker}.log`), `${marker} while-down\n`);

  const began = Date.now();
  const r = await up(cfg, { quiet: true });
  console.log(`# warm up after down: ${((Date.now() - began) / 1000).toFixed(1)} s to all healthy`);
  assert.deepEqual(r.services.map((s) => [s.service, s.outcome]), SERVICE_NAMES.map((n) => [n, 'started']));

  const again = await HBaseClient.forLab(cfg);
  try {
    assert.equal(await again.getLong(cfg.tables.courseClicks, marker, 'info:click_count'), 41n);
  } finally {
    again.close();
  }
  const sqlAgain = await connectSql(sqlEndpointFor(cfg));
  try {
    assert.deepEqual(await sqlAgain.query(`SELECT clicks FROM ${SQL_TABLES.course} WHERE day = ?`, [sqlDay]), [{ clicks: 41 }]);
  } finally {
    await sqlAgain.end();
  }
  const kafka = kafkaFor(cfg, 'it-survive');
  const msgs = await collectMessages(kafka, cfg.topics.accessLog, since, marker, 2, 30_000, 1000);
  assert.deepEqual(msgs.sort(), [`${marker} kafka`, `${marker} while-down`]);
});
