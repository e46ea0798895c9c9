import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../config';
import { SQL_TABLES } from '../schema';
import { provisionStatements, sqlEndpointFor } from './provision';

test("the lab's database comes from the one config: loopback, the mariadb port (LAB_MARIADB_PORT), cfg.sql", () => {
  assert.deepEqual(sqlEndpointFor(loadConfig({}, {})), { host: '127.0.0.1', port: 13306, database: 'clickstream', user: 'lab', password: 'lab' });
  assert.equal(sqlEndpointFor(loadConfig({}, { LAB_MARIADB_PORT: '23306' })).port, 23306);
  assert.throws(() => loadConfig({}, { LAB_MARIADB_PORT: 'x' }), /LAB_MARIADB_PORT/);
});

test('provisioning SQL: the lab user for the given client host, the tables, no root over TCP, and no quoting surprises', () => {
  const e = sqlEndpointFor(loadConfig({}, {}));
  const statements = provisionStatements(e, '192.168.56.%');
  assert.ok(statements.includes("CREATE USER IF NOT EXISTS 'lab'@'192.168.56.%' IDENTIFIED BY 'lab'"));
  assert.ok(statements.includes("GRANT ALL PRIVILEGES ON `clickstream`.* TO 'lab'@'192.168.56.%'"));
  assert.ok(statements.some((s) => /DROP USER IF EXISTS 'root'@'127\.0\.0\.1'/.test(s)));
  for (const t of Object.values(SQL_TABLES)) assert.ok(statements.some((s) => s.includes(`CREATE TABLE IF NOT EXISTS ${t}`)), t);
  assert.throws(() => provisionStatements({ ...e, password: "x'; DROP DATABASE mysql; --" }, '127.0.0.1'), /password may hold only/);
});
