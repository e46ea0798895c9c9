import * as fs from 'node:fs';
import * as path from 'node:path';
import { JVM_SERVICE_NAMES, labPaths, type JvmServiceName, type LabConfig, type LabPaths, type ServiceName, type VmSettings } from '../config';
import { LabError } from '../errors';
import { ensureStack, type ComponentJars } from '../stack/fetch';
import { JVM_SERVICES } from '../stack/services';
import { formatStorageArgs, newClusterId } from '../stack/services/kafka';
import { argToVm, type VmLayout } from './layout';
import { buildPlan, mariadbRepoFile, planEnv, renderVmConfigs, vaultRepoFile, vmMariaDbArgs, type VmPlan } from './plan';
import { unitFile } from './units';

/**
 * `lab vm render`: everything the VM runs, rendered on the host into vagrant/.generated/ — the plan, the
 * configs for the VM's address, one launch file per service (the exact `java` arguments the native stack
 * computes, paths rewritten for the synced folder) and the systemd units. The VM needs neither Node nor Maven.
 */
export interface Bundle {
  plan: VmPlan;
  /** Host paths written (or left alone because unchanged). */
  files: string[];
  changed: string[];
  jars: Record<JvmServiceName, ComponentJars>;
}

/** Writes only when the content differs, so a second render changes nothing and restarts nothing. */
function writeIfChanged(file: string, text: string, changed: string[]): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let old: string | undefined;
  try {
    old = fs.readFileSync(file, 'utf8');
  } catch {
    old = undefined;
  }
  if (old !== text) {
    fs.writeFileSync(file, text);
    changed.push(file);
  }
  return file;
}

/** The lab paths the services' launch logic sees: configs from the bundle, data on the VM's disk. */
function bundlePaths(cfg: LabConfig, layout: VmLayout): LabPaths {
  const conf = path.join(layout.generatedDir, 'conf');
  return {
    ...labPaths(cfg),
    conf,
    data: layout.dataDir,
    serviceConf: (svc: ServiceName) => path.join(conf, svc),
    serviceData: (svc: ServiceName) => path.posix.join(layout.dataDir, svc),
  };
}

function argsFile(args: string[]): string {
  const bad = args.find((a) => a.includes('\n'));
  if (bad !== undefined) throw new LabError(`a java argument contains a line break and cannot go into a launch file: ${bad}`);
  return `${args.join('\n')}\n`;
}

/** The cluster id the VM's Kafka is formatted with: kept across renders so the launch file stays the same. */
function clusterId(layout: VmLayout, changed: string[]): string {
  const file = clusterIdFile(layout);
  try {
    const id = fs.readFileSync(file, 'utf8').trim();
    if (id) return id;
  } catch {
    /* first render */
  }
  const id = newClusterId();
  writeIfChanged(file, `${id}\n`, changed);
  return id;
}

function clusterIdFile(layout: VmLayout): string {
  return path.join(layout.generatedDir, 'kafka-cluster-id');
}

export async function renderBundle(cfg: LabConfig, vm: VmSettings, layout: VmLayout, opts: { quiet?: boolean } = {}): Promise<Bundle> {
  const plan = buildPlan(cfg, vm, layout);
  const jars = await ensureStack(cfg, { quiet: opts.quiet ?? false });
  const changed: string[] = [];
  const files: string[] = [];
  const put = (rel: string, text: string) => files.push(writeIfChanged(path.join(layout.generatedDir, rel), text, changed));

  for (const f of renderVmConfigs(cfg, layout)) files.push(writeIfChanged(f.hostFile, f.text, changed));
  const paths = bundlePaths(cfg, layout);
  for (const name of JVM_SERVICE_NAMES) {
    const ctx = { cfg, paths, jars: jars[name] };
    const args = await JVM_SERVICES[name].javaArgs(ctx);
    put(path.join('launch', `${name}.args`), argsFile(args.map((a) => argToVm(layout, a))));
    if (name === 'kafka') {
      put(path.join('launch', 'kafka-format.args'), argsFile(formatStorageArgs(ctx, clusterId(layout, changed)).map((a) => argToVm(layout, a))));
    }
  }
  put(path.join('launch', 'mariadb.args'), argsFile(vmMariaDbArgs(cfg, layout).map((a) => argToVm(layout, a))));
  for (const unit of plan.units) put(path.join('systemd', unit.name), unitFile(plan, unit));
  put('CentOS-Vault-clickstream-lab.repo', vaultRepoFile(vm));
  put('MariaDB-clickstream-lab.repo', mariadbRepoFile(vm));
  put('plan.env', planEnv(plan));
  put('plan.json', `${JSON.stringify(plan, null, 2)}\n`);
  files.push(clusterIdFile(layout));
  for (const dir of [labPaths(cfg).logs, labPaths(cfg).flumeLogDir]) fs.mkdirSync(dir, { recursive: true });
  return { plan, files, changed, jars };
}
