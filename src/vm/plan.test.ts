import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { defaultConfig, loadConfig, vmSettings, type LabConfig } from '../config';
import { SERVICES } from '../stack/services';
import { defaultLayout } from './layout';
import { buildPlan, planEnv, renderVmConfigs, vaultRepoFile, vmClientHosts, vmMariaDbArgs } from './plan';

const vmEnv = (extra: Record<string, string> = {}) => ({ LAB_STACK: 'vm', ...extra });
function planFor(env: Record<string, string>) {
  const cfg: LabConfig = loadConfig({}, env);
  const vm = vmSettings(env);
  return { cfg, plan: buildPlan(cfg, vm, defaultLayout(cfg, vm)) };
}

test('the VM is the course\'s: centos/7, 8 GB, 4 CPUs, at 192.168.56.10 — and LAB_VM_BOX swaps the box', () => {
  const { plan } = planFor(vmEnv());
  assert.equal(plan.box, 'centos/7');
  assert.equal(plan.memoryMb, 8192);
  assert.equal(plan.cpus, 4);
  assert.equal(plan.address, '192.168.56.10');
  assert.equal(planFor(vmEnv({ LAB_VM_BOX: 'bento/rockylinux-9' })).plan.box, 'bento/rockylinux-9');
  assert.equal(plan.boxOverrideVariable, 'LAB_VM_BOX');
});

test('yum points at the CentOS 7.9.2009 vault for os, updates and extras', () => {
  const { plan } = planFor(vmEnv());
  assert.deepEqual(
    plan.centos.repos.map((r) => [r.id, r.baseurl]),
    [
      ['base', 'https://vault.centos.org/7.9.2009/os/$basearch/'],
      ['updates', 'https://vault.centos.org/7.9.2009/updates/$basearch/'],
      ['extras', 'https://vault.centos.org/7.9.2009/extras/$basearch/'],
    ],
  );
  const repo = vaultRepoFile(vmSettings({}));
  assert.equal((repo.match(/^baseurl=https:\/\/vault\.centos\.org\/7\.9\.2009\//gm) ?? []).length, 3);
  assert.doesNotMatch(repo, /mirrorlist/, 'no mirrorlist: mirrorlist.centos.org is gone');
  assert.equal((repo.match(/^gpgcheck=1$/gm) ?? []).length, 3, 'packages stay signature-checked');
});

test('the JDK is a pinned, checksummed Temurin 17 linux x64 build whose URL names the same version', () => {
  const { jdk } = planFor(vmEnv()).plan;
  assert.equal(jdk.major, 17);
  assert.match(jdk.sha256, /^[0-9a-f]{64}$/);
  const [feature, build] = jdk.version.split('+');
  assert.ok(jdk.url.startsWith('https://github.com/adoptium/temurin17-binaries/releases/download/'));
  assert.ok(jdk.url.includes(`jdk-${feature}%2B${build}/`), jdk.url);
  assert.ok(jdk.url.endsWith(`_x64_linux_hotspot_${feature}_${build}.tar.gz`), jdk.url);
  assert.ok(jdk.home.includes(jdk.version), 'one directory per version');
});

test('the VM runs the native stack\'s versions, heaps and ports', () => {
  const native = defaultConfig();
  const { plan } = planFor(vmEnv());
  assert.deepEqual(plan.versions, native.versions);
  assert.deepEqual(plan.heap, native.heap);
  assert.deepEqual(plan.ports, native.ports);
});

test('the address is rendered into Kafka\'s listeners and HBase\'s hostnames (read back from the rendered files)', () => {
  for (const address of ['192.168.56.10', '192.168.60.5']) {
    const { cfg, plan } = planFor(vmEnv({ LAB_STACK_HOST: address }));
    const settings = (file: string) => plan.configs.find((c) => path.posix.basename(c.file) === file)?.settings ?? {};
    const kafka = settings('server.properties');
    assert.equal(kafka['advertised.listeners'], `PLAINTEXT://${address}:${cfg.ports.kafka}`);
    assert.equal(kafka.listeners, `PLAINTEXT://${address}:${cfg.ports.kafka},CONTROLLER://${address}:${cfg.ports.kafkaController}`);
    const hbase = settings('hbase-site.xml');
    assert.equal(hbase['hbase.unsafe.regionserver.hostname'], address);
    assert.equal(hbase['hbase.master.hostname'], address);
    assert.equal(hbase['hbase.zookeeper.quorum'], address);
    assert.equal(settings('hosts').localhost, address, "HBase's ZooKeeper self-check reaches the address");
    assert.equal(settings('flume.conf')['a1.channels.c1.kafka.bootstrap.servers'], `${address}:${cfg.ports.kafka}`);
    assert.equal(settings('flume.conf')['a1.sources.r1.filegroups.f1'], `${plan.paths.flumeLogDir}/.*\\.log`);
  }
});

test('everything the VM reads is inside the synced checkout; its data is on its own disk', () => {
  const { plan } = planFor(vmEnv());
  for (const p of [plan.paths.home, plan.paths.logs, plan.paths.flumeLogDir, plan.paths.cacheDir, plan.paths.planEnv, plan.centos.repoFile]) {
    assert.ok(p.startsWith(`${plan.projectMount}/`), p);
  }
  assert.ok(!plan.paths.dataDir.startsWith(plan.projectMount), 'no Kafka or HBase data on the shared folder');
});

test('the firewall opens exactly the ports host clients use, from the same config (a moved port moves with it)', () => {
  const { cfg, plan } = planFor(vmEnv({ LAB_KAFKA_PORT: '19092' }));
  assert.deepEqual(
    plan.firewall.ports.map((p) => p.port).sort((a, b) => a - b),
    [cfg.ports.kafka, cfg.ports.zookeeper, cfg.ports.hbaseMaster, cfg.ports.hbaseRegionServer, cfg.ports.flumeMetrics, cfg.ports.mariadb].sort((a, b) => a - b),
  );
  assert.ok(plan.firewall.ports.some((p) => p.port === 19092));
  assert.ok(!plan.firewall.ports.some((p) => p.port === cfg.ports.kafkaController), 'the KRaft controller stays closed');
});

test('one systemd unit per service, ordered like the native start, stopping within its grace period', () => {
  const { plan } = planFor(vmEnv());
  assert.deepEqual(plan.units.map((u) => u.name), ['clickstream-kafka.service', 'clickstream-hbase.service', 'clickstream-flume.service', 'clickstream-mariadb.service']);
  const flume = plan.units.find((u) => u.service === 'flume');
  assert.deepEqual(flume?.after, ['clickstream-kafka.service']);
  for (const u of plan.units) assert.equal(u.stopTimeoutSec, SERVICES[u.service].stopGraceMs / 1000);
});

test('only SSH is forwarded, and only on the host\'s 127.0.0.1', () => {
  const { plan } = planFor(vmEnv());
  assert.deepEqual(plan.forwardedPorts, [{ id: 'ssh', guest: 22, host: 2222, hostIp: '127.0.0.1' }]);
});

test('plan.env carries the same decisions for the shell scripts, safely quoted', () => {
  const { plan } = planFor(vmEnv({ LAB_STACK_HOST: '192.168.57.3' }));
  const env = planEnv(plan);
  assert.match(env, /^LAB_VM_ADDRESS='192\.168\.57\.3'$/m);
  assert.match(env, new RegExp(`^LAB_VM_JDK_SHA256='${plan.jdk.sha256}'$`, 'm'));
  assert.match(env, new RegExp(`^LAB_VM_FIREWALL_PORTS=\\(${plan.firewall.ports.map((p) => `'${p.port}/tcp'`).join(' ')}\\)$`, 'm'));
  assert.match(env, /^LAB_VM_UNITS=\('clickstream-kafka\.service' 'clickstream-hbase\.service' 'clickstream-flume\.service' 'clickstream-mariadb\.service'\)$/m);
  assert.match(env, /^LAB_VM_MARIADB_PACKAGES=\('MariaDB-server' 'MariaDB-client'\)$/m);
});

test("the VM's database: the native server's settings on the VM's disk, run by the service user, its user for the host-only network", () => {
  const { plan } = planFor(vmEnv({ LAB_STACK_HOST: '192.168.57.3' }));
  const cfg = loadConfig({}, vmEnv({ LAB_STACK_HOST: '192.168.57.3' }));
  const layout = defaultLayout(cfg, vmSettings({}));
  const args = vmMariaDbArgs(cfg, layout);
  assert.ok(args.includes('--datadir=/var/lib/clickstream-lab/mariadb'), args.join(' '));
  assert.ok(args.includes(`--socket=${plan.mariadb.socket}`));
  assert.ok(args.includes('--bind-address=192.168.57.3'));
  assert.ok(!args.includes('--user=root'), 'never root in the VM');
  assert.equal(vmClientHosts('192.168.57.3'), '192.168.57.%');
  const sql = renderVmConfigs(cfg, layout).find((f) => f.service === 'mariadb');
  assert.match(sql?.text ?? '', /CREATE USER IF NOT EXISTS 'lab'@'192\.168\.57\.%'/);
});

test('VM settings from the environment are checked and explained', () => {
  assert.equal(vmSettings({ LAB_VM_MEMORY_MB: '4096', LAB_VM_CPUS: '2' }).memoryMb, 4096);
  assert.throws(() => vmSettings({ LAB_VM_MEMORY_MB: '1024' }), /LAB_VM_MEMORY_MB to be a whole number of at least 3072, got `1024`/);
  assert.throws(() => vmSettings({ LAB_VM_CPUS: 'four' }), /LAB_VM_CPUS/);
  assert.throws(() => vmSettings({ LAB_VM_SYNC: 'rsync' }), /virtualbox or nfs, got `rsync`/);
});
