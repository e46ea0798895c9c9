import { vmSettings, type LabConfig } from '../config';
import { dashboardUrl } from '../dashboard';
import { LabError } from '../errors';
import { renderBundle } from '../vm/bundle';
import { defaultLayout } from '../vm/layout';
import { vmDown, vmUp } from '../lab/vm';
import { buildPlan, type VmPlan } from '../vm/plan';
import { seconds } from './output';

/** `lab vm plan`: every decision provisioning will take, without touching anything. */
export function printPlan(p: VmPlan): void {
  const row = (k: string, v: string) => console.log(`${k.padEnd(18)} ${v}`);
  row('box', `${p.box} (override: ${p.boxOverrideVariable}=<box>)`);
  row('resources', `${p.memoryMb} MB, ${p.cpus} CPUs`);
  row('address', `${p.address} (host-only private network); hostname ${p.hostname}`);
  row('synced folder', `checkout → ${p.projectMount} (${p.syncType})`);
  row('yum (CentOS 7)', p.centos.repos.map((r) => `${r.id} ${r.baseurl}`).join('\n' + ' '.repeat(19)));
  row('JDK', `${p.jdk.vendor} ${p.jdk.version} → ${p.jdk.home}`);
  row('', `${p.jdk.url}`);
  row('', `sha256 ${p.jdk.sha256} (from ${p.jdk.source})`);
  row('versions', `Kafka ${p.versions.kafka}, HBase ${p.versions.hbase}, Flume ${p.versions.flume}, log4j ${p.versions.log4j}`);
  for (const c of p.configs) {
    row(`config ${c.service}`, c.file);
    for (const [k, v] of Object.entries(c.settings)) row('', `${k} = ${v}`);
  }
  row('firewall', `${p.firewall.ports.map((f) => `${f.port}/${f.protocol} (${f.service} ${f.label})`).join(', ')} — private interface only`);
  row('systemd units', p.units.map((u) => `${u.name}${u.after.length ? ` (after ${u.after.join(', ')})` : ''}`).join(', '));
  row('forwarded ports', p.forwardedPorts.map((f) => `${f.id} ${f.hostIp}:${f.host} → ${f.guest}`).join(', '));
  row('data (VM disk)', p.paths.dataDir);
  row('logs (synced)', p.paths.logs);
  row('Flume tails', `${p.paths.flumeLogDir}/*.log (the host's generator writes there)`);
}

export function vmPlanCommand(cfg: LabConfig, json: boolean): number {
  const vm = vmSettings();
  const plan = buildPlan(cfg, vm, defaultLayout(cfg, vm));
  if (json) console.log(JSON.stringify(plan, null, 2));
  else printPlan(plan);
  return 0;
}

export async function vmRenderCommand(cfg: LabConfig): Promise<number> {
  const vm = vmSettings();
  const layout = defaultLayout(cfg, vm);
  const b = await renderBundle(cfg, vm, layout);
  console.log(`rendered ${b.files.length} files into ${layout.generatedDir} (${b.changed.length} changed) for ${b.plan.address}`);
  console.log('next: `vagrant up` in vagrant/ (or `npx lab up --vm`, which also waits for health and starts the job and dashboard)');
  return 0;
}

export async function vmUpCommand(cfg: LabConfig): Promise<number> {
  const r = await vmUp(cfg, {
    onService: (s) => console.log(`${s.service.padEnd(9)} ${s.pid ? `${s.outcome} (pid ${s.pid}, ${seconds(s.ms)})` : `healthy at ${cfg.stack.host} (${seconds(s.ms)})`}`),
  });
  for (const p of r.provisioned) console.log(`          ${p}`);
  console.log(`VM lab is up in ${seconds(r.ms)}: services at ${cfg.stack.host}, dashboard on ${dashboardUrl(cfg)} (this machine). State: ${cfg.home}`);
  return 0;
}

export async function vmDownCommand(cfg: LabConfig): Promise<number> {
  for (const r of await vmDown(cfg)) console.log(`${r.service.padEnd(9)} ${r.outcome}`);
  return 0;
}

export async function vmCommand(cfg: LabConfig, sub: string | undefined, json: boolean): Promise<number> {
  switch (sub) {
    case 'plan':
      return vmPlanCommand(cfg, json);
    case 'render':
      return vmRenderCommand(cfg);
    case 'up':
      return vmUpCommand(cfg);
    case 'down':
      return vmDownCommand(cfg);
    default:
      throw new LabError(`Expected \`lab vm plan|render|up|down\`, got \`lab vm ${sub ?? ''}\``, { hint: 'Run `lab --help`.' });
  }
}
