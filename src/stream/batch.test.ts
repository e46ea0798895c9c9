import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { findProjectRoot } from '../config';
import { generateBulk } from '../generator/bulk';
import { aggregateBatch, mergeBatchResults, type BatchMessage, type BatchResult } from './batch';
import { createLineHandler } from './lines';

const projectRoot = findProjectRoot();
const handle = createLineHandler({ projectRoot });

async function generatedMessages(lines: number, firstOffset: number): Promise<BatchMessage[]> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  await generateBulk({ seed: 'merge', lines, startDay: '2026-11-20', days: 2, malformedRate: 0.05, projectRoot }, sink);
  const text = Buffer.concat(chunks);
  const out: BatchMessage[] = [];
  let start = 0;
  for (let nl = text.indexOf(10); nl >= 0; nl = text.indexOf(10, start)) {
    out.push({ offset: String(firstOffset + out.length), value: text.subarray(start, nl) });
    start = nl + 1;
  }
  return out;
}

const count = (m: readonly BatchMessage[]) => aggregateBatch(m, handle, 'course', 'search');
/** Order-free view: rows by key with their offsets, dead letters by offset. */
const view = (r: BatchResult) => ({
  rows: new Map(r.updates.map((u) => [`${u.table}/${u.row}`, u.offsets])),
  dead: r.deadLetters.map((d) => `${d.offset} ${d.reason}`),
  counts: [r.lines, r.courseLines, r.filtered],
});

test('batches counted apart and merged give what counting them together gives', async () => {
  const messages = await generatedMessages(20_000, 7_000);
  const parts = [messages.slice(0, 5_000), messages.slice(5_000, 5_001), messages.slice(5_001, 12_345), messages.slice(12_345)];
  const merged = mergeBatchResults(parts.map(count));
  const whole = count(messages);
  assert.deepEqual(view(merged), view(whole));
  assert.ok(merged.deadLetters.length > 0 && merged.updates.length > 0, 'the lines had rows and dead letters');
  for (const u of merged.updates) assert.ok(u.offsets.every((o, i) => i === 0 || o > (u.offsets[i - 1] as number)), `${u.row}: offsets ascend`);
});

test('a batch alone is returned as it is, and merging does not change the batches merged', async () => {
  const messages = await generatedMessages(2_000, 0);
  const a = count(messages.slice(0, 1_000));
  const b = count(messages.slice(1_000));
  assert.equal(mergeBatchResults([a]), a);
  const before = JSON.stringify([a.updates, b.updates]);
  mergeBatchResults([a, b]);
  assert.equal(JSON.stringify([a.updates, b.updates]), before);
});
