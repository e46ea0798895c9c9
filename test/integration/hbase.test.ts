import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HBaseClient, readCounter } from '../../src/hbase';
import { dropTables } from '../../src/stack/hbase-admin';
import { createTestTables, eventually, testConfig, unique } from '../helpers';

const cfg = testConfig();
const COUNT = 'info:click_count';
let client: HBaseClient;

before(async () => {
  client = await HBaseClient.forLab(cfg);
});
after(() => client.close());

test('put, get and delete a row as plain objects', async () => {
  const row = unique('row');
  await client.put(cfg.tables.courseClicks, row, { 'info:name': 'Spark 实战', 'info:n': 7 });
  const got = await client.get(cfg.tables.courseClicks, row);
  assert.equal(got?.key, row);
  assert.equal(got?.cells['info:name']?.toString(), 'Spark 实战');
  assert.equal(got && readCounter(got, 'info:n'), 7n);
  await client.delete(cfg.tables.courseClicks, row);
  assert.equal(await client.get(cfg.tables.courseClicks, row), null);
});

test('increment is atomic under 200 concurrent calls and readable as an 8-byte long', async () => {
  const row = unique('inc');
  const results = await client.mapLimit(Array.from({ length: 200 }, (_, i) => i), async () =>
    client.increment(cfg.tables.courseClicks, row, COUNT, 3),
  );
  assert.equal(await client.getLong(cfg.tables.courseClicks, row, COUNT), 600n);
  // Every intermediate value was returned exactly once: no lost update.
  assert.deepEqual(results.map(Number).sort((a, b) => a - b), Array.from({ length: 200 }, (_, i) => (i + 1) * 3));
});

test('conditional increments, one by one and many per request: applied only where the condition holds', async () => {
  const table = cfg.tables.courseClicks;
  const row = unique('cai');
  assert.equal(await client.checkAndIncrement(table, row, 'info:v', null, { [COUNT]: 4, 'info:v': 10 }), true);
  assert.equal(await client.checkAndIncrement(table, row, 'info:v', null, { [COUNT]: 4, 'info:v': 10 }), false, 'v exists now');
  assert.equal(await client.checkAndIncrement(table, row, 'info:v', 10, { [COUNT]: 1, 'info:v': 1 }), true);

  // 300 rows in one call (several requests): even rows expect an absent column, odd rows a wrong value.
  const rows = Array.from({ length: 300 }, (_, i) => unique(`caim${i}`));
  for (const r of rows.filter((_, i) => i % 2 === 1)) await client.put(table, r, { 'info:v': 99 });
  const outcomes = await client.checkAndIncrementMany(
    table,
    rows.map((r) => ({ row: r, column: 'info:v', expected: null, amounts: { [COUNT]: 2, 'info:v': 1 } })),
  );
  assert.deepEqual(outcomes, rows.map((_, i) => (i % 2 === 0 ? 'applied' : 'condition-failed')));
  const after = await client.getMany(table, rows, [COUNT, 'info:v']);
  rows.forEach((r, i) => {
    const got = after.get(r) as { cells: Record<string, Buffer> } | undefined;
    assert.equal(got && readCounter(got as never, COUNT), i % 2 === 0 ? 2n : 0n, r);
    assert.equal(got && readCounter(got as never, 'info:v'), i % 2 === 0 ? 1n : 99n, r);
  });
  assert.equal(await client.getLong(table, row, COUNT), 5n);

  // A table split in three: each row's action goes to its own region.
  const split = unique('cai_split');
  await createTestTables(cfg, [`${split}@g,p`]);
  const spread = ['a1', 'f9', 'g', 'h2', 'o', 'p', 'z9'];
  const splitOutcomes = await client.checkAndIncrementMany(split, spread.map((r) => ({ row: r, column: 'info:v', expected: null, amounts: { [COUNT]: 1, 'info:v': 1 } })));
  assert.deepEqual(splitOutcomes, spread.map(() => 'applied'));
  for (const r of spread) assert.equal(await client.getLong(split, r, COUNT), 1n, r);

  const missing = await client.checkAndIncrementMany(unique('no_table'), [{ row: 'r', column: 'info:v', expected: null, amounts: { [COUNT]: 1 } }]);
  assert.match(JSON.stringify(missing[0]), /TableNotFound/);
});

test('conditional batches remember regions between calls, and locate afresh once a region is gone', async () => {
  const table = unique('cai_regions');
  await createTestTables(cfg, [`${table}@m`]);
  const op = (row: string) => ({ row, column: 'info:v', expected: null, amounts: { [COUNT]: 1, 'info:v': 1 } });
  assert.deepEqual(await client.checkAndIncrementMany(table, [op('a'), op('z')]), ['applied', 'applied']);
  assert.deepEqual(await client.checkAndIncrementMany(table, [op('b'), op('y')]), ['applied', 'applied']);
  // The same table again, split elsewhere: its regions have new names, so the remembered ones are gone.
  await dropTables(cfg, [table]);
  await createTestTables(cfg, [`${table}@f`]);
  const meanwhile = await client.checkAndIncrementMany(table, [op('c'), op('x')]);
  // An answer for every row (applied, or an error the job's row-by-row path takes over), never a hang or a throw.
  assert.equal(meanwhile.length, 2);
  await eventually('conditional batches to reach the new regions', async () => {
    const outcomes = await client.checkAndIncrementMany(table, [op(`d${Date.now()}`), op(`w${Date.now()}`)]);
    return outcomes.every((o) => o === 'applied') ? true : undefined;
  }, { timeoutMs: 20_000 });
});

test('checkAndPut writes only when the current value matches (null = absent)', async () => {
  const row = unique('cap');
  assert.equal(await client.checkAndPut(cfg.tables.courseClicks, row, 'info:v', null, { 'info:v': 1 }), true);
  assert.equal(await client.checkAndPut(cfg.tables.courseClicks, row, 'info:v', null, { 'info:v': 2 }), false);
  assert.equal(await client.checkAndPut(cfg.tables.courseClicks, row, 'info:v', 1, { 'info:v': 5 }), true);
  assert.equal(await client.checkAndPut(cfg.tables.courseClicks, row, 'info:v', 1, { 'info:v': 9 }), false);
  assert.equal(await client.getLong(cfg.tables.courseClicks, row, 'info:v'), 5n);
});

test('a prefix scan over 5,000+ rows returns every row, in order, and nothing outside the prefix', async () => {
  const prefix = `${unique('scan')}_`;
  const keys = Array.from({ length: 5_200 }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);
  for (let i = 0; i < keys.length; i += 1000) {
    await client.putMany(cfg.tables.courseClicks, keys.slice(i, i + 1000).map((key, j) => ({ key, cells: { [COUNT]: i + j } })));
  }
  // Neighbours just outside the prefix on both sides.
  await client.putMany(cfg.tables.courseClicks, [
    { key: prefix.slice(0, -1), cells: { [COUNT]: -1 } },
    { key: `${prefix.slice(0, -1)}a`, cells: { [COUNT]: -1 } },
  ]);
  const rows = await client.scanAll(cfg.tables.courseClicks, { prefix });
  assert.equal(rows.length, keys.length);
  assert.deepEqual(rows.map((r) => r.key), keys);
  assert.equal(rows.reduce((s, r) => s + readCounter(r, COUNT), 0n), BigInt((keys.length * (keys.length - 1)) / 2));
});

test('a table created after the client connected is found (region cache miss), and scans cross region boundaries', async () => {
  const table = unique('it_split');
  // Pre-split so the scan must move from region to region; boundary keys are themselves rows.
  const created = await createTestTables(cfg, [`${table}@k2000,k4000`]);
  assert.deepEqual(created, [`created ${table}`]);
  const keys = Array.from({ length: 6_000 }, (_, i) => `k${String(i).padStart(4, '0')}`);
  await client.putMany(table, keys.map((key) => ({ key, cells: { [COUNT]: 1 } })));
  const all = await client.scanAll(table);
  assert.equal(all.length, keys.length, 'no row lost at a region boundary');
  assert.deepEqual(all.map((r) => r.key), keys);
  const middle = await client.scanAll(table, { start: 'k1990', stop: 'k4010' });
  assert.deepEqual(middle.map((r) => r.key), keys.slice(1990, 4010));
  assert.equal((await client.get(table, 'k2000'))?.key, 'k2000');
});

test('a table looked up before it existed is found once created (the stale-cache path)', async () => {
  const table = unique('it_late');
  await assert.rejects(client.put(table, 'r', { 'info:x': 'early' }), /not found/);
  await createTestTables(cfg, [table]);
  await client.put(table, 'r', { 'info:x': 'late' });
  assert.equal((await client.get(table, 'r'))?.cells['info:x']?.toString(), 'late');
});

test('tables whose names share a prefix never see each other’s rows', async () => {
  const base = unique('it_pfx');
  await createTestTables(cfg, [base, `${base}_salted`]);
  await client.put(base, 'a', { 'info:t': 'base' });
  await client.put(`${base}_salted`, 'a', { 'info:t': 'salted' });
  assert.equal((await client.get(base, 'a'))?.cells['info:t']?.toString(), 'base');
  assert.equal((await client.get(`${base}_salted`, 'a'))?.cells['info:t']?.toString(), 'salted');
});

test('an operation on a missing table fails with an error naming the table and the row', async () => {
  await assert.rejects(client.get('no_such_table_here', 'r1'), (err: Error) => {
    assert.match(err.message, /HBase get on table 'no_such_table_here' row 'r1' failed: .*not found/);
    return true;
  });
});
