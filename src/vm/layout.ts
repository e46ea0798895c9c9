import * as path from 'node:path';
import { labPaths, type LabConfig, type VmSettings } from '../config';
import { ConfigError } from '../errors';

/**
 * Where things are on each side of the synced folder. The host renders everything (it has Node, the jar
 * cache and the templates); the VM sees the checkout at `projectMount` and keeps its data on its own disk.
 * A native run of the same files (the CI test) uses the checkout itself as the "mount".
 */
export interface VmLayout {
  /** The checkout on the host. */
  projectRoot: string;
  /** The checkout as the VM sees it (equal to projectRoot when the "VM" is this machine). */
  projectMount: string;
  /** Host folder of the rendered bundle: plan, configs, launch files, units (vagrant/.generated). */
  generatedDir: string;
  /** VM-local data directory (Kafka, HBase, ZooKeeper, Flume positions). */
  dataDir: string;
  /** The JDK that runs the services in the VM. */
  javaHome: string;
  /** The VM's host name (Vagrant sets it; HBase's JVM resolves it). */
  hostname: string;
}

export const GENERATED_DIR = path.join('vagrant', '.generated');

export function defaultLayout(cfg: LabConfig, vm: VmSettings): VmLayout {
  return {
    projectRoot: cfg.projectRoot,
    projectMount: vm.projectMount,
    generatedDir: path.join(cfg.projectRoot, GENERATED_DIR),
    dataDir: vm.dataDir,
    javaHome: vm.jdk.home,
    hostname: vm.hostname,
  };
}

function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** A host path as the VM sees it; only paths inside the synced checkout exist there. */
export function toVmPath(layout: VmLayout, hostPath: string, what = 'path'): string {
  const abs = path.resolve(hostPath);
  if (inside(layout.projectRoot, abs)) return path.posix.join(layout.projectMount, path.relative(layout.projectRoot, abs).split(path.sep).join('/'));
  if (layout.projectMount === layout.projectRoot) return abs;
  throw new ConfigError(`The VM cannot see ${what} ${abs}: only the checkout (${layout.projectRoot}) is synced into it`, {
    hint: 'Unset LAB_HOME and LAB_CACHE_DIR for the VM target (they default to .lab-vm/ in the checkout), or point them inside the checkout.',
  });
}

/** Rewrites every occurrence of a host checkout path inside an argument (classpaths hold several). */
export function argToVm(layout: VmLayout, arg: string): string {
  if (layout.projectMount === layout.projectRoot) return arg;
  const root = layout.projectRoot;
  return arg
    .split(path.delimiter)
    .map((part) => part.split(/([=@])/).map((piece) => (piece === root || piece.startsWith(`${root}/`) ? toVmPath(layout, piece) : piece)).join(''))
    .join(':');
}

/** The VM-side paths the plan and the scripts use. */
export function vmPaths(cfg: LabConfig, layout: VmLayout) {
  const p = labPaths(cfg);
  const gen = (...rel: string[]) => toVmPath(layout, path.join(layout.generatedDir, ...rel), 'the rendered bundle');
  return {
    home: toVmPath(layout, p.home, 'LAB_HOME'),
    logs: toVmPath(layout, p.logs, 'the log directory'),
    flumeLogDir: toVmPath(layout, p.flumeLogDir, "Flume's log directory"),
    cacheDir: toVmPath(layout, cfg.cacheDir, 'LAB_CACHE_DIR'),
    dataDir: layout.dataDir,
    javaHome: layout.javaHome,
    generated: gen(),
    planEnv: gen('plan.env'),
    planJson: gen('plan.json'),
    yumRepo: gen('CentOS-Vault-clickstream-lab.repo'),
    mariadbRepo: gen('MariaDB-clickstream-lab.repo'),
    launch: (name: string) => gen('launch', `${name}.args`),
    launchDir: gen('launch'),
    confDir: (svc: string) => gen('conf', svc),
    unitDir: gen('systemd'),
    provisionDir: path.posix.join(layout.projectMount, 'vagrant', 'provision'),
  };
}
