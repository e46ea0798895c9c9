import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { labPaths, type LabConfig } from '../../src/config';
import { generateBulk } from '../../src/generator';
import { runningManaged } from '../../src/process/managed-process';
import { readPidFile } from '../../src/process/pid-process';
import { RSS_CAPS_MB } from '../../src/stack/memory-caps';
import { expectExactTotals, testConfig, unique, uniqueDay } from '../helpers';

/**
 * A burst: many lines written at once (BURST_LINES, 1M by default; the README reports a 10M run). Nothing may
 * be dropped, the backlog must drain to exact totals, and no process may pass its memory cap (peak resident
 * memory, VmHWM, which the kernel keeps per process).
 */
const cfg = testConfig();
const LINES = Number(process.env.BURST_LINES ?? 1_000_000);

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

function labPids(c: LabConfig): Record<keyof typeof RSS_CAPS_MB, number> {
  const pid = (name: 'kafka' | 'hbase' | 'flume') => readPidFile(labPaths(c).pidFile(name))?.pid ?? NaN;
  return { kafka: pid('kafka'), hbase: pid('hbase'), flume: pid('flume'), worker: runningManaged(c, 'stream-1')?.pid ?? NaN };
}

test(`a burst of ${LINES.toLocaleString('en')} lines written at once drains to exact totals within every process's memory cap`, async () => {
  const name = unique('burst');
  const day = uniqueDay();
  const staging = path.join(labPaths(cfg).home, `${name}.staging`);
  const truth = await generateBulk({ seed: name, lines: LINES, startDay: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`, days: 2, malformedRate: 0.02, projectRoot: cfg.projectRoot }, staging);
  const pids = labPids(cfg);
  const began = Date.now();
  fs.renameSync(staging, path.join(labPaths(cfg).flumeLogDir, `${name}.log`));
  await expectExactTotals(cfg, truth, Math.max(120_000, LINES / 20));
  const seconds = (Date.now() - began) / 1000;
  assert.deepEqual(labPids(cfg), pids, 'no process died or was restarted during the burst');
  const peaks = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, peakRssMb(pid)])) as Record<keyof typeof RSS_CAPS_MB, number>;
  console.log(`# burst: ${LINES} lines exact after ${seconds.toFixed(1)} s (${Math.round(LINES / seconds)} lines/s); peak RSS MB ${JSON.stringify(peaks)}; caps ${JSON.stringify(RSS_CAPS_MB)}`);
  for (const [proc, peak] of Object.entries(peaks)) {
    assert.ok(peak <= RSS_CAPS_MB[proc as keyof typeof RSS_CAPS_MB], `${proc} peaked at ${peak} MB, over its cap of ${RSS_CAPS_MB[proc as keyof typeof RSS_CAPS_MB]} MB`);
  }
});
