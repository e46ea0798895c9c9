import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { buildNotebook, serializeNotebook } from '../../src/notebook/build';
import { codeCells, solutionProblems, stubProblems, wrongProblems, type ExecutedCell } from '../../src/notebook/executed';
import { executeNotebooks, prepareNotebookCopy, prepareWrongCopies, type ExerciseVariant, type WrongRun } from '../../src/notebook/run';
import { kafkaFor } from '../../src/kafka';
import { runningExtraFlumeAgents } from '../../src/stack/extra-flume-agents';
import { runLabAdmin } from '../../src/stack/hbase-admin';
import { connectSql, sqlEndpointFor } from '../../src/sql';
import { testConfig } from '../helpers';

/**
 * Every notebook, executed headless with the tslab kernel against the live test lab, twice:
 *  - with the reference solutions copied over the exercises: every cell runs, every check prints ✔ pass,
 *    every cell tagged plotly leaves a plotly figure in the saved notebook;
 *  - with the learner stubs: every check cell fails with a CheckFailedError that names its exercise;
 *  - once per wrong solution (notebooks/wrong/: a reference solution with one typical mistake), only the notebook
 *    of its exercise: the check of that exercise fails with a CheckFailedError naming it.
 * The executed copies stay in test-output/notebooks/<variant>/ for inspection.
 */
const cfg = testConfig();
const names = fs
  .readdirSync(path.join(cfg.projectRoot, 'notebooks'))
  .filter((f) => /^\d{2}-.*\.ipynb$/.test(f))
  .sort();

const passes: { variant: ExerciseVariant; cellTimeoutSec: number; judge: typeof solutionProblems }[] = [
  { variant: 'solutions', cellTimeoutSec: 300, judge: solutionProblems },
  // Stubs fail fast; a cell that hangs instead is a defect, and the timeout says where.
  { variant: 'stubs', cellTimeoutSec: 60, judge: stubProblems },
];

test('there are notebooks to run', () => assert.ok(names.length > 0));

for (const pass of passes) {
  describe(`notebooks with the ${pass.variant}`, () => {
    let files: string[] = [];
    before(async () => {
      files = prepareNotebookCopy(cfg, pass.variant);
      await executeNotebooks(cfg, files, { cellTimeoutSec: pass.cellTimeoutSec, log: (l) => console.log(`# ${l}`) });
    });
    for (const name of names) {
      test(name, () => {
        const file = files.find((f) => path.basename(f) === name);
        assert.ok(file, `${name} was not copied`);
        const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: ExecutedCell[] };
        const problems = pass.judge(codeCells(nb));
        assert.deepStrictEqual(problems, [], `${name} (${pass.variant}), saved at ${file}:\n${problems.join('\n')}`);
      });
    }
  });
}

describe('notebooks with the wrong solutions', () => {
  let runs: WrongRun[] = [];
  before(async () => {
    runs = prepareWrongCopies(cfg);
    // A wrong solution may hang its check until the check's own timeout (05.2: 45 s); the cell's is longer.
    await executeNotebooks(cfg, runs.map((r) => r.notebook), { cellTimeoutSec: 300, log: (l) => console.log(`# ${l}`) });
  });
  test('there are wrong solutions, and each says which check must catch it', () => assert.ok(runs.length >= 3, `${runs.length} wrong solutions`));
  const files = fs.readdirSync(path.join(cfg.projectRoot, 'notebooks', 'wrong')).filter((f) => f.endsWith('.ts')).sort();
  for (const f of files) {
    test(f, () => {
      const run = runs.find((r) => r.wrong.file.endsWith(`/${f}`));
      assert.ok(run, `${f} was not prepared`);
      const nb = JSON.parse(fs.readFileSync(run.notebook, 'utf8')) as { cells: ExecutedCell[] };
      const problems = wrongProblems(codeCells(nb), run.wrong.checkId);
      assert.deepStrictEqual(problems, [], `${f} (${run.wrong.mistake}), saved at ${run.notebook}:\n${problems.join('\n')}`);
    });
  }
});

test('after every run, no lesson topic, table or extra Flume agent is left behind (each lesson cleans up, or its next run does)', async () => {
  const admin = kafkaFor(cfg, 'it-notebook-leftovers').admin();
  await admin.connect();
  try {
    assert.deepEqual((await admin.listTopics()).filter((t) => /^nb\d{2}-/.test(t)), []);
  } finally {
    await admin.disconnect();
  }
  assert.deepEqual((await runLabAdmin(cfg, ['list-tables'])).filter((t) => /^lesson0[689]_/.test(t)), []);
  const sql = await connectSql(sqlEndpointFor(cfg));
  try {
    assert.deepEqual(await sql.query("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'lesson09\\_%'"), [], "lesson 09's scratch tables are dropped");
  } finally {
    await sql.end();
  }
  assert.deepEqual(runningExtraFlumeAgents(cfg), [], "lesson 02's extra Flume agents are stopped");
});

test("the learner's loop: the stub's check fails, the exercise file is edited, the import cell and the check run again and pass", async () => {
  const dir = path.join(cfg.projectRoot, 'test-output', 'notebooks', 'edit-loop');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'exercises'), { recursive: true });
  const exercise = '08-dashboard-freshness.ts';
  fs.copyFileSync(path.join(cfg.projectRoot, 'notebooks', 'exercises', exercise), path.join(dir, 'exercises', exercise));
  const importCell = "import { nearestRank } from './exercises/08-dashboard-freshness';";
  const checkCell = "await check('08.2 nearest-rank percentile', () => assert.strictEqual(nearestRank([30, 10, 20, 40], 0.5), 20));";
  // What the learner does in the editor between two runs: the file gets their solution.
  const edit = `import * as fs from 'node:fs';\nfs.writeFileSync('./exercises/${exercise}', ${JSON.stringify(fs.readFileSync(path.join(cfg.projectRoot, 'notebooks', 'solutions', exercise), 'utf8'))});`;
  const md = ['# Edit loop', "```ts\nimport { check } from 'clickstream-lab';\nimport * as assert from 'node:assert';\n```", `\`\`\`ts\n${importCell}\n\`\`\``, `\`\`\`ts check\n${checkCell}\n\`\`\``, `\`\`\`ts\n${edit}\n\`\`\``, `\`\`\`ts\n${importCell}\n\`\`\``, `\`\`\`ts check\n${checkCell}\n\`\`\``].join('\n\n');
  const file = path.join(dir, '99-edit-loop.ipynb');
  fs.writeFileSync(file, serializeNotebook(buildNotebook(md, { name: '99-edit-loop' })));
  await executeNotebooks(cfg, [file], { cellTimeoutSec: 120 });
  const checks = codeCells(JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: ExecutedCell[] }).filter((c) => c.checkIds.length > 0);
  assert.equal(checks.length, 2);
  assert.equal(checks[0]?.status, 'error', 'the stub fails its check');
  assert.match(checks[0]?.errors ?? '', /08\.2 nearest-rank percentile: not solved yet/);
  assert.equal(checks[1]?.status, 'ok', `after the edit and the re-run import, the check passes:\n${checks[1]?.errors}`);
  assert.match(checks[1]?.stdout ?? '', /✔ 08\.2 nearest-rank percentile: pass/);
});
