import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabConfig } from '../config';
import { LabError } from '../errors';
import { buildNotebook, serializeNotebook, titleOf, type NotebookLink } from './build';

/** Where notebook sources, built notebooks, exercise stubs and solutions live in the checkout. */
export function notebookPaths(projectRoot: string) {
  const dir = path.join(projectRoot, 'notebooks');
  return {
    dir,
    sources: path.join(dir, 'src'),
    exercises: path.join(dir, 'exercises'),
    solutions: path.join(dir, 'solutions'),
    notebook: (name: string) => path.join(dir, `${name}.ipynb`),
  };
}

const SOURCE_NAME = /^(\d{2})-[a-z0-9-]+\.md$/;

/** Every notebook source, in lesson order, with the bytes its .ipynb must have. */
export function renderAll(projectRoot: string): { name: string; file: string; json: string }[] {
  const p = notebookPaths(projectRoot);
  const files = fs.readdirSync(p.sources).filter((f) => SOURCE_NAME.test(f)).sort();
  const docs = files.map((f) => {
    const md = fs.readFileSync(path.join(p.sources, f), 'utf8');
    const name = f.slice(0, -'.md'.length);
    const title = titleOf(md);
    if (!title) throw new LabError(`notebooks/src/${f} has no "# Title" line`, { hint: 'Start the file with a level-1 heading.' });
    return { name, md, title };
  });
  return docs.map((d, i) => {
    const link = (x: (typeof docs)[number] | undefined): NotebookLink | undefined => (x ? { name: x.name, title: x.title } : undefined);
    const opts: Parameters<typeof buildNotebook>[1] = { name: d.name };
    const prev = link(docs[i - 1]);
    const next = link(docs[i + 1]);
    if (prev) opts.prev = prev;
    if (next) opts.next = next;
    return { name: d.name, file: p.notebook(d.name), json: serializeNotebook(buildNotebook(d.md, opts)) };
  });
}

/** `lab notebooks build`: writes notebooks/NN-slug.ipynb for each source; returns what changed. */
export function buildAll(cfg: Pick<LabConfig, 'projectRoot'>): { written: string[]; unchanged: string[] } {
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const nb of renderAll(cfg.projectRoot)) {
    const current = fs.existsSync(nb.file) ? fs.readFileSync(nb.file, 'utf8') : undefined;
    if (current === nb.json) unchanged.push(nb.file);
    else {
      fs.writeFileSync(nb.file, nb.json);
      written.push(nb.file);
    }
  }
  return { written, unchanged };
}

/** Built notebooks that differ from their source (or have none): what the drift test reports. */
export function notebookDrift(projectRoot: string): string[] {
  const p = notebookPaths(projectRoot);
  const expected = renderAll(projectRoot);
  const drift = expected.filter((nb) => !fs.existsSync(nb.file) || fs.readFileSync(nb.file, 'utf8') !== nb.json).map((nb) => `${nb.name}.ipynb`);
  const known = new Set(expected.map((nb) => `${nb.name}.ipynb`));
  const orphans = fs.readdirSync(p.dir).filter((f) => f.endsWith('.ipynb') && !known.has(f));
  return [...drift, ...orphans.map((f) => `${f} (no notebooks/src source)`)];
}
