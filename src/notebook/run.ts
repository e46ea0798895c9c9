import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabConfig } from '../config';
import { LabError } from '../errors';
import { ensureNotebookEnv } from './env';
import { CHECK_TAG } from './build';
import { cellsForWrongRun, parseWrongSolution, type WrongSolution } from './exercise-files';
import { notebookPaths } from './sources';

export type ExerciseVariant = 'solutions' | 'stubs';

/**
 * A copy of notebooks/ to execute, under test-output/notebooks/<variant>/ — inside the checkout, so
 * `import … from 'clickstream-lab'` still resolves through node_modules. With `solutions`, the reference
 * solutions replace the learner stubs in exercises/ (what a learner gets by copying them over).
 */
/** notebooks/ into `dir`: the built notebooks and the exercises, without the Markdown sources, the wrong solutions or Jupyter's checkpoints; the solutions over the exercises when asked. */
function copyNotebooks(projectRoot: string, dir: string, withSolutions: boolean): void {
  const p = notebookPaths(projectRoot);
  const wrongDir = path.join(p.dir, 'wrong');
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(p.dir, dir, { recursive: true, filter: (src) => !src.startsWith(p.sources) && !src.startsWith(wrongDir) && !src.includes(`${path.sep}.ipynb_checkpoints`) });
  if (withSolutions) fs.cpSync(p.solutions, path.join(dir, 'exercises'), { recursive: true });
}

export function prepareNotebookCopy(cfg: LabConfig, variant: ExerciseVariant, outRoot = path.join(cfg.projectRoot, 'test-output', 'notebooks')): string[] {
  const dir = path.join(outRoot, variant);
  fs.rmSync(dir, { recursive: true, force: true });
  copyNotebooks(cfg.projectRoot, dir, variant === 'solutions');
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{2}-.*\.ipynb$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** A wrong solution, and the copy of its notebook to execute with it. */
export interface WrongRun {
  wrong: WrongSolution;
  notebook: string;
}

/**
 * One copy of notebooks/ per wrong solution (notebooks/wrong/), under test-output/notebooks/wrong/<its name>/:
 * the reference solutions, with the wrong one in place of its exercise file. Only the notebook of that exercise
 * is to be executed, cut after the check that must fail (cellsForWrongRun). Throws when a wrong solution does
 * not say what it gets wrong, or names a check its notebook does not have.
 */
export function prepareWrongCopies(cfg: LabConfig, outRoot = path.join(cfg.projectRoot, 'test-output', 'notebooks')): WrongRun[] {
  const p = notebookPaths(cfg.projectRoot);
  const wrongDir = path.join(p.dir, 'wrong');
  const files = fs.existsSync(wrongDir) ? fs.readdirSync(wrongDir).filter((f) => f.endsWith('.ts')).sort() : [];
  fs.rmSync(path.join(outRoot, 'wrong'), { recursive: true, force: true });
  return files.map((f) => {
    const wrong = parseWrongSolution(`notebooks/wrong/${f}`, fs.readFileSync(path.join(wrongDir, f), 'utf8'));
    if (typeof wrong === 'string') throw new LabError(wrong, { hint: 'See notebooks/wrong/ for how a wrong solution is named and introduced.' });
    const dir = path.join(outRoot, 'wrong', f.replace(/\.ts$/, ''));
    copyNotebooks(cfg.projectRoot, dir, true);
    fs.copyFileSync(path.join(wrongDir, f), path.join(dir, 'exercises', wrong.replaces));
    const notebook = path.join(dir, wrong.replaces.replace(/\.ts$/, '.ipynb'));
    const nb = JSON.parse(fs.readFileSync(notebook, 'utf8')) as { cells: Parameters<typeof cellsForWrongRun>[0] };
    try {
      nb.cells = cellsForWrongRun(nb.cells, wrong.checkId, CHECK_TAG);
    } catch (err) {
      throw new LabError(`${wrong.file}: ${(err as Error).message} in ${path.basename(notebook)}`, { hint: 'The check id in its first comment must be the first argument of a check() in its lesson.' });
    }
    fs.writeFileSync(notebook, JSON.stringify(nb, null, 1));
    return { wrong, notebook };
  });
}

/**
 * Executes notebooks in place with nbclient and the tslab kernel (scripts/execute-notebooks.py, run by
 * the project's .venv python). The kernel inherits this process's environment: LAB_HOME and the port
 * settings pick the lab the notebooks talk to.
 */
export async function executeNotebooks(cfg: LabConfig, notebooks: string[], opts: { cellTimeoutSec: number; log?: (line: string) => void }): Promise<void> {
  const env = await ensureNotebookEnv(cfg, opts.log);
  const script = path.join(cfg.projectRoot, 'scripts', 'execute-notebooks.py');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(env.python, [script, '--cell-timeout', String(opts.cellTimeoutSec), ...notebooks], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LAB_HOME: cfg.home },
    });
    const tail: string[] = [];
    const keep = (d: Buffer) => {
      for (const line of d.toString().split('\n')) if (line.trim()) tail.push(line);
      tail.splice(0, Math.max(0, tail.length - 30));
    };
    child.stdout.on('data', (d: Buffer) => {
      keep(d);
      opts.log?.(d.toString().trimEnd());
    });
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new LabError(`executing notebooks failed (exit code ${code}): ${tail.slice(-8).join(' | ')}`, { hint: tail.join('\n') })),
    );
  });
}
