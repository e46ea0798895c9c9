import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { findProjectRoot } from '../config';
import { exportedNames, unsolvedStubs } from './exercise-files';
import { notebookPaths } from './sources';

const root = findProjectRoot();
const p = notebookPaths(root);
const files = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();

test('every exercise file has a solution with the same exports, and vice versa', () => {
  assert.deepStrictEqual(files(p.exercises), files(p.solutions));
  for (const f of files(p.exercises)) {
    const stub = exportedNames(fs.readFileSync(path.join(p.exercises, f), 'utf8'));
    const solution = exportedNames(fs.readFileSync(path.join(p.solutions, f), 'utf8'));
    assert.ok(stub.length > 0, `${f} exports nothing`);
    assert.deepStrictEqual(stub, solution, `notebooks/exercises/${f} and notebooks/solutions/${f} export different names`);
  }
});

test('every stub throws MissingSolutionError with its id, and no solution does', () => {
  for (const f of files(p.exercises)) {
    const nn = f.slice(0, 2);
    const ids = unsolvedStubs(fs.readFileSync(path.join(p.exercises, f), 'utf8'));
    assert.ok(ids.length > 0, `notebooks/exercises/${f} has no MissingSolutionError stub`);
    for (const id of ids) assert.match(id, new RegExp(`^${nn}\\.\\d+ \\S`), `${f}: id '${id}' should read '${nn}.k short name'`);
    assert.deepStrictEqual(unsolvedStubs(fs.readFileSync(path.join(p.solutions, f), 'utf8')), [], `notebooks/solutions/${f} still throws MissingSolutionError`);
  }
});

test('exercise stubs and solutions type-check (notebooks/tsconfig.json)', () => {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(p.dir, 'tsconfig.json')], { encoding: 'utf8' });
  assert.strictEqual(r.status, 0, `${r.stdout}${r.stderr}`);
});
