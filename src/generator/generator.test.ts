import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { findProjectRoot } from '../config';
import { createLineHandler } from '../stream/lines';
import { generateBulk } from './bulk';
import { generateLive } from './live';

const projectRoot = findProjectRoot();

async function bulkBytes(seed: string, lines: number, malformedRate = 0.02, threads?: number): Promise<{ bytes: Buffer; truth: Awaited<ReturnType<typeof generateBulk>> }> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const truth = await generateBulk({ seed, lines, startDay: '2026-11-20', days: 3, malformedRate, projectRoot, threads }, sink);
  return { bytes: Buffer.concat(chunks), truth };
}

test('same seed ⇒ byte-identical output; another seed ⇒ different output', async () => {
  const a = await bulkBytes('s1', 20_000);
  const b = await bulkBytes('s1', 20_000);
  const c = await bulkBytes('s2', 20_000);
  assert.ok(a.bytes.equals(b.bytes));
  assert.deepEqual(a.truth, b.truth);
  assert.ok(!a.bytes.equals(c.bytes));
});

test('the output does not depend on how many threads made it', async () => {
  const lines = 3 * 32_768 + 123; // four chunks, the last one short
  const one = await bulkBytes('threads', lines, 0.02, 1);
  const three = await bulkBytes('threads', lines, 0.02, 3);
  assert.equal(one.truth.lines, lines);
  assert.equal(one.bytes.toString('utf8').split('\n').length - 1, lines);
  assert.ok(one.bytes.equals(three.bytes), 'same bytes from 1 and 3 threads');
  assert.deepEqual(one.truth, three.truth);
});

test('a file gets the same bytes as a stream, buffers refilled once written (1 and 2 threads)', async () => {
  const lines = 12 * 32_768 + 5; // more chunks than are in flight, so buffers come back and are filled again
  const expected = (await bulkBytes('refill', lines, 0.02, 1)).bytes;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-refill-'));
  try {
    for (const threads of [1, 2]) {
      const file = path.join(dir, `t${threads}.log`);
      await generateBulk({ seed: 'refill', lines, startDay: '2026-11-20', days: 3, malformedRate: 0.02, projectRoot, threads }, file);
      assert.ok(fs.readFileSync(file).equals(expected), `${threads} thread(s): the file differs from the stream`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the ground truth equals what parsing and counting the generated lines gives', async () => {
  const { bytes, truth } = await bulkBytes('truth', 50_000);
  const handle = createLineHandler({ projectRoot });
  const course: Record<string, number> = {};
  const search: Record<string, number> = {};
  let malformed = 0;
  let other = 0;
  const lines = bytes.toString('utf8').split('\n');
  assert.equal(lines.pop(), '', 'every line ends with a newline');
  for (const line of lines) {
    const o = handle(line);
    if (o.kind === 'course') {
      course[o.courseRow] = (course[o.courseRow] ?? 0) + 1;
      if (o.searchRow) search[o.searchRow] = (search[o.searchRow] ?? 0) + 1;
    } else if (o.kind === 'other') other++;
    else malformed++;
  }
  assert.equal(lines.length, 50_000);
  assert.equal(truth.lines, 50_000);
  assert.deepEqual({ malformed, other }, { malformed: truth.malformed, other: truth.other });
  assert.deepEqual(course, truth.course);
  assert.deepEqual(search, truth.search);
  assert.deepEqual(truth.days, ['20261120', '20261121', '20261122']);
});

test('the shares look like a course site: mostly course pages, Baidu first, about 2% malformed', async () => {
  const { truth } = await bulkBytes('shares', 100_000);
  const ratio = (n: number) => n / truth.lines;
  assert.ok(ratio(truth.malformed) > 0.015 && ratio(truth.malformed) < 0.025, `malformed ${ratio(truth.malformed)}`);
  assert.ok(ratio(truth.counted) > 0.6 && ratio(truth.counted) < 0.75, `course pages ${ratio(truth.counted)}`);
  const byEngine = new Map<string, number>();
  for (const [key, n] of Object.entries(truth.search)) {
    const engine = key.split('_')[1] as string;
    byEngine.set(engine, (byEngine.get(engine) ?? 0) + n);
  }
  const top = [...byEngine].sort((x, y) => y[1] - x[1])[0];
  assert.equal(top?.[0], 'www.baidu.com');
});

test('live mode writes about `rate` lines a second, each stamped with the time it was written', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clickstream-live-'));
  const began = new Date();
  const truth = await generateLive({ seed: 'live', rate: 400, durationMs: 1500, dir, file: 'x.log', projectRoot });
  const lines = fs.readFileSync(path.join(dir, 'x.log'), 'utf8').trim().split('\n');
  assert.equal(lines.length, truth.lines);
  assert.ok(truth.lines >= 590 && truth.lines <= 610, `${truth.lines} lines in 1.5 s at 400/s`);
  const stamps = new Set(lines.map((l) => l.split('\t')[1]));
  assert.ok(stamps.size >= 2, 'lines carry their own time, not one time for the run');
  const first = [...stamps].sort()[0] as string;
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = `${began.getFullYear()}-${pad(began.getMonth() + 1)}-${pad(began.getDate())}`;
  assert.equal(first.slice(0, 10), local, 'local wall-clock date');
});
