import * as path from 'node:path';
import type { LabConfig } from '../config';
import { LabError } from '../errors';
import { notebookUrl, startNotebook } from '../notebook/server';
import { buildAll, notebookDrift } from '../notebook/sources';

/** `lab notebook`: JupyterLab in the background on 127.0.0.1 with a token; prints the URL to open. */
export async function notebookCommand(cfg: LabConfig): Promise<number> {
  const r = await startNotebook(cfg, (line) => console.log(line));
  console.log(`jupyter ${r.outcome === 'started' ? 'started' : 'already running'} (pid ${r.pid}), serving ${path.join(cfg.projectRoot, 'notebooks')}`);
  console.log(`Open the notebooks: ${notebookUrl(cfg)}`);
  return 0;
}

/** `lab notebooks build [--check]`: notebooks/src/*.md → notebooks/*.ipynb, or (--check) fail on drift. */
export function notebooksCommand(cfg: LabConfig, sub: string | undefined, checkOnly: boolean): number {
  if (sub !== 'build') {
    throw new LabError(`Expected \`lab notebooks build\`, got \`lab notebooks ${sub ?? ''}\``, {
      hint: 'Run `lab notebooks build` after editing notebooks/src/*.md (add --check to only compare).',
    });
  }
  if (checkOnly) {
    const drift = notebookDrift(cfg.projectRoot);
    for (const d of drift) console.log(`out of date: notebooks/${d}`);
    if (drift.length) console.log('Run `lab notebooks build` and commit the result.');
    return drift.length ? 1 : 0;
  }
  const { written, unchanged } = buildAll(cfg);
  for (const f of written) console.log(`wrote ${path.relative(cfg.projectRoot, f)}`);
  console.log(`${written.length} written, ${unchanged.length} unchanged`);
  return 0;
}
