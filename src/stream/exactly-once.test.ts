import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { COUNT_COLUMN, offsetColumn } from '../schema';
import { applyAtLeastOnce, applyExactlyOnce, countAfter, RowOffsets, type CounterUpdate, type SinkStats } from './exactly-once';
import { MemoryHBase } from './memory-hbase.test-helper';

test('countAfter counts the offsets past the last applied one', () => {
  const offsets = [3, 5, 8, 9, 20];
  // Expected by brute force, so the binary search is checked against the obvious definition.
  for (let last = -1; last <= 21; last++) {
    assert.equal(countAfter(offsets, last), offsets.filter((o) => o > last).length, `last=${last}`);
  }
  assert.equal(countAfter([], 5), 0);
});

// ---- The sink against an in-memory HBase: replays, restarts, concurrent partitions, zombies, errors ----

const TOPIC = 'clicks';
/** Rows in two tables that lines count for. */
const CELLS = [
  { table: 'by_day', row: '2024-05-01' },
  { table: 'by_day', row: '2024-05-02' },
  { table: 'by_day', row: '2024-05-03' },
  { table: 'by_course', row: 'c1' },
  { table: 'by_course', row: 'c2' },
];

const clicks = (db: MemoryHBase, table: string, row: string) => db.long(table, row, COUNT_COLUMN) ?? 0n;
const addStats = (total: SinkStats, s: SinkStats) => {
  for (const k of Object.keys(total) as (keyof SinkStats)[]) total[k] += s[k];
};
const noStats = (): SinkStats => ({ rowsWritten: 0, rowsSkipped: 0, conflicts: 0, linesApplied: 0 });

test('a replayed batch counts nothing; the next batch counts only its new lines', async () => {
  const db = new MemoryHBase();
  const batch = (offsets: number[]) => [{ table: 'by_day', row: 'd', offsets }];
  await applyExactlyOnce(db.asClient(), new RowOffsets(TOPIC, 0), batch([3, 7]));
  // A restart: nothing remembered, the same batch again, then one that overlaps it.
  const fresh = new RowOffsets(TOPIC, 0);
  const replay = await applyExactlyOnce(db.asClient(), fresh, batch([3, 7]));
  assert.deepEqual(replay, { rowsWritten: 0, rowsSkipped: 1, conflicts: 0, linesApplied: 0 });
  const next = await applyExactlyOnce(db.asClient(), fresh, batch([7, 9, 12]));
  assert.equal(next.linesApplied, 2);
  assert.equal(clicks(db, 'by_day', 'd'), 4n);
  assert.equal(db.long('by_day', 'd', offsetColumn(TOPIC, 0)), 13n);
});

test('a small maxRemembered is never cleared inside a batch: a batch of 10 rows with room for 3', async () => {
  const db = new MemoryHBase();
  const rows = Array.from({ length: 10 }, (_, i) => `r${i}`);
  const state = new RowOffsets(TOPIC, 0, 3);
  for (let b = 0; b < 3; b++) {
    state.startBatch(); // as the job does before each batch
    const stats = await applyExactlyOnce(db.asClient(), state, rows.map((row, i) => ({ table: 't', row, offsets: [b * 10 + i] })));
    assert.equal(stats.linesApplied, 10, `batch ${b}`);
    assert.equal(state.size, 10, 'the batch\'s rows are remembered until the next batch starts');
  }
  for (const [i, row] of rows.entries()) {
    assert.equal(clicks(db, 't', row), 3n, row);
    assert.equal(db.long('t', row, offsetColumn(TOPIC, 0)), BigInt(20 + i + 1), row);
  }
  // Past its limit the state starts over each batch: every row is guessed new, fails, and is read (once).
  assert.equal(db.ops.get('getMany'), 20);
});

test('rows remembered from the batch before are written without a read', async () => {
  const db = new MemoryHBase();
  const state = new RowOffsets(TOPIC, 0);
  await applyExactlyOnce(db.asClient(), new RowOffsets(TOPIC, 0), [{ table: 't', row: 'a', offsets: [0] }]);
  await applyExactlyOnce(db.asClient(), state, [{ table: 't', row: 'a', offsets: [1] }]); // reads a once
  await applyExactlyOnce(db.asClient(), state, [{ table: 't', row: 'a', offsets: [2] }]);
  assert.equal(db.ops.get('getMany'), 1);
  assert.equal(db.ops.get('checkAndIncrementMany'), 4, 'new, guessed new and failed, after the read, remembered');
  assert.equal(clicks(db, 't', 'a'), 3n);
});

test('two calls sharing one RowOffsets at once (job.ts: course rows and the others) with a small maxRemembered', async () => {
  const db = new MemoryHBase({ turns: () => 1 });
  const state = new RowOffsets(TOPIC, 0, 3);
  for (let b = 0; b < 3; b++) {
    const batch = (table: string) => Array.from({ length: 5 }, (_, i) => ({ table, row: `r${i}`, offsets: [b * 10 + i, b * 10 + 5] }));
    state.startBatch(); // once, before both calls, as job.ts does
    await Promise.all([applyExactlyOnce(db.asClient(), state, batch('courses')), applyExactlyOnce(db.asClient(), state, batch('days'))]);
  }
  for (const table of ['courses', 'days']) for (let i = 0; i < 5; i++) assert.equal(clicks(db, table, `r${i}`), 6n, `${table}/r${i}`);
});

test('two topics with the same partition number keep their offsets apart: neither drops the other\'s lines', async () => {
  const db = new MemoryHBase();
  const row = [{ table: 'by_day', row: 'd', offsets: [0, 1, 2] }];
  await applyExactlyOnce(db.asClient(), new RowOffsets('clicks', 0), row);
  await applyExactlyOnce(db.asClient(), new RowOffsets('views', 0), row);
  assert.equal(clicks(db, 'by_day', 'd'), 6n);
  assert.equal(offsetColumn('clicks', 0), 'info:next_offset_clicks_p0');
  assert.equal(db.long('by_day', 'd', offsetColumn('clicks', 0)), 3n);
  assert.equal(db.long('by_day', 'd', offsetColumn('views', 0)), 3n);
});

test('an error outcome that was in fact applied is found applied, not counted twice', async () => {
  // The first attempt at the row errs after applying (a timeout whose increment went through).
  let failed = false;
  const db = new MemoryHBase({ fault: () => (failed ? undefined : ((failed = true), 'after')) });
  await applyExactlyOnce(db.asClient(), new RowOffsets(TOPIC, 0), [{ table: 'by_day', row: 'd', offsets: [4, 5] }]);
  assert.equal(clicks(db, 'by_day', 'd'), 2n);
  assert.equal(db.faults.get('checkAndIncrementMany after'), 1);
});

test('the course\'s at-least-once sink counts a replayed batch again (what the exactly-once sink prevents)', async () => {
  const db = new MemoryHBase();
  const batch = [{ table: 'by_day', row: 'd', offsets: [3, 7] }];
  await applyAtLeastOnce(db.asClient(), batch);
  await applyAtLeastOnce(db.asClient(), batch);
  assert.equal(clicks(db, 'by_day', 'd'), 4n);
});

/** One partition's log: ascending, sparse offsets, and the rows (indexes into CELLS) each line counts for. */
interface Log {
  offsets: number[];
  cells: number[][];
}
const logArb: fc.Arbitrary<Log> = fc
  .record({
    start: fc.oneof(fc.constant(0), fc.nat(1_000_000)),
    lines: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 4 }), cells: fc.subarray(CELLS.map((_, i) => i)) }), { minLength: 1, maxLength: 25, size: 'max' }),
  })
  .map(({ start, lines }) => {
    let offset = start;
    return { offsets: lines.map((l, i) => (i === 0 ? offset : (offset += l.gap))), cells: lines.map((l) => l.cells) };
  });

/**
 * One writer of a partition: where it cuts the log into batches, and the batches it applies in order. It may
 * restart (a fresh RowOffsets) from any batch boundary it got past, and a zombie may stop anywhere.
 */
interface Writer {
  bounds: number[];
  segments: [number, number][];
}
const writerArb = (lines: number, mayStopEarly: boolean): fc.Arbitrary<Writer> =>
  fc
    .record({
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, lines - 1) }), { maxLength: lines - 1, size: 'max' }),
      restarts: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
      stop: fc.nat(),
    })
    .map(({ cuts, restarts, stop }) => {
      const bounds = [0, ...cuts.filter((c) => c < lines).sort((a, b) => a - b), lines];
      const batches = bounds.length - 1;
      const segments: [number, number][] = [];
      let from = 0;
      let done = 0;
      for (const [length, back] of restarts) {
        const to = from + (length % (batches - from + 1));
        segments.push([from, to]);
        done = Math.max(done, to);
        from = back % (done + 1);
      }
      segments.push([from, mayStopEarly ? Math.max(from, stop % (batches + 1)) : batches]);
      return { bounds, segments };
    });

/** A partition of a topic fed by one log, and its writers (two: the owner and a zombie). */
interface Source {
  topic: string;
  partition: number;
  log: Log;
  writers: Writer[];
}
const SOURCES = [
  { topic: TOPIC, partition: 0 },
  { topic: TOPIC, partition: 1 },
  { topic: 'views', partition: 0 },
];
const sourcesArb = (count: { min: number; max: number }, writers: number) =>
  fc.integer(count).chain((n) =>
    fc.tuple(
      ...SOURCES.slice(0, n).map(({ topic, partition }) =>
        logArb.chain((log) =>
          fc.array(writerArb(log.offsets.length, writers > 1), { minLength: writers, maxLength: writers }).map((ws): Source => ({ topic, partition, log, writers: ws })),
        ),
      ),
    ),
  );

/** A batch's counter updates: per row, its lines' offsets; plus a row with none (to be left alone). */
function updatesOf(log: Log, from: number, to: number): CounterUpdate[] {
  const updates = CELLS.map((c) => ({ ...c, offsets: [] as number[] }));
  for (let i = from; i < to; i++) for (const c of log.cells[i]) updates[c].offsets.push(log.offsets[i]);
  return [...updates.filter((u) => u.offsets.length > 0), { table: 'by_day', row: 'no-lines', offsets: [] }];
}

/** A small seeded PRNG, so that a failing interleaving replays (and shrinks) from fast-check's seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs every writer of every source at once against one MemoryHBase. A batch that fails (an injected fault)
 * is applied again with the same RowOffsets, as the job does after its rewind. Returns the sum of the stats
 * and, per source, the lines that were in a batch applied successfully.
 */
async function run(db: MemoryHBase, sources: Source[]) {
  const stats = noStats();
  const applied = sources.map(() => new Set<number>());
  await Promise.all(
    sources.flatMap((s, k) =>
      s.writers.map(async (w) => {
        for (const [from, to] of w.segments) {
          const rows = new RowOffsets(s.topic, s.partition); // a restart remembers nothing
          for (let b = from; b < to; b++) {
            const [lo, hi] = [w.bounds[b], w.bounds[b + 1]];
            for (let attempt = 1; ; attempt++) {
              try {
                addStats(stats, await applyExactlyOnce(db.asClient(), rows, updatesOf(s.log, lo, hi)));
                break;
              } catch (err) {
                // Only the injected faults may fail a batch (not, say, "gave up after 100 conflicts").
                if (!/^injected/.test(String((err as Error).message)) || attempt === 50) throw err;
              }
            }
            for (let i = lo; i < hi; i++) applied[k].add(i);
          }
        }
      }),
    ),
  );
  return { stats, applied };
}

/** Every row's count = its distinct applied lines over all sources; each source's column = its last + 1. */
function assertCounted(db: MemoryHBase, sources: Source[], applied: Set<number>[]): bigint {
  let total = 0n;
  for (const [c, { table, row }] of CELLS.entries()) {
    let expected = 0;
    for (const [k, s] of sources.entries()) {
      const lines = [...applied[k]].filter((i) => s.log.cells[i].includes(c));
      expected += lines.length;
      const last = Math.max(-1, ...lines.map((i) => s.log.offsets[i]));
      const column = db.long(table, row, offsetColumn(s.topic, s.partition));
      assert.equal(column, last < 0 ? undefined : BigInt(last + 1), `${table}/${row} ${offsetColumn(s.topic, s.partition)}`);
    }
    assert.equal(clicks(db, table, row), BigInt(expected), `${table}/${row} click_count`);
    total += BigInt(expected);
  }
  assert.ok(!db.rowKeys('by_day').includes('no-lines'), 'a row without lines was written');
  return total;
}

const interleaved = (seed: number) => {
  const random = prng(seed);
  return { turns: () => Math.floor(random() * 3), concurrency: 1 + Math.floor(random() * 4) };
};

test('property: one writer restarting from any earlier batch boundary counts every line once', async () => {
  await fc.assert(
    fc.asyncProperty(sourcesArb({ min: 1, max: 1 }, 1), async (sources) => {
      const db = new MemoryHBase();
      const { stats, applied } = await run(db, sources);
      assert.equal(BigInt(stats.linesApplied), assertCounted(db, sources, applied), 'the stats count a line twice, or miss one');
      assert.equal(stats.conflicts, 0, 'nobody else writes this partition\'s column');
    }),
    { numRuns: 100 },
  );
});

test('property: several partitions and topics writing the same rows at once do not disturb each other', async () => {
  await fc.assert(
    fc.asyncProperty(sourcesArb({ min: 2, max: 3 }, 1), fc.integer(), async (sources, seed) => {
      const db = new MemoryHBase(interleaved(seed));
      const { stats, applied } = await run(db, sources);
      assert.equal(BigInt(stats.linesApplied), assertCounted(db, sources, applied));
      assert.equal(stats.conflicts, 0, 'another partition\'s writes failed a condition');
    }),
    { numRuns: 60 },
  );
});

test('property: a zombie writing the same partition at once, cut into other batches, counts nothing twice', async () => {
  let conflicts = 0;
  await fc.assert(
    fc.asyncProperty(sourcesArb({ min: 1, max: 2 }, 2), fc.integer(), async (sources, seed) => {
      const db = new MemoryHBase(interleaved(seed));
      const { stats, applied } = await run(db, sources);
      assert.equal(BigInt(stats.linesApplied), assertCounted(db, sources, applied));
      conflicts += stats.conflicts;
    }),
    { numRuns: 100 },
  );
  // Otherwise the race the conditions are there for was never run.
  assert.ok(conflicts > 0, 'no run made two writers of one partition conflict');
});

test('property: errors before or after applying, then a retry of the same batch, count every line once', async () => {
  const faults = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(sourcesArb({ min: 1, max: 2 }, 2), fc.integer(), async (sources, seed) => {
      const random = prng(seed + 1); // not the interleaving's sequence
      let budget = 8; // then no more faults: the retries get through
      // The row by row path runs only after a failure: fail it more often, or its faults are rare.
      const rate = (op: string) => (op === 'checkAndIncrement' ? 0.7 : 0.15);
      const db = new MemoryHBase({
        ...interleaved(seed),
        fault: (op) => (budget > 0 && random() < rate(op) ? (budget--, random() < 0.5 ? 'before' : 'after') : undefined),
      });
      const { applied } = await run(db, sources);
      assertCounted(db, sources, applied);
      for (const [kind, n] of db.faults) faults.set(kind, (faults.get(kind) ?? 0) + n);
    }),
    { numRuns: 100 },
  );
  // Every kind of failure the sink must survive happened in some run.
  for (const op of ['checkAndIncrementMany', 'checkAndIncrement', 'getMany', 'get']) {
    for (const when of ['before', 'after']) {
      assert.ok((faults.get(`${op} ${when}`) ?? 0) > 0, `no ${op} failed ${when} applying: ${JSON.stringify([...faults])}`);
    }
  }
});
