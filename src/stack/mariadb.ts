import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DependencyError, LabError } from '../errors';

/**
 * MariaDB (10.11, `versions.mariadb`), the lab's relational store (issue #17): the course stored its counts "in HBase or in an RDBMS"
 * (MySQL). Unlike Kafka, HBase and Flume it is not a set of jars: the server is Debian's package (on the VM,
 * MariaDB's own 10.11 packages for CentOS 7), a prerequisite installed once. Only the two packages with the
 * server and its setup tool are needed: they install no service that starts by itself.
 */
export const MARIADB_PACKAGES = ['mariadb-server-core', 'mariadb-client-core'] as const;
export const INSTALL_COMMAND = `sudo apt-get install --no-install-recommends ${MARIADB_PACKAGES.join(' ')}`;

export interface MariaDbInstall {
  mariadbd: string;
  installDb: string;
  /** e.g. `10.11.19-MariaDB-0+deb12u1`. */
  version: string;
}

const SERVER_CANDIDATES = ['/usr/sbin/mariadbd', '/usr/libexec/mariadbd', '/usr/bin/mariadbd'];
const INSTALL_DB_CANDIDATES = ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'];

/** The version in `mariadbd --version`'s answer (`… Ver 10.11.19-MariaDB-0+deb12u1 for …`), or undefined. */
export function parseMariaDbVersion(text: string): string | undefined {
  return /\bVer\s+(\d+\.\d+\.\d+[^\s]*)/.exec(text)?.[1];
}

/** Why `version` will not do, or undefined for a release of `series` (the config's `versions.mariadb`). */
export function mariadbVersionProblem(version: string | undefined, series: string): string | undefined {
  if (version === undefined) return 'mariadbd did not say its version';
  return version.startsWith(`${series}.`) ? undefined : `mariadbd ${version} is installed; the lab is written for MariaDB ${series}`;
}

/** The installed server and setup tool, checked; a DependencyError naming the one command that installs them. */
export function findMariaDb(series: string, candidates = { server: SERVER_CANDIDATES, installDb: INSTALL_DB_CANDIDATES }): MariaDbInstall {
  const mariadbd = candidates.server.find((f) => fs.existsSync(f));
  const installDb = candidates.installDb.find((f) => fs.existsSync(f));
  if (!mariadbd || !installDb) {
    throw new DependencyError(`MariaDB ${series} is not installed (no ${mariadbd ? 'mariadb-install-db' : 'mariadbd'} in ${(mariadbd ? candidates.installDb : candidates.server).join(', ')})`, {
      hint: `The lab's relational store needs Debian's MariaDB server packages (no service is started by them): ${INSTALL_COMMAND}`,
    });
  }
  const answer = spawnSync(mariadbd, ['--version'], { encoding: 'utf8' });
  const version = parseMariaDbVersion(`${answer.stdout}${answer.stderr}`);
  const problem = mariadbVersionProblem(version, series);
  if (problem) throw new DependencyError(problem, { hint: `Install Debian 12's MariaDB ${series}: ${INSTALL_COMMAND}` });
  return { mariadbd, installDb, version: version as string };
}

/** True when this process is root: mariadbd and mariadb-install-db refuse to run as root unless told to. */
export const runningAsRoot = (): boolean => process.getuid?.() === 0;
const runAs = (root: boolean): string[] => (root ? ['--user=root'] : []);

export interface MariaDbServerOptions {
  dataDir: string;
  port: number;
  host: string;
  socket: string;
  pidFile: string;
  /** The lab's marker (labMarker), carried by an option mariadbd ignores (`--loose-clickstream-lab=…`), so the process is known as ours. */
  marker: string;
  bufferPool?: string;
  /** Whether the server runs as root (here, when the lab does; never on the VM, where a service user runs it). */
  runAsRoot: boolean;
  /** The only directory LOAD DATA / SELECT … INTO OUTFILE may touch (`--secure-file-priv`). */
  filesDir: string;
}

/**
 * A fresh data directory, made once (`mariadb-install-db`, ~0.5 s): the system tables, and a root that logs in
 * without a password over the local socket only. Provisioning then creates the lab's database and user.
 */
export function initDataDir(install: MariaDbInstall, dataDir: string, logFile: string): void {
  if (fs.existsSync(path.join(dataDir, 'mysql'))) return;
  fs.mkdirSync(dataDir, { recursive: true });
  const r = spawnSync(install.installDb, ['--no-defaults', `--datadir=${dataDir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...runAs(runningAsRoot())], { encoding: 'utf8' });
  fs.appendFileSync(logFile, `${r.stdout ?? ''}${r.stderr ?? ''}`);
  if (r.status !== 0) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw new LabError(`mariadb-install-db failed (exit code ${r.status}) for ${dataDir}`, { hint: `Read ${logFile}.` });
  }
}

/** The socket's directory, made private to this user: whoever can open the socket can log in as the server's root. */
export function privateSocketDir(socket: string): void {
  const dir = path.dirname(socket);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/** mariadbd's arguments: only our settings (`--no-defaults`: no /etc/mysql config), loopback, small memory. */
export function mariadbdArgs(o: MariaDbServerOptions): string[] {
  return [
    '--no-defaults',
    `--datadir=${o.dataDir}`,
    `--port=${o.port}`,
    `--bind-address=${o.host}`,
    `--socket=${o.socket}`,
    `--pid-file=${o.pidFile}`,
    ...runAs(o.runAsRoot),
    // Users are matched by address, not by a reverse DNS lookup of each connection.
    '--skip-name-resolve',
    `--innodb-buffer-pool-size=${o.bufferPool ?? '64M'}`,
    // Durable commits: a committed batch survives kill -9 of the server (the test does exactly that).
    '--innodb-flush-log-at-trx-commit=1',
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_bin',
    // Root logs in over the socket without a password: the socket's directory is the lab user's alone (0700), and
    // file reads and writes from SQL are confined to one directory of the lab's.
    `--secure-file-priv=${o.filesDir}`,
    `--loose-clickstream-lab=${o.marker}`,
  ];
}
