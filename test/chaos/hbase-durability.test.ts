import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HBaseClient } from '../../src/hbase';
import { sleep, testConfig, unique } from '../helpers';
import { killServiceThenUp } from './faults';

/**
 * Why the job's totals survive `kill -9` of HBase: an increment HBase acknowledged is in its write-ahead log,
 * and the log on the lab's local file system is written through to the operating system before the answer
 * (the WAL's sync is an hflush; see docs/architecture.md, "Delivery guarantees"). Measured here directly: increments as fast
 * as acknowledgements come, HBase killed right after one, then restarted; none acknowledged may be missing.
 */
const cfg = testConfig();
const COLUMN = 'info:click_count';

test('increments HBase acknowledged survive kill -9 of HBase (3 rounds)', async () => {
  for (let round = 1; round <= 3; round++) {
    const row = unique('durability');
    let hbase = await HBaseClient.forLab(cfg);
    let acked = 0;
    let stop = false;
    const writers = Array.from({ length: 8 }, async () => {
      while (!stop) {
        try {
          await hbase.increment(cfg.tables.courseClicks, row, COLUMN, 1);
        } catch {
          return; // HBase is gone
        }
        if (!stop) acked++;
      }
    });
    await sleep(1500);
    stop = true; // acknowledgements after this moment are not counted: they may race the kill
    const ackedAtKill = acked;
    const kill = killServiceThenUp(cfg, 'hbase');
    await Promise.all(writers);
    hbase.close();
    await kill;
    hbase = await HBaseClient.forLab(cfg);
    try {
      const stored = Number(await hbase.getLong(cfg.tables.courseClicks, row, COLUMN));
      console.log(`# round ${round}: ${ackedAtKill} increments acknowledged before kill -9, ${stored} stored after the restart`);
      assert.ok(ackedAtKill > 100, `only ${ackedAtKill} increments acknowledged: the round measured nothing`);
      assert.ok(stored >= ackedAtKill, `${ackedAtKill - stored} acknowledged increments were lost`);
    } finally {
      hbase.close();
    }
  }
});
