import * as assert from 'node:assert';
import { test } from 'node:test';
import { findProjectRoot } from '../config';
import { buildNotebook, CHECK_TAG, serializeNotebook, splitBlocks, titleOf } from './build';
import { notebookDrift, renderAll } from './sources';
import { plotlyBundle } from './plotly';

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
