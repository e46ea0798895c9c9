import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kafkaFor } from '../../src/kafka';
import { deleteLeftoverTopics, dropLeftoverTables } from '../../src/lessons/leftovers';
import { createLabTables, runLabAdmin } from '../../src/stack/hbase-admin';
import { testConfig } from '../helpers';

const cfg = testConfig();

test("a lesson's first cell removes what a failed earlier run left, and nothing else", async () => {
  const prefix = `it-left-${Date.now().toString(36)}-`;
  const admin = kafkaFor(cfg, 'it-leftovers').admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic: `${prefix}a`, numPartitions: 1 }, { topic: `${prefix}b`, numPartitions: 1 }], waitForLeaders: true });
    assert.deepEqual((await deleteLeftoverTopics(admin, prefix)).sort(), [`${prefix}a`, `${prefix}b`]);
    const topics = await admin.listTopics();
    assert.deepEqual(topics.filter((t) => t.startsWith(prefix)), []);
    assert.ok(topics.includes(cfg.topics.accessLog), 'the lab\'s own topic stays');
    assert.deepEqual(await deleteLeftoverTopics(admin, prefix), [], 'a clean lab: nothing to remove');
  } finally {
    await admin.disconnect();
  }
  const tablePrefix = prefix.replace(/-/g, '_');
  await createLabTables(cfg, [`${tablePrefix}t`]);
  assert.deepEqual(await dropLeftoverTables(cfg, tablePrefix), [`${tablePrefix}t`]);
  const tables = await runLabAdmin(cfg, ['list-tables']);
  assert.ok(!tables.some((t) => t.startsWith(tablePrefix)));
  assert.ok(tables.includes(cfg.tables.courseClicks), 'the lab\'s own tables stay');
});
