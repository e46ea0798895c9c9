import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../config';
import { DependencyError } from '../errors';
import { mariadbCheck } from './doctor';
import { findMariaDb, INSTALL_COMMAND, mariadbdArgs, mariadbVersionProblem, parseMariaDbVersion, runningAsRoot } from './mariadb';

test('the version is read from mariadbd --version, and only a 10.11 release will do', () => {
  assert.equal(parseMariaDbVersion('/usr/sbin/mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64 (Debian 12)'), '10.11.19-MariaDB-0+deb12u1');
  assert.equal(parseMariaDbVersion('mysqld  Ver 8.0.36 for Linux on x86_64'), '8.0.36');
  assert.equal(parseMariaDbVersion('no version here'), undefined);
  assert.equal(mariadbVersionProblem('10.11.6-MariaDB', '10.11'), undefined);
  assert.match(mariadbVersionProblem('10.6.18-MariaDB', '10.11') ?? '', /mariadbd 10\.6\.18-MariaDB is installed; the lab is written for MariaDB 10\.11/);
  assert.match(mariadbVersionProblem('8.0.36', '10.11') ?? '', /written for MariaDB 10\.11/);
  assert.match(mariadbVersionProblem(undefined, '10.11') ?? '', /did not say its version/);
});

test('a machine without the packages gets the one command that installs them', () => {
  const nowhere = path.join(os.tmpdir(), 'no-such-mariadb', 'mariadbd');
  const err = (() => {
    try {
      findMariaDb('10.11', { server: [nowhere], installDb: [nowhere] });
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(err instanceof DependencyError);
  assert.match(err.message, /^MariaDB 10\.11 is not installed \(no mariadbd in /);
  assert.match(err.hint ?? '', new RegExp(INSTALL_COMMAND.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.equal(INSTALL_COMMAND, 'sudo apt-get install --no-install-recommends mariadb-server-core mariadb-client-core');
});

test('mariadbd runs with our settings only, on loopback, durable at commit, marked as the lab\'s', () => {
  const args = mariadbdArgs({ dataDir: '/d', port: 13306, host: '127.0.0.1', socket: '/s.sock', pidFile: '/p.pid', marker: 'clickstream.lab=mariadb@/home', runAsRoot: runningAsRoot(), filesDir: '/f' });
  assert.equal(args[0], '--no-defaults', 'no /etc/mysql configuration may change the lab\'s server');
  for (const a of ['--datadir=/d', '--port=13306', '--bind-address=127.0.0.1', '--socket=/s.sock', '--innodb-flush-log-at-trx-commit=1', '--loose-clickstream-lab=clickstream.lab=mariadb@/home']) assert.ok(args.includes(a), a);
  assert.equal(args.includes('--user=root'), process.getuid?.() === 0, 'as root, mariadbd must be told it may run as root');
  assert.ok(args.every((a) => a.startsWith('--')));
});

test('lab doctor: a missing server fails with the install command; the installed one is named with its version', () => {
  const cfg = loadConfig({}, {});
  const nowhere = path.join(os.tmpdir(), 'no-such-mariadb', 'mariadbd');
  const missing = mariadbCheck(cfg, { server: [nowhere], installDb: [nowhere] });
  assert.equal(missing.level, 'fail');
  assert.match(missing.fix, /apt-get install --no-install-recommends mariadb-server-core mariadb-client-core/);
  const wrongSeries = mariadbCheck({ ...cfg, versions: { ...cfg.versions, mariadb: '99.1' } });
  assert.equal(wrongSeries.level, 'fail', wrongSeries.detail);
  assert.match(wrongSeries.detail, /the lab is written for MariaDB 99\.1|not installed/);
});
