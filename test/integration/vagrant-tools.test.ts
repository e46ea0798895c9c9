/**
 * What can be checked of the Vagrant path without a hypervisor: the Vagrantfile loads and validates with
 * Debian's vagrant (default box and the LAB_VM_BOX override), also in a fresh clone after `npm ci` with nothing
 * rendered by hand (it builds the lab and renders the plan itself), every provisioning script passes shellcheck,
 * the provisioning in dry-run mode takes the CentOS 7 decisions from the rendered plan, and the JDK step
 * really verifies its checksum and is idempotent (against a local tarball).
 * Under CI=true a missing vagrant, git or shellcheck fails these tests (.ci/run installs them); elsewhere they skip.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { loadConfig, vmSettings } from '../../src/config';
import { renderBundle, type Bundle } from '../../src/vm/bundle';
import { findOnPath } from '../../src/vm/vagrant';
import { tempDir } from '../helpers';

const root = path.resolve(__dirname, '..', '..', '..');
const vagrantDir = path.join(root, 'vagrant');
const provision = path.join(vagrantDir, 'provision');
const work = tempDir('vagrant-tools');

/** True when the tool is there; skips the test (or fails it under CI) when not. */
function need(t: TestContext, tool: string): boolean {
  if (findOnPath(tool)) return true;
  assert.notEqual(process.env.CI, 'true', `${tool} is missing; .ci/run installs it (apt-get install ${tool})`);
  t.skip(`${tool} is not installed (apt-get install ${tool}); CI runs this`);
  return false;
}

// The plan as `lab vm plan --json` prints it (LAB_STACK=vm is implied by the `vm` command).
const planFile = path.join(work, 'plan.json');
let bundle: Bundle;

before(async () => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'lab.js'), 'vm', 'plan', '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  fs.writeFileSync(planFile, r.stdout);
  // The full bundle for the VM's default address, the checkout standing in for the synced folder.
  const env = { ...process.env, LAB_STACK: 'vm', LAB_STACK_HOST: '', LAB_HOME: path.join(work, 'home'), LAB_CACHE_DIR: loadConfig().cacheDir };
  const cfg = loadConfig({}, env);
  const vm = vmSettings({});
  bundle = await renderBundle(cfg, vm, { projectRoot: root, projectMount: root, generatedDir: path.join(work, 'generated'), dataDir: path.join(work, 'data'), javaHome: vm.jdk.home, hostname: vm.hostname }, { quiet: true });
});

after(() => fs.rmSync(work, { recursive: true, force: true }));

function validate(extraEnv: NodeJS.ProcessEnv) {
  return spawnSync('vagrant', ['validate', '--ignore-provider'], {
    cwd: vagrantDir,
    encoding: 'utf8',
    // Vagrant's own state goes to the temp folder, not into the checkout or ~/.vagrant.d.
    env: { ...process.env, VAGRANT_HOME: path.join(work, 'vagrant.d'), VAGRANT_DOTFILE_PATH: path.join(work, 'dot-vagrant'), LAB_VM_PLAN: planFile, ...extraEnv },
    timeout: 120_000,
  });
}

test('`vagrant validate` passes with the default box and with LAB_VM_BOX', (t) => {
  if (!need(t, 'vagrant')) return;
  for (const env of [{}, { LAB_VM_BOX: 'bento/rockylinux-9' }]) {
    const r = validate(env);
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /Vagrantfile validated successfully/);
  }
});

test('LAB_VM_PLAN naming a missing file stops the Vagrantfile, which says what to do', (t) => {
  if (!need(t, 'vagrant')) return;
  const r = validate({ LAB_VM_PLAN: path.join(work, 'missing.json') });
  assert.notEqual(r.status, 0);
  assert.match(`${r.stdout}${r.stderr}`, /missing\.json \(LAB_VM_PLAN\) is missing[\s\S]*unset LAB_VM_PLAN[\s\S]*npx lab vm plan --json/);
});

/**
 * A fresh clone: the checkout's files as committing them would leave them (tracked and new, not ignored; none
 * that is deleted), so no dist/, no vagrant/.generated/, no .lab-vm/; node_modules linked in for `npm ci`.
 */
const NOT_IN_A_CLONE = ['node_modules', 'dist', '.lab', '.lab-vm', 'test-output', 'vagrant/.generated', 'vagrant/.vagrant'];
let clone: string | undefined;
function freshClone(): string {
  if (clone) return clone;
  const dir = path.join(work, 'fresh-clone');
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  for (const rel of new Set(listed.split('\0').filter(Boolean))) {
    if (NOT_IN_A_CLONE.some((p) => rel === p || rel.startsWith(`${p}/`))) continue;
    const from = path.join(root, rel);
    const to = path.join(dir, rel);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(from);
    } catch {
      continue; // deleted in the work tree: a commit would not have it
    }
    fs.mkdirSync(path.dirname(to), { recursive: true });
    if (st.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else if (st.isFile()) fs.copyFileSync(from, to);
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  clone = dir;
  return dir;
}

/** `vagrant <args>` in the clone's vagrant/, with none of the lab's settings from this test run (LAB_HOME ...). */
function vagrantIn(dir: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const env: NodeJS.ProcessEnv = { VAGRANT_HOME: path.join(work, 'vagrant.d'), VAGRANT_DOTFILE_PATH: path.join(work, 'dot-vagrant-clone') };
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('LAB_') && !k.startsWith('VAGRANT_')) env[k] = v;
  const began = Date.now();
  const r = spawnSync('vagrant', args, { cwd: path.join(dir, 'vagrant'), encoding: 'utf8', env: { ...env, ...extraEnv }, timeout: 600_000 });
  return { ...r, ms: Date.now() - began, out: `${r.stdout}\n${r.stderr}` };
}

// No hypervisor here, so `--ignore-provider`: without it vagrant stops at "could not detect VirtualBox".
const VALIDATE = ['validate', '--ignore-provider'];

test('fresh clone + `npm ci`: a bare `vagrant validate` builds the lab, renders the plan and passes; it re-renders only a stale plan', (t) => {
  if (!need(t, 'vagrant') || !need(t, 'git')) return;
  const dir = freshClone();
  const planJson = path.join(dir, 'vagrant', '.generated', 'plan.json');
  assert.ok(!fs.existsSync(path.join(dir, 'dist')) && !fs.existsSync(path.dirname(planJson)), 'nothing built or rendered by hand');

  const fresh = vagrantIn(dir, VALIDATE);
  assert.equal(fresh.status, 0, fresh.out);
  assert.match(fresh.stdout, /Vagrantfile validated successfully/);
  assert.match(fresh.stderr, /clickstream-lab: building the lab \(`npm run build`: no dist\/ yet\)/);
  assert.match(fresh.stderr, /clickstream-lab: rendered .*plan\.json \(it was missing\)/);
  const plan = JSON.parse(fs.readFileSync(planJson, 'utf8')) as { box: string; address: string; memoryMb: number };
  assert.deepEqual([plan.box, plan.address, plan.memoryMb], ['centos/7', '192.168.56.10', 8192]);
  const rendered = fs.statSync(planJson).mtimeMs;

  const warm = vagrantIn(dir, VALIDATE);
  assert.equal(warm.status, 0, warm.out);
  assert.doesNotMatch(warm.stderr, /building|rendered/, 'built and up to date: nothing to do');
  assert.equal(fs.statSync(planJson).mtimeMs, rendered, 'plan.json left alone');
  t.diagnostic(`vagrant validate: ${fresh.ms} ms fresh (build + plan), ${warm.ms} ms warm`);

  const changed = vagrantIn(dir, VALIDATE, { LAB_VM_MEMORY_MB: '4096' });
  assert.equal(changed.status, 0, changed.out);
  assert.match(changed.stderr, /rendered .*plan\.json \(it was out of date\)/);
  assert.equal((JSON.parse(fs.readFileSync(planJson, 'utf8')) as { memoryMb: number }).memoryMb, 4096);
});

test('without Node or without `npm ci` the Vagrantfile says what is missing and what to do; a plan rendered before still serves', (t) => {
  if (!need(t, 'vagrant') || !need(t, 'git')) return;
  const dir = freshClone();
  const generated = path.join(dir, 'vagrant', '.generated');
  if (!fs.existsSync(path.join(generated, 'plan.json'))) assert.equal(vagrantIn(dir, VALIDATE).status, 0);
  // A PATH with vagrant (and the ruby its launcher may need) but no node.
  const bin = path.join(work, 'no-node-bin');
  fs.mkdirSync(bin, { recursive: true });
  for (const tool of ['vagrant', 'ruby']) {
    const found = findOnPath(tool);
    if (found && !fs.existsSync(path.join(bin, tool))) fs.symlinkSync(found, path.join(bin, tool));
  }
  const noNode = { PATH: bin };

  const stale = vagrantIn(dir, VALIDATE, noNode);
  assert.equal(stale.status, 0, stale.out);
  assert.match(stale.stderr, /warning: cannot re-render the VM's plan: Node\.js is not installed \(no `node` on PATH\); using .*plan\.json as rendered before/);

  const aside = `${generated}.aside`;
  fs.renameSync(generated, aside);
  try {
    const none = vagrantIn(dir, VALIDATE, noNode);
    assert.notEqual(none.status, 0);
    assert.match(none.stderr, /clickstream-lab: cannot render the VM's plan \(vagrant\/\.generated\/\): Node\.js is not installed \(no `node` on PATH\)\./);
    assert.match(none.stderr, /what to do: install Node\.js 20 or newer \(https:\/\/nodejs\.org\/\), run `npm ci` in .*, then retry `vagrant validate --ignore-provider`\./);

    fs.unlinkSync(path.join(dir, 'node_modules'));
    const noInstall = vagrantIn(dir, VALIDATE);
    assert.notEqual(noInstall.status, 0);
    assert.match(noInstall.stderr, /cannot render the VM's plan \(vagrant\/\.generated\/\): the lab's packages are not installed \(no node_modules\/ in .*\)\./);
    assert.match(noInstall.stderr, /what to do: run `npm ci` in .*, then retry `vagrant validate --ignore-provider`\./);
    assert.ok(!fs.existsSync(generated), 'nothing rendered');
  } finally {
    if (!fs.existsSync(path.join(dir, 'node_modules'))) fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    fs.rmSync(generated, { recursive: true, force: true });
    fs.renameSync(aside, generated);
  }
});

test('`vagrant provision` (and up, reload) renders the whole bundle first, as `lab vm render` does', (t) => {
  if (!need(t, 'vagrant') || !need(t, 'git')) return;
  const dir = freshClone();
  // The jars the before() hook made sure of, where the VM target keeps them (a clone would fetch them once).
  fs.mkdirSync(path.join(dir, '.lab-vm'), { recursive: true });
  if (!fs.existsSync(path.join(dir, '.lab-vm', 'cache'))) fs.symlinkSync(loadConfig().cacheDir, path.join(dir, '.lab-vm', 'cache'));
  // Without a hypervisor vagrant then stops (with one, it finds no VM in its temp state): only the render counts.
  const r = vagrantIn(dir, ['provision']);
  assert.match(r.stderr, /clickstream-lab: rendered \d+ files into .*\.generated \(\d+ changed\) for 192\.168\.56\.10/, r.out);
  const generated = path.join(dir, 'vagrant', '.generated');
  for (const f of ['plan.json', 'plan.env', 'launch/kafka.args', 'systemd/clickstream-hbase.service']) assert.ok(fs.existsSync(path.join(generated, f)), f);
  assert.match(fs.readFileSync(path.join(generated, 'launch', 'kafka.args'), 'utf8'), /^\/opt\/clickstream-lab\/\.lab-vm\/cache\/jars\//m);
  const again = vagrantIn(dir, ['provision']);
  assert.match(again.stderr, /rendered \d+ files into .* \(0 changed\)/, again.out);
});

test('shellcheck passes on every provisioning script', (t) => {
  if (!need(t, 'shellcheck')) return;
  const scripts = fs.readdirSync(provision).filter((f) => f.endsWith('.sh')).map((f) => path.join(provision, f));
  assert.ok(scripts.some((s) => s.endsWith('run-service.sh')) && scripts.length >= 6, scripts.join(', '));
  const r = spawnSync('shellcheck', ['-x', '--shell=bash', ...scripts], { cwd: provision, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout);
});

test('`lab up --vm` without vagrant stops at once with the fix, before fetching anything', () => {
  const began = Date.now();
  // PATH without vagrant (node itself is started by absolute path).
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'lab.js'), 'up', '--vm'], {
    encoding: 'utf8',
    env: { ...process.env, PATH: path.join(work, 'empty-path'), LAB_HOME: path.join(work, 'no-vagrant-home') },
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Error: Vagrant is not installed/);
  assert.match(r.stderr, /what to do: Install Vagrant and VirtualBox/);
  assert.ok(Date.now() - began < 15_000, 'no jar fetch before the check');
  assert.ok(!fs.existsSync(path.join(work, 'no-vagrant-home')), 'nothing was rendered');
});

function dryRun(osRelease: string, firewall: string): string {
  const release = path.join(work, `os-release-${firewall}`);
  fs.writeFileSync(release, osRelease);
  return execFileSync('bash', [path.join(provision, 'provision.sh'), bundle.plan.paths.planEnv], {
    encoding: 'utf8',
    env: { ...process.env, DRY_RUN: '1', LAB_VM_OS_RELEASE: release, LAB_VM_FIREWALL_BACKEND: firewall },
  });
}

test('provisioning (dry run) on CentOS 7: vault repos, pinned JDK 17 with its checksum, lab ports on the private interface, units', () => {
  const plan = bundle.plan;
  const out = dryRun('NAME="CentOS Linux"\nID="centos"\nVERSION_ID="7"\n', 'firewalld');
  assert.match(out, /CentOS 7: yum uses the vault for 7\.9\.2009/);
  assert.ok(out.includes(`+ install -D -m 0644 ${plan.centos.repoFile} /etc/yum.repos.d/CentOS-Vault-clickstream-lab.repo`), out);
  assert.match(fs.readFileSync(plan.centos.repoFile, 'utf8'), /baseurl=https:\/\/vault\.centos\.org\/7\.9\.2009\/os\/\$basearch\//);
  assert.match(out, /\+ yum install -y -q .*firewalld/);
  assert.ok(out.includes(`+ curl -fsSL --retry 3 -o `) && out.includes(plan.jdk.url), 'downloads the pinned JDK');
  assert.ok(out.includes(`expects ${plan.jdk.sha256}`), 'checks its SHA-256');
  for (const p of plan.firewall.ports) assert.ok(out.includes(`--zone=clickstream-lab --add-port=${p.port}/tcp`), `opens ${p.port}`);
  assert.equal((out.match(/--add-port=/g) ?? []).length, plan.firewall.ports.length, 'and nothing else');
  assert.ok(out.includes(`--change-interface=<interface of ${plan.address}>`), 'on the private interface only');
  for (const u of plan.units) assert.ok(out.includes(`/etc/systemd/system/${u.name}`), `installs ${u.name}`);
  assert.match(out, /\+ systemctl enable clickstream-kafka\.service clickstream-hbase\.service clickstream-flume\.service clickstream-mariadb\.service/);
  // The relational store: MariaDB's own 10.11 repository (CentOS 7's is 5.5), its packages, then the lab's database.
  assert.ok(out.includes(`+ install -D -m 0644 ${plan.mariadb.repoFile} /etc/yum.repos.d/MariaDB-clickstream-lab.repo`), out);
  assert.match(fs.readFileSync(plan.mariadb.repoFile, 'utf8'), /baseurl=https:\/\/archive\.mariadb\.org\/mariadb-10\.11\/yum\/centos7-amd64/);
  assert.match(out, /\+ yum install -y -q .*MariaDB-server MariaDB-client/);
  assert.ok(out.includes(`+ mariadb --no-defaults --protocol=socket --socket=${plan.mariadb.socket} --user=root <${plan.mariadb.provisionSql}`), out);
  assert.ok(out.indexOf('systemctl start') < out.indexOf('+ mariadb '), 'provisioned once the server was started');
});

test('provisioning (dry run) on a Rocky/Alma box skips the vault; without firewalld it uses an iptables chain', () => {
  const plan = bundle.plan;
  const out = dryRun('NAME="Rocky Linux"\nID="rocky"\nVERSION_ID="9.4"\n', 'iptables');
  assert.doesNotMatch(out, /vault/);
  assert.match(out, /\+ (dnf|yum) install -y -q .*MariaDB-server MariaDB-client/);
  assert.match(out, /\+ install -D -m 0644 \S+ \/etc\/yum\.repos\.d\/MariaDB-clickstream-lab\.repo/, 'MariaDB 10.11 from its own EL9 repository');
  for (const p of plan.firewall.ports) assert.ok(out.includes(`-A CLICKSTREAM_LAB -p tcp --dport ${p.port} -j ACCEPT`), `opens ${p.port}`);
  assert.match(out, /-A CLICKSTREAM_LAB -j REJECT/);
  assert.ok(out.includes(`-I INPUT -i <interface of ${plan.address}> -j CLICKSTREAM_LAB`));
});

test('the JDK step installs only a tarball matching its SHA-256, and a second run changes nothing', () => {
  // A stand-in "JDK" tarball served from a file:// URL: same script, same checks, no download.
  const src = path.join(work, 'fake-jdk', 'jdk-17.0.11+9-jre');
  fs.mkdirSync(path.join(src, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(src, 'bin', 'java'), '#!/bin/sh\necho "openjdk version 17.0.11 (fake)"\n', { mode: 0o755 });
  fs.writeFileSync(path.join(src, 'release'), 'JAVA_RUNTIME_VERSION="17.0.11+9"\n');
  const tarball = path.join(work, 'fake-jdk.tar.gz');
  execFileSync('tar', ['-czf', tarball, '-C', path.dirname(src), path.basename(src)]);
  const sha = crypto.createHash('sha256').update(fs.readFileSync(tarball)).digest('hex');
  const javaHome = path.join(work, 'jdk-home', 'jdk-17.0.11+9-jre');
  const planEnv = (digest: string) => {
    const file = path.join(work, `plan-jdk-${digest.slice(0, 8)}.env`);
    const body = fs
      .readFileSync(bundle.plan.paths.planEnv, 'utf8')
      .replace(/^LAB_VM_JDK_URL=.*$/m, `LAB_VM_JDK_URL='file://${tarball}'`)
      .replace(/^LAB_VM_JDK_SHA256=.*$/m, `LAB_VM_JDK_SHA256='${digest}'`)
      .replace(/^LAB_VM_JAVA_HOME=.*$/m, `LAB_VM_JAVA_HOME='${javaHome}'`);
    fs.writeFileSync(file, body);
    return file;
  };
  const jdk = (plan: string) => spawnSync('bash', [path.join(provision, 'jdk.sh'), plan], { encoding: 'utf8' });

  const bad = jdk(planEnv('0'.repeat(64)));
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /does not match its pinned SHA-256/);
  assert.ok(!fs.existsSync(javaHome), 'nothing unpacked from a tarball that failed its check');

  const first = jdk(planEnv(sha));
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /installing JDK 17\.0\.11\+9/);
  assert.match(fs.readFileSync(path.join(javaHome, 'release'), 'utf8'), /17\.0\.11\+9/);
  const second = jdk(planEnv(sha));
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stdout, /already in/);
  assert.doesNotMatch(second.stdout, /installing/);
});

test('the services step restarts only what changed: nothing on a second run, only Flume after its config changed', () => {
  // systemctl and install stand-ins record what the script asks for; files go to a temp tree, not /etc.
  const bin = path.join(work, 'fake-bin');
  const calls = path.join(work, 'systemctl.calls');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'systemctl'), `#!/bin/sh\necho "systemctl $*" >> '${calls}'\n`, { mode: 0o755 });
  // The database client: answers, and records the SQL it was given.
  fs.writeFileSync(path.join(bin, 'mariadb'), `#!/bin/sh\necho "mariadb $*" >> '${calls}'\ncat >> '${calls}'\n`, { mode: 0o755 });
  // install without -o/-g (no vagrant user here), otherwise the real one.
  fs.writeFileSync(path.join(bin, 'install'), '#!/bin/bash\na=(); while [ $# -gt 0 ]; do case "$1" in -o|-g) shift 2;; *) a+=("$1"); shift;; esac; done\nexec /usr/bin/install "${a[@]}"\n', { mode: 0o755 });
  const planFile = path.join(work, 'plan-services.env');
  fs.writeFileSync(
    planFile,
    fs
      .readFileSync(bundle.plan.paths.planEnv, 'utf8')
      .replace(/^LAB_VM_RUNNER=.*$/m, `LAB_VM_RUNNER='${path.join(work, 'libexec', 'run-service.sh')}'`)
      .replace(/^LAB_VM_DATA_DIR=.*$/m, `LAB_VM_DATA_DIR='${path.join(work, 'services-data')}'`),
  );
  const runOnce = () => {
    fs.rmSync(calls, { force: true });
    execFileSync('bash', [path.join(provision, 'services.sh'), planFile], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, LAB_VM_SYSTEMD_DIR: path.join(work, 'systemd') },
    });
    return fs.readFileSync(calls, 'utf8');
  };
  const units = bundle.plan.units.map((u) => u.name).join(' ');
  const first = runOnce();
  assert.match(first, /^systemctl daemon-reload$/m);
  assert.ok(first.includes(`systemctl restart ${units}`), first);
  assert.ok(fs.existsSync(path.join(work, 'systemd', 'clickstream-kafka.service')));
  assert.match(first, /CREATE TABLE IF NOT EXISTS course_clickcount/, 'the database was provisioned with the rendered SQL');

  const second = runOnce();
  assert.doesNotMatch(second, /restart|daemon-reload/, 'a second provisioning restarts nothing');
  assert.ok(second.includes(`systemctl start ${units}`), 'but makes sure everything runs');

  const flumeConf = path.join(work, 'generated', 'conf', 'flume', 'flume.conf');
  const original = fs.readFileSync(flumeConf, 'utf8');
  fs.appendFileSync(flumeConf, '# changed\n');
  try {
    assert.match(runOnce(), /^systemctl restart clickstream-flume\.service$/m);
  } finally {
    fs.writeFileSync(flumeConf, original);
  }
});

test('rendering again changes no file, so `vagrant provision` restarts nothing', async () => {
  const env = { ...process.env, LAB_STACK: 'vm', LAB_STACK_HOST: '', LAB_HOME: path.join(work, 'home'), LAB_CACHE_DIR: loadConfig().cacheDir };
  const vm = vmSettings({});
  const again = await renderBundle(loadConfig({}, env), vm, { projectRoot: root, projectMount: root, generatedDir: path.join(work, 'generated'), dataDir: path.join(work, 'data'), javaHome: vm.jdk.home, hostname: vm.hostname }, { quiet: true });
  assert.deepEqual(again.changed, []);
  assert.deepEqual(again.files, bundle.files);
});

test('for the real VM no host path leaks into the bundle: everything is under the synced mount or on the VM\'s disk', async () => {
  // Home, bundle and (a link to the shared) jar cache inside the checkout, as `lab vm render` has them.
  fs.mkdirSync(path.join(root, 'test-output'), { recursive: true });
  const scratch = fs.mkdtempSync(path.join(root, 'test-output', 'vm-bundle-'));
  try {
    fs.symlinkSync(loadConfig().cacheDir, path.join(scratch, 'cache'));
    const env = { ...process.env, LAB_STACK: 'vm', LAB_STACK_HOST: '', LAB_HOME: path.join(scratch, 'home'), LAB_CACHE_DIR: path.join(scratch, 'cache') };
    const cfg = loadConfig({}, env);
    const vm = vmSettings({});
    const generatedDir = path.join(scratch, 'generated');
    const b = await renderBundle(cfg, vm, { projectRoot: root, projectMount: vm.projectMount, generatedDir, dataDir: vm.dataDir, javaHome: vm.jdk.home, hostname: vm.hostname }, { quiet: true });
    for (const file of b.files) {
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!text.includes(`${root}/`), `${path.relative(root, file)} mentions the host checkout`);
    }
    const kafkaArgs = fs.readFileSync(path.join(generatedDir, 'launch', 'kafka.args'), 'utf8').split('\n');
    const cp = kafkaArgs[kafkaArgs.indexOf('-cp') + 1] ?? '';
    assert.ok(cp.split(':').every((jar) => jar.startsWith(`${vm.projectMount}/test-output/`)), cp.slice(0, 200));
    assert.match(fs.readFileSync(path.join(generatedDir, 'conf', 'kafka', 'server.properties'), 'utf8'), new RegExp(`^log\\.dirs=${vm.dataDir}/kafka$`, 'm'));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});

test('the rendered units start the launcher with the plan, as the VM\'s service user', () => {
  for (const u of bundle.plan.units) {
    const text = fs.readFileSync(path.join(work, 'generated', 'systemd', u.name), 'utf8');
    assert.match(text, new RegExp(`^ExecStart=${bundle.plan.paths.runner} ${bundle.plan.paths.planEnv} ${u.service}$`, 'm'));
    assert.match(text, /^User=vagrant$/m);
    assert.match(text, /^WantedBy=multi-user\.target$/m, 'enabled units come back after `vagrant reload`');
  }
});
