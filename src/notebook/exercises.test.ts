import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { findProjectRoot } from '../config';
import { cellsForWrongRun, checkIds, exportedNames, parseWrongSolution, unsolvedStubs } from './exercise-files';
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

test('every wrong solution names its exercise file and check, exports what the solution does, and is in the README table', () => {
  const wrongDir = path.join(p.dir, 'wrong');
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const f of files(wrongDir)) {
    const source = fs.readFileSync(path.join(wrongDir, f), 'utf8');
    const wrong = parseWrongSolution(`notebooks/wrong/${f}`, source);
    assert.ok(typeof wrong !== 'string', wrong as string);
    assert.ok(files(p.solutions).includes(wrong.replaces), `${f} stands in for ${wrong.replaces}, which is not an exercise`);
    assert.deepStrictEqual(exportedNames(source), exportedNames(fs.readFileSync(path.join(p.solutions, wrong.replaces), 'utf8')), `${f} exports other names than its solution`);
    assert.match(wrong.checkId, new RegExp(`^${f.slice(0, 2)}\\.\\d+ \\S`), `${f}: check id '${wrong.checkId}'`);
    assert.ok(readme.includes(`\`${f}\``), `README.md's table of wrong solutions does not list ${f}`);
  }
});

test('a wrong solution without its name or first comment is refused with what to write', () => {
  assert.match(parseWrongSolution('notebooks/wrong/x.ts', '') as string, /expected a name like 05-delivery-guarantees--no-retry\.ts/);
  assert.match(parseWrongSolution('notebooks/wrong/05-a--b.ts', 'export const x = 1;') as string, /expected a first comment "\/\/ Wrong on purpose/);
  assert.deepStrictEqual(parseWrongSolution('notebooks/wrong/05-a--b.ts', '// Wrong on purpose (05.2 apply once): forgets\n// the retry.\nexport const x = 1;'), {
    file: 'notebooks/wrong/05-a--b.ts',
    replaces: '05-a.ts',
    checkId: '05.2 apply once',
    mistake: 'forgets the retry.',
  });
});

test('a wrong run keeps every cell up to its check, and after it only the cells that are not checks', () => {
  const cell = (source: string, check = false) => ({ cell_type: 'code', source, metadata: { tags: check ? ['check'] : [] } });
  const cells = [
    { cell_type: 'markdown', source: '# 05' },
    cell('setup'),
    cell("await check('05.1 new lines', f)", true),
    cell("await check('05.2 apply once', g)", true),
    cell('between'),
    cell("await check('05.3 later', h)", true),
    cell('clean up'),
  ];
  assert.deepEqual(
    cellsForWrongRun(cells, '05.1 new lines', 'check').map((c) => c.source),
    ['# 05', 'setup', "await check('05.1 new lines', f)", 'between', 'clean up'],
  );
  assert.equal(cellsForWrongRun(cells, '05.3 later', 'check').length, cells.length);
  assert.throws(() => cellsForWrongRun(cells, '05.9 none', 'check'), /no check cell checks "05\.9 none"/);
});

test('every check of every lesson has at least one wrong solution that must fail it', () => {
  const wrongDir = path.join(p.dir, 'wrong');
  const caught = new Set(files(wrongDir).map((f) => (parseWrongSolution(`notebooks/wrong/${f}`, fs.readFileSync(path.join(wrongDir, f), 'utf8')) as { checkId: string }).checkId));
  const checks = fs
    .readdirSync(p.sources)
    .filter((f) => f.endsWith('.md'))
    .flatMap((f) => [...fs.readFileSync(path.join(p.sources, f), 'utf8').matchAll(/```ts check[^\n]*\n([\s\S]*?)```/g)].flatMap((m) => checkIds(m[1] ?? '')));
  assert.ok(checks.length >= 20, `${checks.length} checks found`);
  assert.deepStrictEqual(checks.filter((id) => !caught.has(id)), [], 'checks without a wrong solution in notebooks/wrong/');
});
