import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { loadCatalog } from './catalog';
import { CHUNK_LINES, chunkMaker, type Chunk, type ChunkSpec } from './chunk';
import { compactDay, dayRange } from './days';
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
  /** Worker threads (default: one per core, at most 4); the output is the same for any number. */
  threads?: number;
}


/** Where bulk output goes: whole buffers, in order. `write` may keep using the buffer until its promise settles. */
export interface ChunkSink {
  write(buf: Buffer): Promise<void>;
  close(): Promise<void>;
  /** True when a buffer may still be in use after its write settled (a stream queues it): never refill it. */
  keepsBuffers: boolean;
}

export async function fileSink(file: string): Promise<ChunkSink> {
  const handle = await fs.promises.open(file, 'w');
  return {
    async write(buf) {
      for (let off = 0; off < buf.length; ) off += (await handle.write(buf, off)).bytesWritten;
    },
    close: () => handle.close(),
    keepsBuffers: false,
  };
}

function streamSink(out: Writable): ChunkSink {
  return {
    write: (buf) => (out.write(buf) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()))),
    close: async () => undefined,
    keepsBuffers: true,
  };
}

/** Worker threads for bulk generation: one per core, at most 4 (the disk is the limit beyond). */
function threadCount(chunks: number): number {
  return Math.max(1, Math.min(os.availableParallelism(), 4, chunks));
}

/** Called when a chunk's bytes are no longer used: its buffer may be filled again. */
type Release = () => void;

/**
 * Makes chunks 0..count-1 and hands them to `onChunk` in order. With one thread it makes them here; with more,
 * worker threads make them (two in flight per thread) while this thread writes the ones before. A chunk's
 * buffer goes back to be refilled once `release` is called (chunk.ts says why).
 */
async function makeChunks(spec: ChunkSpec, total: number, threads: number, onChunk: (c: Chunk, release: Release) => Promise<void>): Promise<void> {
  const count = Math.ceil(total / CHUNK_LINES);
  const linesOf = (i: number) => Math.min(CHUNK_LINES, total - i * CHUNK_LINES);
  if (threads <= 1) {
    const make = chunkMaker(spec);
    let spare: ArrayBuffer | undefined;
    for (let i = 0; i < count; i++) {
      const chunk = make(i, linesOf(i), spare);
      spare = undefined;
      await onChunk(chunk, () => (spare = chunk.bytes.buffer as ArrayBuffer));
    }
    return;
  }
  const workers = Array.from({ length: threads }, () => new Worker(path.join(__dirname, 'bulk-worker.js'), { workerData: spec }));
  const ready = new Map<number, Chunk>();
  const waiting = new Map<number, (c: Chunk) => void>();
  const failed = new Promise<never>((_, reject) => workers.forEach((w) => w.once('error', reject)));
  failed.catch(() => undefined);
  for (const w of workers) {
    w.on('message', (m: { index: number; bytes: Uint8Array; counts: Chunk['counts'] }) => {
      const chunk = { bytes: m.bytes, counts: m.counts };
      const resolve = waiting.get(m.index);
      if (resolve) resolve(chunk);
      else ready.set(m.index, chunk);
    });
  }
  const ask = (i: number) => {
    if (i < count) (workers[i % threads] as Worker).postMessage({ index: i, lines: linesOf(i) });
  };
  try {
    for (let i = 0; i < 2 * threads; i++) ask(i);
    for (let i = 0; i < count; i++) {
      const next = ready.get(i) ?? (await Promise.race([new Promise<Chunk>((r) => waiting.set(i, r)), failed]));
      ready.delete(i);
      waiting.delete(i);
      ask(i + 2 * threads);
      const buffer = next.bytes.buffer as ArrayBuffer;
      await onChunk(next, () => (workers[i % threads] as Worker).postMessage({ reuse: buffer }, [buffer]));
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Generates `lines` log lines into `out` (a file path, or a writable stream such as stdout) as fast as the disk
 * allows: chunks of lines are made on worker threads (see chunk.ts: the output does not depend on how many)
 * while this thread writes the ones before, in order.
 */
export async function generateBulk(opts: BulkOptions, out: string | Writable): Promise<TruthSummary> {
  const spec: ChunkSpec = {
    seed: String(opts.seed),
    startDay: opts.startDay,
    days: opts.days ?? 1,
    malformedRate: opts.malformedRate ?? 0,
    projectRoot: opts.projectRoot,
  };
  // Checked here, where a bad option is the caller's mistake, not inside a worker thread.
  dayRange(spec.startDay, spec.days);
  if (!(spec.malformedRate >= 0 && spec.malformedRate < 1)) throw new RangeError(`Expected malformedRate in [0, 1), got ${spec.malformedRate}`);
  const { courses, engines } = loadCatalog(opts.projectRoot);
  const truth = new TruthCounter(spec.seed, courses.map((c) => c.id), engines.map((e) => e.host));
  for (const d of dayRange(spec.startDay, spec.days)) truth.day(compactDay(d));

  const toFile = typeof out === 'string';
  const sink = toFile ? await fileSink(out) : streamSink(out);
  let writing: Promise<void> = Promise.resolve();
  try {
    await makeChunks(spec, opts.lines, opts.threads ?? threadCount(Math.ceil(opts.lines / CHUNK_LINES)), async (chunk, release) => {
      await writing;
      writing = sink.write(Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength));
      if (!sink.keepsBuffers) writing = writing.then(release);
      truth.add(chunk.counts);
      opts.onProgress?.(truth.summary.lines);
    });
    await writing;
  } finally {
    await writing.catch(() => undefined);
    await sink.close();
  }
  return truth.finish();
}
