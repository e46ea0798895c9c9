import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { findProjectRoot } from '../config';

/**
 * The Spark job's counting rules (java/clickstream/LineRules.java, issue #18) against the same hand-written line
 * verdicts the TypeScript job is tested with (data/line-verdicts.tsv): compiled with the JDK's javac, no jars.
 */
const root = findProjectRoot();
const vectors = path.join(root, 'data', 'line-verdicts.tsv');
const engines = path.join(root, 'data', 'search-engines.json');
const classes = fs.mkdtempSync(path.join(os.tmpdir(), 'line-rules-'));

const check = (file: string) => spawnSync('java', ['-cp', classes, 'clickstream.LineVerdictsCheck', file, engines], { encoding: 'utf8' });

test('LineRules.java compiles with the JDK alone', () => {
  const dir = path.join(root, 'src', 'spark', 'java', 'clickstream');
  // The rules and their check need no jar (the job's other classes need Spark's and HBase's).
  const sources = ['LineRules.java', 'LineVerdictsCheck.java'].map((f) => path.join(dir, f));
  const r = spawnSync('javac', ['-d', classes, ...sources], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test("the Spark job's rules decide every shared line verdict as the TypeScript job does", () => {
  const r = check(vectors);
  const total = fs.readFileSync(vectors, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`checked ${total} vectors, 0 disagree`));
});

test('a verdict the rules do not give is reported with its line, and fails the check', () => {
  const wrong = path.join(classes, 'wrong-verdicts.tsv');
  // The first course click said to be "other": the check must name that line and fail.
  const text = fs.readFileSync(vectors, 'utf8').replace(/^course:20261124_112\t/m, 'other\t');
  fs.writeFileSync(wrong, text);
  const r = check(wrong);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /line-verdicts\.tsv:\d+: expected other, LineRules says course:20261124_112/);
});
