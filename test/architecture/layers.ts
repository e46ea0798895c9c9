import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * The library's layers, lowest first: a folder of src/ may import its own files and folders of LOWER layers,
 * never a folder of its own layer or one above. Two folders in one layer are siblings that know nothing of each
 * other (kafka/ and hbase/). The README's "Code layout" draws this list.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['util'],
  ['errors.ts'],
  ['libraries'],
  ['config'],
  ['logformat'],
  ['schema'],
  ['kafka', 'hbase', 'sql'],
  ['stores'],
  ['generator'],
  ['process'],
  ['stack'],
  ['stream', 'spark', 'detect'],
  ['dashboard'],
  ['lessons'],
  ['notebook', 'vm'],
  ['lab'],
  ['cli'],
  ['index.ts'],
];

export interface ImportEdge {
  /** Importing file, relative to src/ (`stream/job.ts`). */
  from: string;
  /** Imported file, relative to src/. */
  to: string;
  typeOnly: boolean;
}

export interface LayerViolation extends ImportEdge {
  why: string;
}

/** A file's unit: the first segment of its path under src/ (a folder, or a file at the top such as errors.ts). */
export const unitOf = (file: string) => file.split('/')[0] as string;

export function layerOf(unit: string, layers: readonly (readonly string[])[] = LAYERS): number {
  return layers.findIndex((l) => l.includes(unit));
}

/** What is wrong with each import that does not go down (an empty list: the layers hold). */
export function layerViolations(edges: readonly ImportEdge[], layers: readonly (readonly string[])[] = LAYERS): LayerViolation[] {
  const out: LayerViolation[] = [];
  for (const e of edges) {
    const from = unitOf(e.from);
    const to = unitOf(e.to);
    if (from === to) continue;
    const lf = layerOf(from, layers);
    const lt = layerOf(to, layers);
    if (lf < 0) out.push({ ...e, why: `${from} is in no layer: add it to LAYERS in test/architecture/layers.ts` });
    else if (lt < 0) out.push({ ...e, why: `${to} is in no layer: add it to LAYERS in test/architecture/layers.ts` });
    else if (lt === lf) out.push({ ...e, why: `${from} and ${to} are siblings in one layer and must not import each other` });
    else if (lt > lf) out.push({ ...e, why: `${from} (layer ${lf}) imports ${to} (layer ${lt}), a layer above it` });
  }
  return out;
}

/** File cycles among value imports (type-only imports vanish at run time): each cycle as its files. */
export function valueCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (!e.typeOnly) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  // Tarjan's strongly connected components; a component of more than one file is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) cycles.push(scc.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

function importsOf(file: string): { spec: string; typeOnly: boolean }[] {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out: { spec: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = ts.isImportDeclaration(node) ? node.importClause : node;
      const typeOnly = clause ? clause.isTypeOnly || namedAllTypes(clause) : false;
      out.push({ spec: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0] as ts.Node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
        out.push({ spec: (node.arguments[0] as ts.StringLiteral).text, typeOnly: false });
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push({ spec: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** `import { type A, type B }` / `export { type A }`: every named binding is a type. */
function namedAllTypes(clause: ts.ImportClause | ts.ExportDeclaration): boolean {
  const named = ts.isImportClause(clause) ? (clause.name ? undefined : clause.namedBindings) : clause.exportClause;
  if (!named || !ts.isNamedImports(named) && !ts.isNamedExports(named)) return false;
  const elements: readonly (ts.ImportSpecifier | ts.ExportSpecifier)[] = named.elements;
  return elements.length > 0 && elements.every((e) => e.isTypeOnly);
}

function resolve(fromFile: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const c of [`${base}.ts`, path.join(base, 'index.ts'), base]) if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return undefined;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/**
 * Every relative import between the library's files (tests and test helpers beside the code are left out: a
 * test may reach into any layer). An import that resolves outside src/ is reported too, as `../<path>`.
 */
export function importGraph(srcDir: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(srcDir)) {
    if (/\.test(-helper)?\.ts$/.test(file)) continue;
    for (const { spec, typeOnly } of importsOf(file)) {
      if (!spec.startsWith('.')) continue;
      const target = resolve(file, spec);
      if (!target) continue;
      edges.push({ from: path.relative(srcDir, file), to: path.relative(srcDir, target), typeOnly });
    }
  }
  return edges;
}
