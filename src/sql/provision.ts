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

/**
 * The SQL job's sessions. A worker frozen inside a batch's transaction (SIGSTOP, a paused VM) keeps the locks on its
 * partitions' position rows for as long as its connection lives, and the partitions' new owner waits on them: the
 * server ends a connection idle in a transaction for `idle_transaction_timeout` seconds, which releases them (the
 * frozen worker's batch then fails, and is refused when it retries: the position has moved). A lock is waited for
 * `innodb_lock_wait_timeout` seconds, not the server's 50, so the new owner retries while the timeout runs out.
 */
export const JOB_SESSION = { idle_transaction_timeout: 15, innodb_lock_wait_timeout: 10 } as const;

/** A pool of connections (the SQL job writes several partitions at once, each batch on a connection of its own). */
export function sqlPool(e: SqlEndpoint, connectionLimit = 4, sessionVariables?: Record<string, number>): mariadb.Pool {
  return mariadb.createPool({ ...connectionOptions(e), connectionLimit, ...(sessionVariables ? { sessionVariables } : {}) });
}

/** The server's root over its local socket: the only account a fresh data directory has, not reachable over TCP. */
export function connectSqlRoot(socketPath: string, connectTimeoutMs = 5000): Promise<mariadb.Connection> {
  return mariadb.createConnection({ socketPath, user: 'root', connectTimeout: connectTimeoutMs });
}

/** A name or password the provisioning SQL may quote as is: the lab's own settings, never user input, but checked. */
function plain(what: string, value: string): string {
  if (!/^[A-Za-z0-9_.%-]+$/.test(value)) throw new Error(`the SQL store's ${what} may hold only letters, digits and _ . % -, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * The statements that make a fresh server the lab's (each may run again): the database, the lab's user for
 * clients connecting from `clientHost` (127.0.0.1 here; the host-only network on the VM), the tables, and no root
 * over TCP (mariadb-install-db also makes passwordless root@127.0.0.1 and root@::1). Shared by `lab up` and the
 * VM's provisioning (vagrant/.generated/conf/mariadb/provision.sql), so both servers are set up alike.
 */
export function provisionStatements(e: Pick<SqlEndpoint, 'database' | 'user' | 'password'>, clientHost: string): string[] {
  const db = plain('database', e.database);
  const user = `'${plain('user', e.user)}'@'${plain('client host', clientHost)}'`;
  return [
    `CREATE DATABASE IF NOT EXISTS \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
    `CREATE USER IF NOT EXISTS ${user} IDENTIFIED BY '${plain('password', e.password)}'`,
    `GRANT ALL PRIVILEGES ON \`${db}\`.* TO ${user}`,
    "DROP USER IF EXISTS 'root'@'127.0.0.1', 'root'@'::1'",
    `USE \`${db}\``,
    ...SQL_SCHEMA,
  ];
}

/** `table course_clickcount`, `index by_course`: what a schema statement makes, for `lab up`'s report. */
function schemaObject(ddl: string): string {
  const m = /CREATE (TABLE|INDEX) IF NOT EXISTS (\w+)/.exec(ddl);
  return m ? `${(m[1] as string).toLowerCase()} ${m[2]}` : ddl.slice(0, 40);
}

/**
 * Creates the lab's database, its user and the tables. Runs as the server's root over its local socket: the only
 * account a fresh data directory has. Returns what now exists.
 */
export async function provisionSqlStore(socketPath: string, e: SqlEndpoint): Promise<string[]> {
  const root = await connectSqlRoot(socketPath);
  try {
    for (const statement of provisionStatements(e, e.host)) await root.query(statement);
    return [`database ${e.database}`, `user ${e.user}@${e.host}`, ...SQL_SCHEMA.map(schemaObject)];
  } finally {
    await root.end();
  }
}
