import { loadCatalog } from './catalog';
import { compactDay, dayRange } from './days';
import { LineModel } from './model';
import { Random } from './random';
import { TruthCounter, type TruthCounts } from './truth';

/**
 * Bulk output is made of chunks of CHUNK_LINES lines, each drawn from its own sequence seeded by (seed, chunk
 * index). So a chunk can be generated on any thread, in any order, and a seed still gives the same file,
 * however many threads made it.
 */
export const CHUNK_LINES = 32_768;
const MAX_LINE = 1024;

/** What every chunk of one bulk run shares (plain data: it is sent to worker threads). */
export interface ChunkSpec {
  seed: string;
  startDay: string;
  days: number;
  malformedRate: number;
  projectRoot: string;
}

export interface Chunk {
  bytes: Uint8Array;
  counts: TruthCounts;
}

/**
 * Builds the model and the per-day data once per thread; `chunk(i, n)` then makes chunk i with n lines, into
 * `reuse` when it is given and large enough. A chunk's bytes lie in an ArrayBuffer of its own (never a slice of
 * Node's shared pool), so a worker thread can transfer it, and the writer hand it back to be filled again: a
 * fresh 4 MiB a chunk cost 10–25% more, in page faults on memory the kernel must zero first.
 */
export function chunkMaker(spec: ChunkSpec): (index: number, lines: number, reuse?: ArrayBuffer) => Chunk {
  const { courses, engines } = loadCatalog(spec.projectRoot);
  const model = new LineModel(new Random(`${spec.seed}/ips`), courses, engines, spec.malformedRate);
  const days = dayRange(spec.startDay, spec.days);
  const dates = days.map((d) => Buffer.from(d, 'ascii'));
  return (index, lines, reuse) => {
    const rng = new Random(`${spec.seed}/${index}`);
    model.reseed(rng);
    const truth = new TruthCounter(spec.seed, courses.map((c) => c.id), engines.map((e) => e.host));
    const dayIdx = days.map((d) => truth.day(compactDay(d)));
    let buf = Buffer.from(reuse && reuse.byteLength >= lines * 128 ? reuse : new ArrayBuffer(lines * 128));
    let o = 0;
    for (let n = 0; n < lines; n++) {
      if (o > buf.length - MAX_LINE) {
        const bigger = Buffer.from(new ArrayBuffer(buf.length * 2));
        buf.copy(bigger, 0, 0, o);
        buf = bigger;
      }
      const d = days.length === 1 ? 0 : rng.int(days.length);
      o = model.writeLine(buf, o, dates[d] as Buffer, rng.int(86_400), dayIdx[d] as number, truth);
    }
    return { bytes: buf.subarray(0, o), counts: truth.counts() };
  };
}
