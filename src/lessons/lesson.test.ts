import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { findProjectRoot } from '../config';
import { formatLine } from '../logformat';
import { flumeFlow, parseProperties } from './flume';
import { runId } from './names';
import { sampleRows } from './samples';

const projectRoot = findProjectRoot();

test('runId gives a fresh, Kafka-safe name each call and refuses odd prefixes', () => {
  const a = runId('nb03-topic');
  assert.match(a, /^nb03-topic-[a-z0-9]+-[0-9a-f]{4}$/);
  assert.notStrictEqual(a, runId('nb03-topic'));
  assert.throws(() => runId('Bad Prefix'), RangeError);
});

test('parseProperties reads the Flume template: keys, values with spaces and regexes, comments skipped', () => {
  const text = fs.readFileSync(path.join(projectRoot, 'src', 'stack', 'templates', 'flume', 'flume.conf'), 'utf8');
  const p = parseProperties(text);
  assert.strictEqual(p.get('a1.sources.r1.type'), 'TAILDIR');
  assert.strictEqual(p.get('a1.sources.r1.filegroups.f1'), '${FLUME_LOG_DIR}/.*\\.log');
  assert.strictEqual(p.get('a1.channels.c1.type'), 'org.apache.flume.channel.kafka.KafkaChannel');
  assert.strictEqual(p.get('a1.channels.c1.kafka.topic'), '${ACCESS_LOG_TOPIC}');
  assert.strictEqual(p.get('a1.sources.r1.interceptors.id.type'), 'LineIdentity$Builder');
  assert.strictEqual(p.get('a1.sinks'), undefined, 'the Kafka channel is the last hop: no sink');
  assert.ok(![...p.keys()].some((k) => k.startsWith('#')));
});

test('flumeFlow picks the source and Kafka channel figures (0 when a component is missing)', () => {
  const f = flumeFlow({
    'SOURCE.r1': { EventAcceptedCount: '120' },
    'CHANNEL.c1': { EventPutSuccessCount: '100', RollbackCount: '2', ChannelSize: '0' },
  });
  assert.deepStrictEqual(f, { sourceAccepted: 120, deliveredToKafka: 100, rollbacks: 2 });
  assert.deepStrictEqual(flumeFlow({}), { sourceAccepted: 0, deliveredToKafka: 0, rollbacks: 0 });
});

test('sampleRows turns lines into flat rows with the counting rules applied, and keeps malformed ones apart', () => {
  const course = formatLine({ ip: '10.0.0.1', time: '2026-11-24 13:05:00', method: 'GET', path: '/class/112.html', protocol: 'HTTP/1.1', status: 200, referer: 'https://www.baidu.com/s?wd=spark' });
  const other = formatLine({ ip: '10.0.0.2', time: '2026-11-24 01:00:00', method: 'POST', path: '/index.html', protocol: 'HTTP/1.1', status: 404, referer: null });
  const { rows, malformed } = sampleRows({ projectRoot }, [course, other, 'garbage']);
  assert.deepStrictEqual(rows[0], { ip: '10.0.0.1', time: '2026-11-24 13:05:00', day: '2026-11-24', hour: 13, method: 'GET', path: '/class/112.html', status: 200, referer: 'https://www.baidu.com/s?wd=spark', courseId: 112, engine: 'www.baidu.com' });
  assert.strictEqual(rows[1]?.courseId, -1);
  assert.strictEqual(rows[1]?.referer, '-');
  assert.deepStrictEqual(malformed, [{ line: 'garbage', reason: 'missing-field' }]);
});

