import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { importGraph, LAYERS, layerViolations, valueCycles, type ImportEdge } from './layers';

const root = path.resolve(__dirname, '..', '..', '..');
const srcDir = fs.realpathSync(path.join(root, 'src'));

const show = (v: { from: string; to: string; why: string }) => `  ${v.from} → ${v.to}: ${v.why}`;

test('every import in src/ goes down the layers (test/architecture/layers.ts)', () => {
  const edges = importGraph(srcDir);
  assert.ok(edges.length > 200, `expected the whole library's imports, found only ${edges.length}`);
  const bad = layerViolations(edges);
  assert.deepEqual(bad.map(show), [], `imports that go up or sideways:\n${bad.map(show).join('\n')}`);
});

test('no file of src/ imports itself back through others (value imports)', () => {
  const cycles = valueCycles(importGraph(srcDir));
  assert.deepEqual(cycles, [], `cycles:\n${cycles.map((c) => `  ${c.join(' → ')}`).join('\n')}`);
});

test('every folder of src/ has a layer', () => {
  const units = fs.readdirSync(srcDir).filter((e) => !e.endsWith('.test.ts') && !e.endsWith('.d.ts'));
  const placed = new Set(LAYERS.flat());
  assert.deepEqual(units.filter((u) => !placed.has(u)), []);
});

test('an upward import, a sideways one and a cycle are caught', () => {
  const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, typeOnly });
  assert.match(layerViolations([edge('schema/row-keys.ts', 'stream/job.ts')])[0]?.why ?? '', /a layer above it/);
  assert.match(layerViolations([edge('kafka/client.ts', 'hbase/client.ts')])[0]?.why ?? '', /siblings/);
  assert.match(layerViolations([edge('stream/job.ts', 'nowhere/x.ts')])[0]?.why ?? '', /in no layer/);
  assert.deepEqual(layerViolations([edge('stream/job.ts', 'schema/row-keys.ts'), edge('stream/job.ts', 'stream/batch.ts')]), []);
  assert.deepEqual(valueCycles([edge('a.ts', 'b.ts'), edge('b.ts', 'a.ts')]), [['a.ts', 'b.ts']]);
  assert.deepEqual(valueCycles([edge('a.ts', 'b.ts'), edge('b.ts', 'a.ts', true)]), []);
});

test('a real upward import written into a copy of src/ fails the check', () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
  try {
    fs.cpSync(srcDir, copy, { recursive: true, filter: (p) => !p.includes(`${path.sep}templates`) && !p.includes(`${path.sep}public`) });
    const file = path.join(copy, 'schema', 'row-keys.ts');
    fs.writeFileSync(file, `import { StreamJob } from '../stream/job';\nvoid StreamJob;\n${fs.readFileSync(file, 'utf8')}`);
    const bad = layerViolations(importGraph(copy));
    assert.deepEqual(bad.map((v) => `${v.from} → ${v.to}`), ['schema/row-keys.ts → stream/job.ts']);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
