import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { findProjectRoot } from '../config';
import { buildNotebook, CHECK_TAG, serializeNotebook, splitBlocks, titleOf } from './build';
import { notebookDrift, renderAll } from './sources';
import { plotlyBundle } from '../lessons/plotly';
import { checkIds, unsolvedStubs } from './exercise-files';

const SAMPLE = [
  '# 42 · Sample',
  '',
  'Some prose.',
  '',
  '```bash',
  'npx lab up',
  '```',
  '',
  '```ts',
  "import { loadConfig } from 'clickstream-lab';",
  'const cfg = loadConfig();',
  '```',
  '',
  '## Exercise',
  '',
  '```ts check',
  "await check('42.1 x', () => 1);",
  '```',
  '',
].join('\n');

test('prose becomes markdown cells, each ```ts block one code cell; other fences stay prose', () => {
  const blocks = splitBlocks(SAMPLE);
  assert.deepStrictEqual(
    blocks.map((b) => [b.kind, b.tags]),
    [
      ['markdown', []],
      ['code', []],
      ['markdown', []],
      ['code', [CHECK_TAG]],
    ],
  );
  assert.match(blocks[0]?.text ?? '', /```bash\nnpx lab up\n```/);
  assert.strictEqual(blocks[1]?.text, "import { loadConfig } from 'clickstream-lab';\nconst cfg = loadConfig();");
});

test('the notebook is nbformat 4.5 for the tslab kernel, with tags, ids, nav and no outputs', () => {
  const nb = buildNotebook(SAMPLE, { name: '42-sample', prev: { name: '41-prev', title: 'Prev' } });
  assert.strictEqual(nb.nbformat, 4);
  assert.strictEqual(nb.nbformat_minor, 5);
  assert.deepStrictEqual(nb.metadata.kernelspec, { name: 'tslab', display_name: 'TypeScript (clickstream-lab)', language: 'typescript' });
  const code = nb.cells.filter((c) => c.cell_type === 'code');
  assert.strictEqual(code.length, 2);
  assert.deepStrictEqual(code[1]?.metadata, { tags: ['check'] });
  assert.ok(code.every((c) => c.outputs?.length === 0 && c.execution_count === null));
  assert.deepStrictEqual(code[0]?.source, ["import { loadConfig } from 'clickstream-lab';\n", 'const cfg = loadConfig();']);
  assert.strictEqual(new Set(nb.cells.map((c) => c.id)).size, nb.cells.length);
  assert.match(nb.cells[0]?.source.join('') ?? '', /\[← Prev\]\(41-prev\.ipynb\)/);
  assert.strictEqual(serializeNotebook(nb), serializeNotebook(buildNotebook(SAMPLE, { name: '42-sample', prev: { name: '41-prev', title: 'Prev' } })));
});

test('an unclosed fence is an error, not a silently swallowed lesson', () => {
  assert.throws(() => splitBlocks('# T\n```ts\nconst a = 1;\n'), /unclosed code fence opened on line 2/);
});

test('titleOf reads the level-1 heading', () => {
  assert.strictEqual(titleOf(SAMPLE), '42 · Sample');
});

test('every committed notebook is exactly what its notebooks/src source builds to (run `lab notebooks build`)', () => {
  const root = findProjectRoot();
  assert.ok(renderAll(root).length > 0, 'no notebook sources found in notebooks/src');
  assert.deepStrictEqual(notebookDrift(root), [], 'notebooks out of date: run `npx lab notebooks build` and commit');
});

test('plotlyBundle keeps the figure and refuses one without traces', () => {
  assert.deepStrictEqual(plotlyBundle({ data: [{ type: 'bar', x: [1], y: [2] }] }), { data: [{ type: 'bar', x: [1], y: [2] }], layout: {}, config: {} });
  assert.throws(() => plotlyBundle({ data: [] }), /at least one trace/);
});

test('relative links in notebook sources point at files that exist', () => {
  const root = findProjectRoot();
  const dir = path.join(root, 'notebooks');
  const broken: string[] = [];
  for (const f of fs.readdirSync(path.join(dir, 'src')).filter((x) => x.endsWith('.md'))) {
    const md = fs.readFileSync(path.join(dir, 'src', f), 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const m of md.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = (m[1] ?? '').split('#')[0] ?? '';
      if (!target || /^[a-z]+:/i.test(target)) continue;
      if (!fs.existsSync(path.resolve(dir, target))) broken.push(`notebooks/src/${f}: ${target}`);
    }
  }
  assert.deepStrictEqual(broken, []);
});

test('every lesson has goals, a recap, and 1–4 exercises whose checks and stubs belong to it', () => {
  const root = findProjectRoot();
  const dir = path.join(root, 'notebooks');
  for (const f of fs.readdirSync(path.join(dir, 'src')).filter((x) => /^\d{2}-.*\.md$/.test(x))) {
    const slug = f.slice(0, -'.md'.length);
    const nn = f.slice(0, 2);
    const md = fs.readFileSync(path.join(dir, 'src', f), 'utf8');
    assert.match(md, /\bGoals\b/, `${f}: no goals`);
    assert.match(md, /^#+\s*Recap\b/m, `${f}: no "## Recap" section`);
    const checks = splitBlocks(md).filter((b) => b.tags.includes(CHECK_TAG));
    const ids = new Set(checks.flatMap((b) => checkIds(b.text)));
    assert.ok(ids.size >= 1 && ids.size <= 4, `${f}: ${ids.size} exercises (want 1–4)`);
    for (const id of ids) assert.match(id, new RegExp(`^${nn}\\.\\d+ \\S`), `${f}: check id '${id}' should read '${nn}.k short name'`);
    assert.ok(md.includes(`from './exercises/${slug}'`), `${f}: does not import ./exercises/${slug}`);
    const stubs = new Set(unsolvedStubs(fs.readFileSync(path.join(dir, 'exercises', `${slug}.ts`), 'utf8')));
    assert.deepStrictEqual([...ids].sort(), [...stubs].sort(), `${f}: check ids and the stubs' MissingSolutionError ids differ`);
  }
});
