import * as mariadb from 'mariadb';
import type { LabConfig } from '../config';
import { SQL_SCHEMA } from '../schema';

/** How the lab reaches its database: loopback only, one user for the job, the dashboard and the notebooks. */
export interface SqlEndpoint {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

/** The lab's database as its configuration names it (`cfg.sql`, the `mariadb` port, the stack's address). */
export function sqlEndpointFor(cfg: LabConfig): SqlEndpoint {
  return { host: cfg.stack.host, port: cfg.ports.mariadb, database: cfg.sql.database, user: cfg.sql.user, password: cfg.sql.password };
}

/** What every connection to the lab's database is made with. */
function connectionOptions(e: SqlEndpoint, connectTimeoutMs = 5000): mariadb.ConnectionConfig {
  return {
    host: e.host,
    port: e.port,
    user: e.user,
    password: e.password,
    database: e.database,
    connectTimeout: connectTimeoutMs,
    // Counts and offsets are BIGINT: as JavaScript numbers (exact below 2^53, far above any count here).
    bigIntAsNumber: true,
    insertIdAsNumber: true,
  };
}

export function connectSql(e: SqlEndpoint, opts: { connectTimeoutMs?: number } = {}): Promise<mariadb.Connection> {
  return mariadb.createConnection(connectionOptions(e, opts.connectTimeoutMs));
}

/** A pool of connections (the SQL job writes several partitions at once, each batch on a connection of its own). */
export function sqlPool(e: SqlEndpoint, connectionLimit = 4): mariadb.Pool {
  return mariadb.createPool({ ...connectionOptions(e), connectionLimit });
}

/**
 * Creates the lab's database, its user and the tables (each step may run again). Runs as the server's root over
 * its local socket: the only account a fresh data directory has, and one that is not reachable over TCP.
 */
export async function provisionSqlStore(socketPath: string, e: SqlEndpoint): Promise<string[]> {
  const root = await mariadb.createConnection({ socketPath, user: 'root', connectTimeout: 5000 });
  try {
    await root.query(`CREATE DATABASE IF NOT EXISTS \`${e.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    await root.query(`CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?`, [e.user, e.host, e.password]);
    await root.query(`GRANT ALL PRIVILEGES ON \`${e.database}\`.* TO ?@?`, [e.user, e.host]);
    await root.query(`USE \`${e.database}\``);
    for (const ddl of SQL_SCHEMA) await root.query(ddl);
    return [`database ${e.database}`, `user ${e.user}@${e.host}`, ...SQL_SCHEMA.map((d) => `table ${/TABLE IF NOT EXISTS (\w+)/.exec(d)?.[1] ?? '?'}`)];
  } finally {
    await root.end();
  }
}
