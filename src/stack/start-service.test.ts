import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { labPaths, loadConfig } from '../config';
import { ServiceStartError, ServiceTimeoutError } from '../errors';
import type { ComponentJars } from './fetch';
import { isAlive, labMarker, readPidFile } from '../process/pid-process';
import type { JvmServiceDefinition } from './services';
import { startService } from './start-service';

/** Fixture services: real `java` processes that fail in known ways, instead of real Kafka/HBase/Flume. */
function fixtureConfig() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'clickstream-start-'));
  return loadConfig({}, { LAB_HOME: home, LAB_START_TIMEOUT_MS: '2000' });
}

const noJars: ComponentJars = { name: 'flume', dir: '', classpath: '', jars: [], downloadedBytes: 0, fromCache: true };

function fixture(javaArgs: string[], check: JvmServiceDefinition['check']): JvmServiceDefinition {
  return {
    runtime: 'java',
    name: 'flume',
    after: [],
    stopGraceMs: 2000,
    ports: () => [],
    prepare: async () => undefined,
    javaArgs: async () => javaArgs,
    check,
  };
}

test('a service that dies while starting: the error gives the exit code, the log lines that matter, and the log file', async () => {
  const cfg = fixtureConfig();
  const def = fixture(['-XX:+ThisOptionDoesNotExist', '-version'], async () => 'never healthy');
  await assert.rejects(startService(cfg, def, noJars), (err: unknown) => {
    assert.ok(err instanceof ServiceStartError);
    assert.match(err.message, /flume died while starting \(exit code 1/);
    assert.equal(err.exitCode, 1);
    assert.equal(err.logFile, labPaths(cfg).serviceLog('flume'));
    assert.ok(err.logTail.some((l) => /Could not create the Java Virtual Machine|Unrecognized VM option/.test(l)), err.logTail.join('\n'));
    assert.match(err.hint ?? '', new RegExp(err.logFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    return true;
  });
});

test('a service that never becomes healthy times out, and its process is stopped', async () => {
  const cfg = fixtureConfig();
  // A JVM that keeps running: a single-file program that sleeps (java runs .java sources directly).
  const src = path.join(cfg.home, 'Forever.java');
  fs.mkdirSync(cfg.home, { recursive: true });
  fs.writeFileSync(src, 'public class Forever { public static void main(String[] a) throws Exception { Thread.sleep(600_000); } }\n');
  const def = fixture([`-D${labMarker('flume', cfg.home)}`, src], async () => 'still waiting');
  const began = Date.now();
  await assert.rejects(startService(cfg, def, noJars), (err: unknown) => {
    assert.ok(err instanceof ServiceTimeoutError);
    assert.match(err.message, /did not become healthy within 2 s \(last check: still waiting\); stopped it/);
    return true;
  });
  assert.ok(Date.now() - began < 15_000);
  const rec = readPidFile(labPaths(cfg).pidFile('flume'));
  assert.ok(rec, 'the pid file was written');
  assert.equal(isAlive(rec.pid), false, 'the timed-out process is gone');
});
