import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../config';
import { DependencyError, LabError } from '../errors';
import { inVirtualBoxDefaultRange, vmDoctorChecks } from './doctor';
import { adviceFor, findOnPath, requireVagrant, vagrant } from './vagrant';

const cfg = loadConfig({}, { LAB_STACK: 'vm' });
const fixtures = path.join(cfg.projectRoot, 'test', 'fixtures');

/** A PATH holding only a `vagrant` that is our fixture (or nothing at all). */
function withFakeVagrant<T>(fake: boolean, fn: () => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clickstream-fakevagrant-'));
  if (fake) fs.symlinkSync(path.join(fixtures, 'fake-vagrant'), path.join(dir, 'vagrant'));
  const saved = process.env.PATH;
  // The fixture is a bash script (bash lives in /usr/bin); without it, PATH is only the empty folder.
  process.env.PATH = fake ? `${dir}:/usr/bin:/bin` : dir;
  const restore = () => {
    process.env.PATH = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const r = fn();
    if (r instanceof Promise) return r.finally(restore) as T;
    restore();
    return r;
  } catch (err) {
    restore();
    throw err;
  }
}

test('without vagrant on PATH the error says so and how to install it, or to run natively', () => {
  withFakeVagrant(false, () => {
    assert.equal(findOnPath('vagrant'), undefined);
    assert.throws(requireVagrant, (e: unknown) => {
      assert.ok(e instanceof DependencyError);
      assert.match(e.message, /Vagrant is not installed/);
      assert.match(e.hint ?? '', /apt-get install vagrant virtualbox/);
      assert.match(e.hint ?? '', /npx lab up` \(no VM needed\)/);
      return true;
    });
  });
});

test('a vagrant that cannot boot (no hypervisor) fails with its own words and the fix', async () => {
  await withFakeVagrant(true, async () => {
    await assert.rejects(vagrant(cfg, ['up', '--provision'], { quiet: true }), (e: unknown) => {
      assert.ok(e instanceof LabError);
      assert.match(e.message, /`vagrant up --provision` failed \(exit code 1\)/);
      assert.match(e.hint ?? '', /found no hypervisor\. Install VirtualBox/);
      assert.match(e.hint ?? '', /Vagrant said:\n.*No usable default provider/s);
      return true;
    });
  });
});

test('the learners\' usual vagrant failures each get their fix', () => {
  assert.match(adviceFor('The IP address configured for the host-only network is not within the allowed ranges.'), /\/etc\/vbox\/networks\.conf/);
  assert.match(adviceFor("mount: unknown filesystem type 'vboxsf'"), /vagrant-vbguest|LAB_VM_SYNC=nfs/);
  assert.match(adviceFor('VT-x is not available (VERR_VMX_NO_VMX)'), /virtuali[sz]ation/);
  assert.match(adviceFor('something new'), /README, "VM troubleshooting"/);
});

test('doctor --vm: VirtualBox\'s default host-only range, the host\'s memory against the VM\'s, and vagrant itself', () => {
  assert.ok(inVirtualBoxDefaultRange('192.168.56.10'));
  assert.ok(inVirtualBoxDefaultRange('192.168.63.254'));
  assert.ok(!inVirtualBoxDefaultRange('192.168.64.1'));
  assert.ok(!inVirtualBoxDefaultRange('10.0.0.5'));
  const gib = 1024 ** 3;
  const level = (checks: { name: string; level: string }[], name: string) => checks.find((c) => c.name === name)?.level;
  const small = withFakeVagrant(false, () => vmDoctorChecks(loadConfig({}, { LAB_STACK: 'vm', LAB_STACK_HOST: '10.0.0.5' }), undefined, 8 * gib));
  assert.equal(level(small, 'vagrant'), 'fail');
  assert.equal(level(small, 'memory (VM)'), 'warn', 'an 8 GB VM does not fit an 8 GB machine');
  assert.equal(level(small, 'vm address'), 'warn');
  assert.match(small.find((c) => c.name === 'vm address')?.fix ?? '', /networks\.conf/);
  const big = withFakeVagrant(true, () => vmDoctorChecks(cfg, undefined, 16 * gib));
  assert.equal(level(big, 'vagrant'), 'ok');
  assert.equal(level(big, 'memory (VM)'), 'ok');
  assert.equal(level(big, 'vm address'), 'ok');
});
