import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { findProjectRoot } from '../config';
import { eventTimeMs, parseLine } from '../logformat';
import { courseIdOf } from '../schema';
import { generateTimeline } from './timeline';

const projectRoot = findProjectRoot();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'timeline-'));

async function run(name: string, bots: number, errorBursts: number) {
  const file = path.join(dir, `${name}.log`);
  const truth = await generateTimeline({ seed: 'tl', start: '2026-12-05 23:50:00', seconds: 900, rate: 40, bots, errorBursts, malformedRate: 0.02, projectRoot }, file);
  const lines = fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
  return { truth, lines };
}

test('a timeline follows the clock, across midnight, and its ground truth counts every line, the bots’ included', async () => {
  const { truth, lines } = await run('with', 3, 2);
  assert.equal(truth.lines, lines.length);
  assert.equal(truth.days.length, 2, 'ten minutes on each side of midnight');
  let last = 0;
  let courseClicks = 0;
  for (const l of lines) {
    const r = parseLine(l);
    if (!r.ok) continue;
    const t = eventTimeMs(r.record.time);
    assert.ok(t >= last, `${r.record.time} after ${new Date(last).toISOString()}`);
    last = t;
    if (courseIdOf(r.record.path) !== undefined) courseClicks++;
  }
  assert.equal(truth.counted, courseClicks);
});

test("each bot requests at its rate from its own IP only while it runs; each burst fails most of its course's requests only while it runs", async () => {
  const { truth, lines } = await run('with', 3, 2);
  const records = lines.map(parseLine).flatMap((r) => (r.ok ? [r.record] : []));
  for (const i of truth.incidents) {
    if (i.kind === 'bot') {
      const mine = records.filter((r) => r.ip === i.ip);
      assert.equal(mine.length, ((i.end - i.start) / 1000) * i.rate, i.id);
      assert.ok(mine.every((r) => eventTimeMs(r.time) >= i.start && eventTimeMs(r.time) < i.end && courseIdOf(r.path) !== undefined), i.id);
      assert.ok(mine.every((r) => (i.variant === 'crawler' ? r.referer === null : r.referer !== null)), i.id);
    } else {
      const course = (inside: boolean) => records.filter((r) => courseIdOf(r.path) === i.courseId && (eventTimeMs(r.time) >= i.start && eventTimeMs(r.time) < i.end) === inside);
      const share = (rs: typeof records) => rs.filter((r) => r.status >= 500).length / Math.max(1, rs.length);
      assert.ok(share(course(true)) > i.errorShare - 0.2, `${i.id}: ${share(course(true))} of its requests failed during the burst`);
      assert.ok(share(course(false)) < 0.1, `${i.id}: ${share(course(false))} failed outside it`);
    }
  }
});

test('the people are the same lines with or without incidents, apart from the statuses a burst rewrote', async () => {
  const plain = await run('without', 0, 0);
  const { truth, lines } = await run('with', 3, 2);
  const botIps = new Set(truth.incidents.flatMap((i) => (i.kind === 'bot' ? [i.ip] : [])));
  const people = lines.filter((l) => !botIps.has(l.split('\t')[0] as string));
  assert.equal(people.length, plain.lines.length);
  const withoutStatus = (l: string) => l.replace(/"\t\d{3}\t/, '"\t\t');
  assert.deepEqual(people.map(withoutStatus), plain.lines.map(withoutStatus));
  assert.deepEqual(plain.truth.incidents, []);
});
