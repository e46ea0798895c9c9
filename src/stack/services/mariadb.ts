import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection } from 'mariadb';
import type { LabConfig, LabPaths } from '../../config';
import { labMarker } from '../../process/pid-process';
import { connectSql, connectSqlRoot, provisionSqlStore, sqlEndpointFor } from '../../sql';
import { SQL_TABLES } from '../../schema';
import { findMariaDb, initDataDir, mariadbdArgs, privateSocketDir, runningAsRoot } from '../mariadb';
import { port, type NativeServiceDefinition } from './types';

const filesDir = (paths: LabPaths) => path.join(paths.data, 'mariadb-files');

/** One query on a fresh connection; true when it answers, else the connector's message. */
async function answers(open: () => Promise<Connection>, sql: string): Promise<true | string> {
  const c = await open();
  try {
    await c.query(sql);
    return true;
  } finally {
    await c.end();
  }
}

/**
 * The relational store (issue #17): Debian's MariaDB server, started as a plain foreground program with only the
 * lab's settings, its data under LAB_HOME/data/mariadb and its socket in run/.
 */
export const mariadbService: NativeServiceDefinition = {
  runtime: 'native',
  name: 'mariadb',
  after: [],
  stopGraceMs: 30_000,
  ports: (cfg) => [port(cfg, 'mariadb', 'sql')],

  assertInstalled: (cfg) => void findMariaDb(cfg.versions.mariadb),

  async prepare(ctx) {
    initDataDir(findMariaDb(ctx.cfg.versions.mariadb), ctx.paths.serviceData('mariadb'), ctx.paths.serviceLog('mariadb'));
    privateSocketDir(ctx.paths.mariadbSocket);
    fs.mkdirSync(filesDir(ctx.paths), { recursive: true });
  },

  async command(ctx) {
    const install = findMariaDb(ctx.cfg.versions.mariadb);
    const args = mariadbdArgs({
      dataDir: ctx.paths.serviceData('mariadb'),
      port: ctx.cfg.ports.mariadb,
      host: ctx.cfg.stack.bindHost,
      socket: ctx.paths.mariadbSocket,
      pidFile: path.join(ctx.paths.run, 'mariadbd.pid'),
      marker: labMarker('mariadb', ctx.cfg.home),
      runAsRoot: runningAsRoot(),
      filesDir: filesDir(ctx.paths),
    });
    return { command: install.mariadbd, args };
  },

  /** Before provisioning only root exists, and only on the socket. */
  startedCheck: (ctx) => answers(() => connectSqlRoot(ctx.paths.mariadbSocket, 2000), 'SELECT 1'),

  /** Healthy = the lab's user logs in over TCP and reads the positions table (what the SQL job does first). */
  check: (cfg: LabConfig) => answers(() => connectSql(sqlEndpointFor(cfg), { connectTimeoutMs: 2000 }), `SELECT 1 FROM ${SQL_TABLES.positions} LIMIT 1`),

  provision: (ctx) => provisionSqlStore(ctx.paths.mariadbSocket, sqlEndpointFor(ctx.cfg)),
};
