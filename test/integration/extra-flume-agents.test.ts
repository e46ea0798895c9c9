import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { ServiceStartError } from '../../src/errors';
import { runningExtraFlumeAgents, startFlumeAgent, stopExtraFlumeAgents } from '../../src/stack/extra-flume-agents';
import { isAlive } from '../../src/process/pid-process';
import { testConfig } from '../helpers';

const cfg = testConfig();
const labJs = path.join(cfg.projectRoot, 'bin', 'lab.js');

/** A source that makes events by itself (seq) into a sink that drops them: no port, no file, no Kafka. */
const SEQ_TO_NULL = ['t.sources = s', 't.channels = c', 't.sinks = k', 't.sources.s.type = seq', 't.sources.s.channels = c', 't.channels.c.type = memory', 't.sinks.k.type = null', 't.sinks.k.channel = c'].join('\n');

test('an extra Flume agent runs beside the lab\'s, is listed by lab status, and is stopped by what lab down calls', async () => {
  const agent = await startFlumeAgent(cfg, { name: 'it-extra', agent: 't', config: SEQ_TO_NULL });
  try {
    const m = await agent.metrics();
    assert.ok(Number(m['SOURCE.s']?.StartTime) > 0 && Number(m['CHANNEL.c']?.StartTime) > 0, JSON.stringify(m));
    const status = spawnSync(process.execPath, [labJs, 'status', '--json'], { encoding: 'utf8', env: process.env });
    const listed = (JSON.parse(status.stdout) as { extraFlumeAgents: { name: string; pid: number }[] }).extraFlumeAgents;
    assert.deepEqual(listed, [{ name: 'it-extra', pid: agent.pid }]);
    assert.deepEqual(await stopExtraFlumeAgents(cfg), ['it-extra']);
    assert.equal(isAlive(agent.pid), false, 'the agent process is gone');
    assert.deepEqual(runningExtraFlumeAgents(cfg), []);
  } finally {
    await agent.stop();
  }
});

test('an agent whose config Flume cannot run fails with its log lines, and its JVM is not left behind', async () => {
  // The source names a channel the agent does not declare: Flume drops the source, so nothing starts.
  const broken = SEQ_TO_NULL.replace('t.sources.s.channels = c', 't.sources.s.channels = nope');
  const err = await startFlumeAgent(cfg, { name: 'it-broken', agent: 't', config: broken, startTimeoutMs: 15_000 }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof ServiceStartError, String(err));
  assert.match(err.message, /did not start SOURCE\.s, CHANNEL\.c within 15 s/);
  assert.deepEqual(runningExtraFlumeAgents(cfg), []);
  await assert.rejects(startFlumeAgent(cfg, { name: 'it-empty', agent: 'x', config: SEQ_TO_NULL }), /declares no source or channel for agent `x`/);
});
