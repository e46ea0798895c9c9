import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FilePositions, ResendFilter } from './file-positions';
import { lineIdentity, lineKey } from './line-identity';

const key = (file: string, offset: number) => Buffer.from(lineKey(file, offset));

test('admit: a line at or past its file\'s mark is new, one below it is a re-send', () => {
  const p = FilePositions.empty();
  assert.equal(p.mark('a'), 0);
  assert.equal(p.admit('a', 0), true, 'the first line of a file');
  assert.equal(p.mark('a'), 1);
  assert.equal(p.admit('a', 0), false, 'the same line again');
  assert.equal(p.admit('a', 1), true, 'the next byte');
  assert.equal(p.admit('a', 90), true, 'a gap (lines that went to other partitions)');
  assert.equal(p.admit('a', 50), false, 'an earlier line');
  assert.equal(p.admit('a', 90), false);
  assert.equal(p.admit('b', 50), true, 'files are independent');
  assert.deepEqual([p.files, p.mark('a'), p.mark('b')], [2, 91, 51]);
});

test('copy: the original\'s marks stay as they were', () => {
  const p = FilePositions.empty();
  p.admit('a', 10);
  const c = p.copy();
  c.admit('a', 20);
  c.admit('b', 0);
  assert.deepEqual([p.files, p.mark('a'), c.files, c.mark('a')], [1, 11, 2, 21]);
});

test('serialize/parse: metadata round-trips; nothing stored is empty', () => {
  const p = FilePositions.empty();
  for (const f of ['/var/log/a@1.log', '__proto__', 'quote"back\\slash', 'été']) p.admit(f, 41);
  p.admit('big', 999_999_999_999_999);
  const s = p.serialize();
  const q = FilePositions.parse(s);
  assert.equal(q.serialize(), s);
  assert.equal(q.files, 5);
  assert.equal(q.mark('__proto__'), 42);
  assert.equal(q.mark('big'), 1_000_000_000_000_000);
  for (const none of [null, undefined, '']) assert.equal(FilePositions.parse(none).files, 0);
  assert.equal(FilePositions.parse('{"files":{}}').files, 0);
});

test('parse rejects metadata that is not file positions with an Error', () => {
  const bad = [
    'not json',
    '{"files":',
    'null',
    '42',
    '"files"',
    '{}',
    '{"positions":{"a":1}}',
    '{"files":null}',
    '{"files":"a"}',
    '{"files":{"a":-1}}',
    '{"files":{"a":1.5}}',
    '{"files":{"a":"3"}}',
    '{"files":{"a":null}}',
    '{"files":{"a":9007199254740992}}',
  ];
  for (const metadata of bad) assert.throws(() => FilePositions.parse(metadata), Error, metadata);
});

test('ResendFilter: decides by key; records without a line identity always pass', () => {
  const f = new ResendFilter(FilePositions.empty());
  assert.equal(f.admit(null), true);
  assert.equal(f.admit(undefined), true);
  assert.equal(f.admit(Buffer.from('no identity')), true);
  assert.equal(f.admit(Buffer.from('no identity')), true, 'twice');
  assert.equal(f.admit(key('a.log', 5)), true);
  assert.equal(f.admit(key('a.log', 5)), false);
  // Same length as a.log: the cached name must be compared byte by byte, not by length.
  assert.equal(f.admit(key('b.log', 5)), true);
  assert.equal(f.admit(key('a.log', 3)), false);
  assert.equal(f.admit(key('b.log', 4)), false);
  assert.equal(f.admit(key('b.log', 6)), true);
  // A key viewed inside a larger buffer, and a different file whose name is a prefix of the last one.
  const whole = Buffer.from('zzb.log@9zz');
  assert.equal(f.admit(whole.subarray(2, 9)), true);
  assert.equal(f.admit(whole.subarray(2, 9)), false);
  assert.equal(f.admit(key('b.lo', 1)), true);
  assert.deepEqual([f.positions.mark('a.log'), f.positions.mark('b.log'), f.positions.mark('b.lo')], [6, 10, 2]);
});

/** Flume's partitioner stand-in: any fixed function of the key will do (Kafka uses murmur2). */
function partitionOf(k: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(k)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h % partitions;
}

/** Some files, each a list of line lengths (at least 1 byte: the newline) from a starting byte offset. */
const filesArb = fc.uniqueArray(
  fc.record({
    name: fc.string({ unit: fc.constantFrom('a', 'b', '/', '@', '1', '9', '.', 'é', '日'), minLength: 1, maxLength: 6 }),
    start: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 ** 14 })),
    lengths: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 15, size: 'max' }),
  }),
  { minLength: 1, maxLength: 4, selector: (f) => f.name },
);
/** What Flume does next: ship the next line of a file, or crash and restart from saved positions. */
const stepArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ ship: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ restart: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }) }) },
);

test('property: a crash-prone Flume\'s re-sends, spread over 3 partitions, are each admitted exactly once', () => {
  fc.assert(
    fc.property(filesArb, fc.array(stepArb, { maxLength: 120, size: 'max' }), (files, steps) => {
      // Each line's byte offset: where the lines before it end.
      const offsets = files.map((f) => f.lengths.map((_, n) => f.start + f.lengths.slice(0, n).reduce((a, b) => a + b, 0)));
      // Per file: the next line TAILDIR sends, and how many lines have reached Kafka (all before that, once).
      const cursor = files.map(() => 0);
      const delivered = files.map(() => 0);
      const partitions: string[][] = [[], [], []];
      for (const step of steps) {
        if ('restart' in step) {
          // TAILDIR starts again from its last saved position, never past a line it delivered.
          files.forEach((_, i) => (cursor[i] = step.restart[i] % (delivered[i] + 1)));
          continue;
        }
        const i = step.ship % files.length;
        const line = cursor[i];
        if (line >= offsets[i].length) continue; // that file has no more lines yet
        const k = lineKey(files[i].name, offsets[i][line]);
        partitions[partitionOf(k, 3)].push(k);
        cursor[i] = line + 1;
        delivered[i] = Math.max(delivered[i], line + 1);
      }
      const admitted: string[] = [];
      for (const records of partitions) {
        const filter = new ResendFilter(FilePositions.empty());
        // Each key a view into a larger buffer, as kafkajs hands keys out.
        for (const k of records) if (filter.admit(Buffer.from(`@7${k}9`).subarray(2, 2 + Buffer.byteLength(k)))) admitted.push(k);
      }
      const expected = files.flatMap((f, i) => offsets[i].slice(0, delivered[i]).map((o) => lineKey(f.name, o)));
      assert.deepEqual(admitted.sort(), expected.sort(), 'lost or duplicated lines');
    }),
    { numRuns: 200 },
  );
});

/** A partition's records: line keys (re-sends, gaps, any order), keys without an identity, and no key. */
const recordsArb = fc.array(
  fc.oneof(
    { weight: 8, arbitrary: fc.tuple(fc.constantFrom('a.log', 'b.log', 'x@1', '日志'), fc.nat(40)).map(([f, o]) => lineKey(f, o)) },
    { weight: 1, arbitrary: fc.constantFrom('no identity', '@5', 'a.log@') },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
  { maxLength: 40, size: 'max' },
);

test('property: a restart from any record, with the positions committed there, decides the rest the same', () => {
  fc.assert(
    fc.property(recordsArb, (records) => {
      const keys = records.map((k) => (k === null ? null : Buffer.from(k)));
      const filter = new ResendFilter(FilePositions.empty());
      // What would be committed before record k: the positions after records 0..k-1.
      const committed: string[] = [];
      const decisions = keys.map((k) => (committed.push(filter.positions.serialize()), filter.admit(k)));
      committed.push(filter.positions.serialize());
      for (let cut = 0; cut <= keys.length; cut++) {
        const restarted = new ResendFilter(FilePositions.parse(committed[cut]));
        assert.deepEqual(keys.slice(cut).map((k) => restarted.admit(k)), decisions.slice(cut), `restarted at ${cut}`);
      }
    }),
    { numRuns: 200 },
  );
});

test('property: with more files than the filter keeps at hand, it decides as the rule says', () => {
  // The rule, spelled out: per file name, the offset just past the furthest line admitted.
  const byRule = (keys: (string | null)[]) => {
    const marks = new Map<string, number>();
    return keys.map((k) => {
      const id = k === null ? undefined : lineIdentity(Buffer.from(k));
      if (!id) return true;
      if (id.byteOffset < (marks.get(id.file) ?? 0)) return false;
      marks.set(id.file, id.byteOffset + 1);
      return true;
    });
  };
  // Up to 40 files whose names differ in one byte near the end or in length, lines of each in any order.
  const names = Array.from({ length: 40 }, (_, i) => `/var/log/app/access-${i}.log`);
  const keyArb = fc.oneof(
    { weight: 9, arbitrary: fc.tuple(fc.constantFrom(...names), fc.nat(30)).map(([f, o]) => lineKey(f, o)) },
    { weight: 1, arbitrary: fc.constantFrom(null, 'no identity', lineKey('/var/log/app/access-1.lo', 3)) },
  );
  fc.assert(
    fc.property(fc.array(keyArb, { maxLength: 200, size: 'max' }), (keys) => {
      const filter = new ResendFilter(FilePositions.empty());
      assert.deepEqual(keys.map((k) => filter.admit(k === null ? null : Buffer.from(k))), byRule(keys));
    }),
    { numRuns: 100 },
  );
});

test('property: parse(serialize(x)) keeps every mark', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.string(), fc.maxSafeNat()), { maxLength: 10 }), (lines) => {
      const p = FilePositions.empty();
      for (const [file, offset] of lines) if (offset < Number.MAX_SAFE_INTEGER) p.admit(file, offset);
      const q = FilePositions.parse(p.serialize());
      assert.equal(q.files, p.files);
      for (const [file] of lines) assert.equal(q.mark(file), p.mark(file), file);
      assert.equal(q.serialize(), p.serialize());
    }),
    { numRuns: 200 },
  );
});

test('property: parse of any text either throws an Error or yields safe, non-negative marks', () => {
  const text = fc.oneof(
    fc.string(),
    fc.json(),
    fc.dictionary(fc.string(), fc.jsonValue()).map((files) => JSON.stringify({ files })),
  );
  fc.assert(
    fc.property(text, (metadata) => {
      let p: FilePositions;
      try {
        p = FilePositions.parse(metadata);
      } catch (err) {
        assert.ok(err instanceof Error, `threw ${String(err)}`);
        return;
      }
      const marks = Object.values(JSON.parse(p.serialize()).files as Record<string, unknown>);
      for (const m of marks) assert.ok(Number.isSafeInteger(m) && (m as number) >= 0, `mark ${String(m)} from ${metadata}`);
    }),
    { numRuns: 300 },
  );
});
