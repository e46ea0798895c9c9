import { CHECK_TAG, PLOTLY_TAG } from './build';
import { checkIds } from './exercise-files';
import { PLOTLY_MIME } from '../lessons/plotly';

/** Judging a notebook that scripts/execute-notebooks.py ran: pure functions over its JSON. */
interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

export interface ExecutedCell {
  cell_type: string;
  id?: string;
  source: string | string[];
  metadata: { tags?: string[]; clickstream_lab?: { status?: string; error?: string } };
  outputs?: Output[];
}

export interface CellReport {
  index: number;
  /** The kernel's reply: ok, error, abort, timeout — or "not run" when the run stopped before it. */
  status: string;
  tags: string[];
  source: string;
  stdout: string;
  /** stderr plus any `error` outputs: tslab reports type errors and exceptions on stderr. */
  errors: string;
  mimeTypes: string[];
  checkIds: string[];
}

const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join('') : (t ?? ''));

export function codeCells(nb: { cells: ExecutedCell[] }): CellReport[] {
  return nb.cells.flatMap((c, index) => {
    if (c.cell_type !== 'code') return [];
    const outputs = c.outputs ?? [];
    const source = text(c.source);
    return [
      {
        index,
        status: c.metadata.clickstream_lab?.status ?? 'not run',
        tags: c.metadata.tags ?? [],
        source,
        stdout: outputs.filter((o) => o.output_type === 'stream' && o.name === 'stdout').map((o) => text(o.text)).join(''),
        errors: outputs
          .map((o) => (o.output_type === 'stream' && o.name === 'stderr' ? text(o.text) : o.output_type === 'error' ? `${o.ename}: ${o.evalue}` : ''))
          .join(''),
        mimeTypes: outputs.flatMap((o) => Object.keys(o.data ?? {})),
        checkIds: checkIds(source),
      },
    ];
  });
}

const where = (c: CellReport) => `cell ${c.index} (${c.source.split('\n')[0]?.slice(0, 70)}…)`;

/** Problems of a run with the reference solutions: any cell not ok, any check not printing ✔ pass, a plotly cell without a figure. */
export function solutionProblems(cells: CellReport[]): string[] {
  const problems: string[] = [];
  const checks = cells.filter((c) => c.tags.includes(CHECK_TAG));
  if (checks.length === 0) problems.push('no check cell (tag "check")');
  for (const c of cells) {
    if (c.status !== 'ok') problems.push(`${where(c)}: ${c.status}${c.errors ? `\n${c.errors.trim().slice(0, 1500)}` : ''}`);
  }
  for (const c of checks) {
    if (c.checkIds.length === 0) problems.push(`${where(c)}: a check cell without check('<id>', …)`);
    for (const id of c.checkIds) if (!c.stdout.includes(`✔ ${id}: pass`)) problems.push(`${where(c)}: did not print "✔ ${id}: pass"`);
  }
  // A cell that draws (tagged plotly, or calling showPlotly) must leave the figure in the saved notebook.
  for (const c of cells.filter((x) => x.tags.includes(PLOTLY_TAG) || /\bshowPlotly\s*\(/.test(x.source))) {
    if (!c.mimeTypes.includes(PLOTLY_MIME)) problems.push(`${where(c)}: draws a plotly figure but has no ${PLOTLY_MIME} output`);
  }
  return problems;
}

/** Problems of a run with a wrong solution: the check it must fail has to fail, with a CheckFailedError naming it. */
export function wrongProblems(cells: CellReport[], checkId: string): string[] {
  const cell = cells.find((c) => c.tags.includes(CHECK_TAG) && c.checkIds.includes(checkId));
  if (!cell) return [`no check cell checks "${checkId}"`];
  if (cell.status === 'ok') return [`${where(cell)}: the check passed a wrong solution:\n${cell.stdout.trim().slice(0, 300)}`];
  const problems: string[] = [];
  if (!cell.errors.includes('CheckFailedError') || !cell.errors.includes(checkId)) {
    problems.push(`${where(cell)}: ${cell.status}, without a CheckFailedError naming ${checkId}:\n${cell.errors.slice(0, 600)}`);
  }
  return problems;
}

/** Problems of a run with the stubs: every check cell must fail, with a CheckFailedError naming its exercise. */
export function stubProblems(cells: CellReport[]): string[] {
  const problems: string[] = [];
  const checks = cells.filter((c) => c.tags.includes(CHECK_TAG));
  if (checks.length === 0) problems.push('no check cell (tag "check")');
  for (const c of checks) {
    if (c.status !== 'error') problems.push(`${where(c)}: expected the check to fail with the stubs, status ${c.status}`);
    if (!c.errors.includes('CheckFailedError')) problems.push(`${where(c)}: no CheckFailedError in its output:\n${c.errors.slice(0, 600)}`);
    for (const id of c.checkIds) if (!c.errors.includes(id)) problems.push(`${where(c)}: its failure does not name ${id}`);
  }
  return problems;
}
