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

/** Where bulk output goes: whole buffers, in order. `write` may keep using the buffer until its promise settles. */
interface ChunkSink {
  write(buf: Buffer): Promise<void>;
  close(): Promise<void>;
}

async function fileSink(file: string): Promise<ChunkSink> {
  const handle = await fs.promises.open(file, 'w');
  return {
    async write(buf) {
      for (let off = 0; off < buf.length; ) off += (await handle.write(buf, off)).bytesWritten;
    },
    close: () => handle.close(),
  };
}

function streamSink(out: Writable): ChunkSink {
  return {
    write: (buf) => (out.write(buf) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()))),
    close: async () => undefined,
  };
}

/**
 * Generates `lines` log lines into `out` (a file path, or a writable stream such as stdout) as fast as
 * the disk allows: lines are built in 4 MiB buffers, and while one buffer is being written (by libuv's thread
 * pool, for a file) the next one is filled, so generating and writing overlap.
 */
export async function generateBulk(opts: BulkOptions, out: string | Writable): Promise<TruthSummary> {
  const { courses, engines } = loadCatalog(opts.projectRoot);
  const rng = new Random(opts.seed);
  const model = new LineModel(rng, courses, engines, opts.malformedRate ?? 0);
  const truth = new TruthCounter(String(opts.seed), courses.map((c) => c.id), engines.map((e) => e.host));
  const days = dayRange(opts.startDay, opts.days ?? 1);
  const dates = days.map((d) => Buffer.from(d, 'ascii'));
  const dayIdx = days.map((d) => truth.day(compactDay(d)));

  const toFile = typeof out === 'string';
  const sink = toFile ? await fileSink(out) : streamSink(out);
  // A file sink is done with a buffer once its write settles, so two buffers take turns; a stream may hold
  // on to what it was given, so it gets a new buffer each time.
  const spare = toFile ? [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)] : [];
  let writing: Promise<void> = Promise.resolve();
  try {
    let written = 0;
    for (let n = 0; written < opts.lines; n++) {
      const buf = toFile ? (spare[n % 2] as Buffer) : Buffer.allocUnsafe(CHUNK);
      let o = 0;
      while (written < opts.lines && o < CHUNK - MAX_LINE) {
        const d = days.length === 1 ? 0 : rng.int(days.length);
        o = model.writeLine(buf, o, dates[d] as Buffer, rng.int(86_400), dayIdx[d] as number, truth);
        written++;
      }
      await writing;
      writing = sink.write(buf.subarray(0, o));
      opts.onProgress?.(written);
    }
    await writing;
  } finally {
    await writing.catch(() => undefined);
    await sink.close();
  }
  return truth.finish();
}
