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

/** The ids a check cell checks: the first argument of each `check('<id>', …)`. */
export function checkIds(cellSource: string): string[] {
  return [...cellSource.matchAll(/\bcheck\(\s*(['"`])(.+?)\1/g)].map((m) => m[2] ?? '');
}
