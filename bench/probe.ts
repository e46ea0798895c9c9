import { findProjectRoot } from '../src/config';
import { parseLine } from '../src/logformat';
import { loadSearchEngines } from '../src/schema';
import { createLineHandler } from '../src/stream/lines';
import { aggregateChunk } from './aggregate';
import { aggregateBatch } from '../src/stream/job';
import { benchGenerator } from './in-process';

/**
 * A by-hand throughput probe of the pure parts, no services: `node dist/bench/probe.js [lines]`.
 * Prints lines/s of bulk generation (and its ratios to a raw write of the same bytes), of the batch aggregator
 * over a buffer, of the job's per-message path (line handler + aggregateBatch, as `npm run bench` measures it),
 * and of parseLine alone. Generation is measured as `npm run bench` measures it (medians of its rounds); each
 * other figure is the best of a few rounds, after a warm-up: the JIT needs one.
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
  // Generation and its raw-write ratios, measured as `npm run bench` measures them (in-process.ts).
  const gen = await benchGenerator(projectRoot, lines);
  const bytes = gen.file;
  console.log(`${'generator, bulk to a file'.padEnd(44)} ${(gen.linesPerSec / 1e6).toFixed(2).padStart(6)} M lines/s; ratio to a raw write ${gen.ratioToRawWrite} on disk, ${gen.ratioInPageCache} in the page cache`);
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
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
