import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { findProjectRoot } from '../config';
import { createLineHandler } from './lines';

/**
 * data/line-verdicts.tsv: the counting rules as hand-written examples, shared with the Spark job (issue #18), so
 * the two implementations cannot drift apart. Each is run through the job's line handler twice: as bytes (the fast
 * path of scan.ts, what the job reads from Kafka) and as a string (parseLine + classify).
 */
interface Vector {
  lineNo: number;
  verdict: string;
  line: string;
}

/** `\t`, `\r` and `\\` in the file's log lines stand for a tab, a carriage return and a backslash. */
function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => {
    if (c === 't') return '\t';
    if (c === 'r') return '\r';
    if (c === '\\') return '\\';
    throw new Error(`unknown escape \\${c}`);
  });
}

function readVectors(file: string): Vector[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((text, i) => ({ text, lineNo: i + 1 }))
    .filter(({ text }) => text !== '' && !text.startsWith('#'))
    .map(({ text, lineNo }) => {
      const tab = text.indexOf('\t');
      if (tab < 0) throw new Error(`line-verdicts.tsv:${lineNo}: no tab between verdict and line`);
      return { lineNo, verdict: text.slice(0, tab), line: unescape(text.slice(tab + 1)) };
    });
}

/** What the job decided, in the file's notation. */
function verdictOf(outcome: ReturnType<ReturnType<typeof createLineHandler>>): string {
  if (outcome.kind === 'malformed') return `malformed:${outcome.reason.split(':')[0]}`;
  if (outcome.kind === 'other') return 'other';
  return `course:${outcome.courseRow}${outcome.searchRow ? `+${outcome.searchRow}` : ''}`;
}

const root = findProjectRoot();
const vectors = readVectors(path.join(root, 'data', 'line-verdicts.tsv'));

test('the shared line verdicts cover every kind of decision', () => {
  const kinds = new Set(vectors.map((v) => v.verdict.replace(/:.*$/, '') + (v.verdict.includes('+') ? '+search' : '')));
  assert.deepEqual([...kinds].sort(), ['course', 'course+search', 'malformed', 'other']);
  const reasons = new Set(vectors.filter((v) => v.verdict.startsWith('malformed:')).map((v) => v.verdict.slice('malformed:'.length)));
  assert.deepEqual([...reasons].sort(), ['bad-request', 'bad-status', 'bad-time', 'empty-field', 'extra-field', 'missing-field']);
});

test('the job decides every shared line verdict, from bytes and from a string alike', () => {
  const handle = createLineHandler({ projectRoot: root });
  const wrong: string[] = [];
  for (const v of vectors) {
    for (const [how, input] of [['bytes', Buffer.from(v.line, 'utf8')], ['string', v.line]] as const) {
      const got = verdictOf(handle(input));
      if (got !== v.verdict) wrong.push(`line-verdicts.tsv:${v.lineNo} (${how}): expected ${v.verdict}, the job says ${got}`);
    }
  }
  assert.deepEqual(wrong, []);
});
