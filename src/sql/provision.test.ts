import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../config';
import { sqlEndpointFor } from './provision';

test("the lab's database comes from the one config: loopback, the mariadb port (LAB_MARIADB_PORT), cfg.sql", () => {
  assert.deepEqual(sqlEndpointFor(loadConfig({}, {})), { host: '127.0.0.1', port: 13306, database: 'clickstream', user: 'lab', password: 'lab' });
  assert.equal(sqlEndpointFor(loadConfig({}, { LAB_MARIADB_PORT: '23306' })).port, 23306);
  assert.throws(() => loadConfig({}, { LAB_MARIADB_PORT: 'x' }), /LAB_MARIADB_PORT/);
});
