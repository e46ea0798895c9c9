/** Static facts about exercise files, for the tests that keep stubs and solutions in step. */

/** Names a module exports (functions, consts, classes, types, interfaces), sorted. */
export function exportedNames(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm)) {
    if (m[1]) names.add(m[1]);
  }
  return [...names].sort();
}

/** The ids of `throw new MissingSolutionError('<id>', …)` in a file. */
export function unsolvedStubs(source: string): string[] {
  return [...source.matchAll(/new\s+MissingSolutionError\(\s*(['"`])(.+?)\1/g)].map((m) => m[2] ?? '');
}

/** A wrong solution kept to prove a check catches a typical mistake: notebooks/wrong/<NN-slug>--<mistake>.ts. */
export interface WrongSolution {
  /** notebooks/wrong/… */
  file: string;
  /** The exercise file it stands in for: `05-delivery-guarantees.ts`. */
  replaces: string;
  /** The check that must fail with it. */
  checkId: string;
  /** What it gets wrong, from its first comment. */
  mistake: string;
}

const WRONG_NAME = /^(\d{2}-[a-z0-9-]+)--[a-z0-9-]+\.ts$/;
const WRONG_HEADER = /^\/\/ Wrong on purpose \(([^)]+)\): ([\s\S]*?)(?:\n(?!\/\/)|$)/;

/** What a wrong solution's name and first comment say, or why they say too little. */
export function parseWrongSolution(file: string, source: string): WrongSolution | string {
  const name = WRONG_NAME.exec(file.split('/').pop() ?? '');
  if (!name) return `${file}: expected a name like 05-delivery-guarantees--no-retry.ts`;
  const header = WRONG_HEADER.exec(source);
  if (!header) return `${file}: expected a first comment "// Wrong on purpose (<check id>): <the mistake>."`;
  const mistake = (header[2] ?? '').replace(/\n\/\/ ?/g, ' ').trim();
  return { file, replaces: `${name[1]}.ts`, checkId: header[1] ?? '', mistake };
}

/** The ids a check cell checks: the first argument of each `check('<id>', …)`. */
export function checkIds(cellSource: string): string[] {
  return [...cellSource.matchAll(/\bcheck\(\s*(['"`])(.+?)\1/g)].map((m) => m[2] ?? '');
}

interface NotebookCell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[] };
}

/**
 * A wrong solution's notebook, cut to what its run needs: every cell up to the check that must catch it, then
 * only the cells after it that are not checks (clean-up: dropped tables, stopped agents). The later exercises'
 * checks would only spend minutes proving nothing about this mistake. Throws when no check cell checks `checkId`.
 */
export function cellsForWrongRun<C extends NotebookCell>(cells: readonly C[], checkId: string, checkTag: string): C[] {
  const text = (c: C) => (Array.isArray(c.source) ? c.source.join('') : c.source);
  const isCheck = (c: C) => c.cell_type === 'code' && (c.metadata?.tags ?? []).includes(checkTag);
  const target = cells.findIndex((c) => isCheck(c) && checkIds(text(c)).includes(checkId));
  if (target < 0) throw new RangeError(`no check cell checks "${checkId}"`);
  return cells.filter((c, i) => i <= target || !isCheck(c));
}
