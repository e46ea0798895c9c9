/**
 * The VM's provisioning steps, run natively: fetch → render the bundle for an address → start each service
 * with the VM's own launcher (vagrant/provision/run-service.sh, the ExecStart of its systemd units) → health
 * through that address → topics and tables from the host → the host's job and dashboard pointed at it by the
 * single setting (LAB_STACK=vm + LAB_STACK_HOST). The "VM" here is a second lab on 127.0.0.2 (a loopback
 * alias: Linux routes all of 127.0.0.0/8 to lo), with ports one above the main test lab's and its own LAB_HOME,
 * so the lab scripts/run-tests.js started is not disturbed. Everything it starts is stopped at the end.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { JVM_SERVICE_NAMES, labPaths, loadConfig, PORT_ENV, SERVICE_NAMES, vmSettings, type LabConfig, type PortConfig } from '../../src/config';
import { readTruth } from '../../src/generator';
import { down, startPipeline } from '../../src/lab/lifecycle';
import { isOurs, labMarker, type PidRecord } from '../../src/process/pid-process';
import { status } from '../../src/lab/status';
import { renderBundle, type Bundle } from '../../src/vm/bundle';
import { waitHealthy, provisionFromHost } from '../../src/lab/vm';
import type { VmLayout } from '../../src/vm/layout';
import { eventually, tempDir, testConfig, uniqueDay } from '../helpers';

const ADDRESS = '127.0.0.2';
const root = path.resolve(__dirname, '..', '..', '..');
const runner = path.join(root, 'vagrant', 'provision', 'run-service.sh');
const main = testConfig();
const home = tempDir('vm-native');

// The one setting that moves every client: exported before any config is read, so the job and dashboard
// processes started below inherit it too. Ports: the main test lab's plus one.
process.env.LAB_STACK = 'vm';
process.env.LAB_STACK_HOST = ADDRESS;
process.env.LAB_HOME = home;
process.env.LAB_CACHE_DIR = main.cacheDir;
for (const key of Object.keys(PORT_ENV) as (keyof PortConfig)[]) process.env[PORT_ENV[key]] = String(main.ports[key] + 1);
const cfg: LabConfig = loadConfig();

function hostJavaHome(): string {
  if (process.env.JAVA_HOME) return process.env.JAVA_HOME;
  const java = fs.realpathSync(execFileSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' }).trim());
  return path.dirname(path.dirname(java));
}

const layout: VmLayout = {
  projectRoot: root,
  projectMount: root, // this machine plays the VM: the checkout is where it is
  generatedDir: path.join(home, 'generated'),
  dataDir: path.join(home, 'vm-data'),
  javaHome: hostJavaHome(),
  hostname: os.hostname(),
};
let bundle: Bundle;
const pids: Record<string, number> = {};

before(async () => {
  bundle = await renderBundle(cfg, vmSettings({}), layout, { quiet: true });
});

after(async () => {
  await down(cfg).catch((err) => console.error(`# down failed: ${String(err)}`));
  for (const [svc, pid] of Object.entries(pids)) {
    assert.ok(!isOurs({ pid, marker: labMarker(svc, cfg.home) } as PidRecord), `${svc} (pid ${pid}) was stopped`);
  }
  if (process.env.LAB_TEST_KEEP) console.log(`# kept ${home}`);
  else fs.rmSync(home, { recursive: true, force: true });
});

test('the single setting points the whole config at the address, on ports apart from the main test lab', () => {
  assert.equal(cfg.stack.target, 'vm');
  assert.equal(cfg.stack.host, ADDRESS);
  assert.equal(cfg.stack.bindHost, ADDRESS);
  assert.equal(cfg.ports.kafka, main.ports.kafka + 1);
  assert.notEqual(cfg.home, main.home);
});

test('the bundle carries the address in Kafka\'s, HBase\'s and Flume\'s configs and the native launch logic', () => {
  const conf = (svc: string, file: string) => fs.readFileSync(path.join(layout.generatedDir, 'conf', svc, file), 'utf8');
  assert.match(conf('kafka', 'server.properties'), new RegExp(`^advertised\\.listeners=PLAINTEXT://127\\.0\\.0\\.2:${cfg.ports.kafka}$`, 'm'));
  assert.match(conf('hbase', 'hbase-site.xml'), /<name>hbase\.unsafe\.regionserver\.hostname<\/name><value>127\.0\.0\.2<\/value>/);
  assert.match(conf('flume', 'flume.conf'), new RegExp(`bootstrap\\.servers = 127\\.0\\.0\\.2:${cfg.ports.kafka}`));
  for (const svc of JVM_SERVICE_NAMES) {
    const args = fs.readFileSync(path.join(layout.generatedDir, 'launch', `${svc}.args`), 'utf8').trim().split('\n');
    assert.ok(args.includes(`-D${labMarker(svc, cfg.home)}`), `${svc} launch file carries the lab's marker`);
    const cp = args[args.indexOf('-cp') + 1] ?? '';
    for (const jar of bundle.jars[svc].jars) assert.ok(cp.includes(jar), `${svc} classpath has ${path.basename(jar)}`);
  }
});

test('the VM launcher starts each service from its launch file; health passes through the address', async () => {
  const paths = labPaths(cfg);
  fs.mkdirSync(paths.run, { recursive: true });
  for (const svc of SERVICE_NAMES) {
    const child = spawn('bash', [runner, bundle.plan.paths.planEnv, svc], { detached: true, stdio: 'ignore' });
    child.unref();
    pids[svc] = child.pid as number;
    // A pid file like `lab up` writes, so that `down` (and this test's cleanup) stops it the same way.
    const rec: PidRecord = { pid: pids[svc], service: svc, marker: labMarker(svc, cfg.home), startedAt: new Date().toISOString(), command: runner };
    fs.writeFileSync(paths.pidFile(svc), JSON.stringify(rec));
  }
  const began = Date.now();
  // The database's user and tables, as services.sh makes them in the VM: over the server's socket, from the rendered SQL.
  execFileSync('bash', [path.join(root, 'vagrant', 'provision', 'mariadb-provision.sh'), bundle.plan.paths.planEnv], { encoding: 'utf8' });
  await waitHealthy(cfg);
  console.log(`# VM launcher: Kafka, HBase, Flume and MariaDB healthy at ${ADDRESS} in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  for (const svc of SERVICE_NAMES) {
    // The launcher exec'd the program with exactly the rendered arguments: the process is the launch file.
    const cmdline = fs.readFileSync(`/proc/${pids[svc]}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const launch = fs.readFileSync(path.join(layout.generatedDir, 'launch', `${svc}.args`), 'utf8').trim().split('\n');
    if (svc === 'mariadb') {
      assert.match(cmdline[0] ?? '', /\/mariadbd$/);
      // As root (CI) the launcher adds --user=root; the VM's unit runs it as the service user.
      assert.deepEqual(cmdline.slice(1), [...launch, ...(process.getuid?.() === 0 ? ['--user=root'] : [])], 'mariadb runs its launch file');
      continue;
    }
    assert.equal(cmdline[0], path.join(layout.javaHome, 'bin', 'java'));
    assert.deepEqual(cmdline.slice(1), launch, `${svc} runs its launch file`);
  }
  assert.match(fs.readFileSync(path.join(layout.dataDir, 'kafka', 'meta.properties'), 'utf8'), /cluster\.id=/, 'the launcher formatted KRaft storage');
  // Every socket the services listen on is on the lab's address: nothing on another interface or the wildcard.
  const listening = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' }).split('\n');
  for (const svc of SERVICE_NAMES) {
    const mine = listening.filter((l) => l.includes(`pid=${pids[svc]},`)).map((l) => l.trim().split(/\s+/)[3] ?? '');
    assert.ok(mine.length > 0, `${svc} listens`);
    for (const local of mine) assert.ok(local.startsWith(`${ADDRESS}:`), `${svc} listens on ${local}`);
  }
  const made = await provisionFromHost(cfg, bundle.jars);
  assert.ok(made.includes(`created topic ${cfg.topics.accessLog}`), made.join(', '));
});

test('a generated line reaches the host dashboard\'s /api/courses through Flume, Kafka, the job and HBase at the address', async () => {
  await startPipeline(cfg);
  const s = await status(cfg);
  assert.equal(s.target, 'vm');
  for (const svc of SERVICE_NAMES) assert.equal(s[svc].state, 'running', `${svc} healthy at ${s[svc].host}`);

  const day = uniqueDay();
  const start = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`;
  execFileSync(process.execPath, [path.join(root, 'bin', 'lab.js'), 'generate', '--lines', '300', '--start', start, '--days', '1', '--seed', `vm-${day}`, '--malformed', '0'], {
    env: process.env,
    stdio: 'ignore',
  });
  const truth = readTruth(path.join(labPaths(cfg).flumeLogDir, `bulk-vm-${day}.log.truth.json`));
  const expected = new Map(Object.entries(truth.course).map(([row, n]) => [Number(row.split('_')[1]), n]));
  assert.ok(expected.size > 0, 'the generator wrote course clicks');

  const url = `http://127.0.0.1:${cfg.ports.dashboard}/api/courses?day=${day}`;
  const body = await eventually('the generated clicks on the dashboard', async () => {
    const rows = (await (await fetch(url)).json()) as { courseId: number; clicks: number }[];
    const total = rows.reduce((a, r) => a + r.clicks, 0);
    return total === truth.counted ? rows : undefined;
  }, { timeoutMs: 60_000 });
  assert.deepEqual(new Map(body.map((r) => [r.courseId, r.clicks])), expected);
});
