import * as fs from 'node:fs';
import type { Writable } from 'node:stream';
import { loadCatalog } from './catalog';
import { compactDay, dayRange } from './days';
import { LineModel } from './model';
import { Random } from './random';
import { TruthCounter, type TruthSummary } from './truth';

export interface BulkOptions {
  /** Same seed and options ⇒ byte-identical output. */
  seed: string | number;
  lines: number;
  /** First day, `yyyy-MM-dd`; timestamps are spread uniformly over `days` days from it. */
  startDay: string;
  days?: number;
  /** Share of malformed lines, e.g. 0.02. */
  malformedRate?: number;
  projectRoot: string;
  /** Called every chunk with lines written so far. */
  onProgress?: (written: number) => void;
}

const CHUNK = 4 * 1024 * 1024;
const MAX_LINE = 1024;

/**
 * Generates `lines` log lines into `out` (a file path, or a writable stream such as stdout) as fast as
 * the disk allows: lines are built in 4 MiB buffers and written a buffer at a time.
 */
export async function generateBulk(opts: BulkOptions, out: string | Writable): Promise<TruthSummary> {
  const { courses, engines } = loadCatalog(opts.projectRoot);
  const rng = new Random(opts.seed);
  const model = new LineModel(rng, courses, engines, opts.malformedRate ?? 0);
  const truth = new TruthCounter(String(opts.seed), courses.map((c) => c.id), engines.map((e) => e.host));
  const days = dayRange(opts.startDay, opts.days ?? 1);
  const dates = days.map((d) => Buffer.from(d, 'ascii'));
  const dayIdx = days.map((d) => truth.day(compactDay(d)));

  const fd = typeof out === 'string' ? fs.openSync(out, 'w') : undefined;
  const write = async (buf: Buffer) => {
    if (fd !== undefined) {
      let off = 0;
      while (off < buf.length) off += fs.writeSync(fd, buf, off);
    } else if (!(out as Writable).write(buf)) {
      await new Promise<void>((r) => (out as Writable).once('drain', () => r()));
    }
  };
  try {
    let written = 0;
    while (written < opts.lines) {
      const buf = Buffer.allocUnsafe(CHUNK);
      let o = 0;
      while (written < opts.lines && o < CHUNK - MAX_LINE) {
        const d = days.length === 1 ? 0 : rng.int(days.length);
        o = model.writeLine(buf, o, dates[d] as Buffer, rng.int(86_400), dayIdx[d] as number, truth);
        written++;
      }
      await write(buf.subarray(0, o));
      opts.onProgress?.(written);
    }
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return truth.finish();
}
