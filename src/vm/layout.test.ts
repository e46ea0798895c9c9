import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig, vmSettings } from '../config';
import { argToVm, defaultLayout, toVmPath, type VmLayout } from './layout';

const layout: VmLayout = { projectRoot: '/home/ann/lab', projectMount: '/opt/clickstream-lab', generatedDir: '/home/ann/lab/vagrant/.generated', dataDir: '/var/lib/clickstream-lab', javaHome: '/opt/jdk', hostname: 'vm' };

test('host paths inside the checkout map to the mount; outside it is an error that says what to do', () => {
  assert.equal(toVmPath(layout, '/home/ann/lab/.lab-vm/logs'), '/opt/clickstream-lab/.lab-vm/logs');
  assert.equal(toVmPath(layout, '/home/ann/lab'), '/opt/clickstream-lab');
  assert.throws(() => toVmPath(layout, '/home/ann/lab2/x', 'LAB_HOME'), /cannot see LAB_HOME \/home\/ann\/lab2\/x.*only the checkout/);
  assert.throws(() => toVmPath(layout, '/home/ann/.cache/clickstream-lab'), (e: Error & { hint?: string }) => /LAB_CACHE_DIR/.test(e.hint ?? ''));
});

test('java arguments are rewritten entry by entry: classpaths, -D values, the lab marker', () => {
  assert.equal(argToVm(layout, '/home/ann/lab/a.jar:/usr/share/x.jar:/home/ann/lab/b.jar'), '/opt/clickstream-lab/a.jar:/usr/share/x.jar:/opt/clickstream-lab/b.jar');
  assert.equal(argToVm(layout, '-Dlog4j2.configurationFile=/home/ann/lab/conf/l.properties'), '-Dlog4j2.configurationFile=/opt/clickstream-lab/conf/l.properties');
  assert.equal(argToVm(layout, '-Dclickstream.lab=kafka@/home/ann/lab/.lab-vm'), '-Dclickstream.lab=kafka@/opt/clickstream-lab/.lab-vm');
  assert.equal(argToVm(layout, '/home/ann/lab2/c.jar'), '/home/ann/lab2/c.jar', 'a sibling folder is not the checkout');
  assert.equal(argToVm(layout, 'kafka.Kafka'), 'kafka.Kafka');
});

test('the VM target keeps its home and jar cache in the checkout (.lab-vm/), apart from the native .lab/', () => {
  const cfg = loadConfig({}, { LAB_STACK: 'vm' });
  const l = defaultLayout(cfg, vmSettings({}));
  assert.equal(toVmPath(l, cfg.home), '/opt/clickstream-lab/.lab-vm');
  assert.equal(toVmPath(l, cfg.cacheDir), '/opt/clickstream-lab/.lab-vm/cache');
  assert.notEqual(cfg.home, loadConfig({}, {}).home);
  assert.equal(loadConfig({}, { LAB_STACK: 'vm', LAB_HOME: '/tmp/x' }).home, '/tmp/x', 'LAB_HOME still wins');
});
