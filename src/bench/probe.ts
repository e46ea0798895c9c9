import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findProjectRoot } from '../config';
import { generateBulk } from '../generator';
import { parseLine } from '../logformat';
import { aggregateChunk, createLineHandler, loadSearchEngines } from '../stream';
import { aggregateBatch } from '../stream/job';

/**
 * A by-hand throughput probe of the pure parts, no services: `node dist/src/bench/probe.js [lines]`.
 * Prints lines/s of bulk generation (and its share of a raw write of the same bytes), of the batch aggregator
 * over a buffer, of the job's per-message path (line handler + aggregateBatch, as `npm run bench` measures it),
 * and of parseLine alone. Each figure is the best of a few rounds, after a warm-up: the JIT needs one.
 */
const ROUNDS = 3;

function best(label: string, lines: number, run: () => void): number {
  let bestSec = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t = process.hrtime.bigint();
    run();
    bestSec = Math.min(bestSec, Number(process.hrtime.bigint() - t) / 1e9);
  }
  const rate = Math.round(lines / bestSec);
  console.log(`${label.padEnd(44)} ${(rate / 1e6).toFixed(2).padStart(6)} M lines/s`);
  return rate;
}

async function main(): Promise<void> {
  const lines = Number(process.argv[2] ?? 4_000_000);
  const projectRoot = findProjectRoot();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clickstream-probe-'));
  try {
    const file = path.join(dir, 'gen.log');
    const opts = { seed: 'probe', lines, startDay: '2026-11-20', days: 7, malformedRate: 0.02, projectRoot };
    await generateBulk({ ...opts, lines: Math.min(lines, 200_000) }, file); // warm-up
    let genSec = Infinity;
    for (let r = 0; r < ROUNDS; r++) {
      const t = process.hrtime.bigint();
      await generateBulk(opts, file);
      genSec = Math.min(genSec, Number(process.hrtime.bigint() - t) / 1e9);
    }
    const bytes = fs.readFileSync(file);
    let rawSec = Infinity;
    for (let r = 0; r < ROUNDS; r++) {
      const t = process.hrtime.bigint();
      fs.writeFileSync(path.join(dir, 'raw.log'), bytes);
      rawSec = Math.min(rawSec, Number(process.hrtime.bigint() - t) / 1e9);
    }
    console.log(`${'generator, bulk to a file'.padEnd(44)} ${(lines / genSec / 1e6).toFixed(2).padStart(6)} M lines/s, ${(bytes.length / genSec / 2 ** 20).toFixed(0)} MiB/s; raw write ${(bytes.length / rawSec / 2 ** 20).toFixed(0)} MiB/s (ratio ${(rawSec / genSec).toFixed(2)})`);

    const engines = loadSearchEngines(projectRoot);
    best('aggregator over the buffer (ClickAggregator)', lines, () => void aggregateChunk(bytes, engines).courseCounts());

    const values = bytes.toString('latin1').split('\n').slice(0, -1);
    const messages = values.map((v, i) => ({ offset: String(i), value: Buffer.from(v, 'latin1') }));
    const handle = createLineHandler({ projectRoot });
    const BATCH = 20_000;
    best('job path: handler + aggregateBatch per message', messages.length, () => {
      for (let i = 0; i < messages.length; i += BATCH) aggregateBatch(messages.slice(i, i + BATCH), handle, 'c', 's');
    });
    const strings = bytes.toString('utf8').split('\n').slice(0, -1);
    best('parseLine alone, on strings', strings.length, () => {
      for (const s of strings) parseLine(s);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
