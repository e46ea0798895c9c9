import * as assert from 'node:assert';
import { test } from 'node:test';
import { codeCells, solutionProblems, stubProblems, wrongProblems, type ExecutedCell } from './executed';

const cell = (source: string, status: string | undefined, tags: string[], outputs: ExecutedCell['outputs']): ExecutedCell => ({
  cell_type: 'code',
  source,
  metadata: { tags, ...(status ? { clickstream_lab: { status } } : {}) },
  outputs,
});
const out = (name: string, t: string) => ({ output_type: 'stream', name, text: t });

test('a clean solution run has no problems; a failed cell, a silent check or a missing figure each is one', () => {
  const good = codeCells({
    cells: [
      cell("const a = 1;", 'ok', [], []),
      cell("await check('01.1 a', () => 1);", 'ok', ['check'], [out('stdout', '✔ 01.1 a: pass\n')]),
      cell('showPlotly(fig);', 'ok', ['plotly'], [{ output_type: 'display_data', data: { 'application/vnd.plotly.v1+json': {} } }]),
    ],
  });
  assert.deepStrictEqual(solutionProblems(good), []);
  const bad = codeCells({
    cells: [
      cell("const a: number = 'x';", 'error', [], [out('stderr', "1:7 - Type 'string' is not assignable")]),
      cell("await check('01.1 a', () => 1);", 'ok', ['check'], [out('stdout', 'something else\n')]),
      cell('showPlotly(fig);', undefined, ['plotly'], []),
    ],
  });
  const problems = solutionProblems(bad);
  assert.strictEqual(problems.length, 4, problems.join('\n'));
  assert.match(problems[0] ?? '', /cell 0 .*error\n1:7 - Type/);
  assert.match(problems.join('\n'), /did not print "✔ 01\.1 a: pass"/);
  assert.match(problems.join('\n'), /cell 2 .*: not run/);
  assert.match(problems.join('\n'), /no application\/vnd\.plotly\.v1\+json output/);
  const untagged = codeCells({ cells: [cell('showPlotly({ data: [{}] });', 'ok', [], [out('stdout', '')])] });
  assert.match(solutionProblems(untagged).join('\n'), /draws a plotly figure but has no/);
});

test('a stub run must fail every check with a CheckFailedError naming the exercise', () => {
  const failing = cell("await check('02.1 b', () => 1);", 'error', ['check'], [out('stderr', '[CheckFailedError: ✘ 02.1 b: not solved yet')]);
  assert.deepStrictEqual(stubProblems(codeCells({ cells: [failing] })), []);
  const passing = cell("await check('02.1 b', () => 1);", 'ok', ['check'], [out('stdout', '✔ 02.1 b: pass')]);
  const problems = stubProblems(codeCells({ cells: [passing] }));
  assert.match(problems.join('\n'), /expected the check to fail/);
  assert.match(problems.join('\n'), /does not name 02\.1 b/);
  assert.deepStrictEqual(stubProblems([]), ['no check cell (tag "check")']);
});

test('a wrong solution must fail its own check with a CheckFailedError naming it; passing it, or failing otherwise, is a problem', () => {
  const cell = (status: string, stdout: string, errors: string) =>
    codeCells({ cells: [{ cell_type: 'code', source: "await check('05.2 apply once', async () => {})", metadata: { tags: ['check'], clickstream_lab: { status } }, outputs: [{ output_type: 'stream', name: 'stdout', text: stdout }, { output_type: 'stream', name: 'stderr', text: errors }] }] });
  assert.deepStrictEqual(wrongProblems(cell('error', '', 'CheckFailedError: ✘ 05.2 apply once: the result is not what the check expected'), '05.2 apply once'), []);
  assert.match(wrongProblems(cell('ok', '✔ 05.2 apply once: pass', ''), '05.2 apply once')[0] ?? '', /the check passed a wrong solution/);
  assert.match(wrongProblems(cell('timeout', '', ''), '05.2 apply once')[0] ?? '', /timeout, without a CheckFailedError/);
  assert.match(wrongProblems(cell('error', '', 'CheckFailedError'), '05.3 other')[0] ?? '', /no check cell checks "05\.3 other"/);
});
