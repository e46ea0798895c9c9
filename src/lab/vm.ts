import { JVM_SERVICE_NAMES, labPaths, SERVICE_NAMES, vmSettings, type JvmServiceName, type LabConfig, type ServiceName } from '../config';
import { ConfigError, ServiceTimeoutError } from '../errors';
import type { ComponentJars } from '../stack/fetch';
import { waitFor, WaitTimeout } from '../process/health';
import { down, startPipeline, type DownResult } from './lifecycle';
import { errorLines, logTail } from '../process/pid-process';
import { JVM_SERVICES, SERVICES } from '../stack/services';
import type { StartResult } from '../stack/start-service';
import { renderBundle, type Bundle } from '../vm/bundle';
import { defaultLayout } from '../vm/layout';
import { requireVagrant, vagrant } from '../vm/vagrant';

function assertVmTarget(cfg: LabConfig): void {
  if (cfg.stack.target !== 'vm') {
    throw new ConfigError('This command manages the VM, but the lab targets the native stack', {
      hint: 'Use `lab up --vm` (or set LAB_STACK=vm for every lab command).',
    });
  }
}

/**
 * Health through the VM's address with the native stack's own checks (Kafka: describe the cluster; HBase:
 * a read of hbase:meta; Flume: its components started). On a timeout the error carries the service's log,
 * which the VM writes into the synced checkout.
 */
export async function waitHealthy(cfg: LabConfig, onHealthy?: (svc: ServiceName, ms: number) => void): Promise<void> {
  const began = Date.now();
  await Promise.all(
    SERVICE_NAMES.map(async (name) => {
      try {
        await waitFor(() => SERVICES[name].check(cfg), { timeoutMs: cfg.startTimeoutMs, intervalMs: 500 });
        onHealthy?.(name, Date.now() - began);
      } catch (err) {
        if (!(err instanceof WaitTimeout)) throw err;
        const logFile = labPaths(cfg).serviceLog(name);
        throw new ServiceTimeoutError(
          `${name} at ${cfg.stack.host} did not become healthy within ${cfg.startTimeoutMs / 1000} s (last check: ${err.lastReason ?? 'no answer'})`,
          { service: name, command: `systemctl status clickstream-${name} (in the VM)`, logFile, logTail: errorLines(logTail(logFile, 200)) },
          {
            hint:
              `Read ${logFile} (written by the VM). From the host: \`ping ${cfg.stack.host}\`; in the VM: \`vagrant ssh -c "systemctl status clickstream-${name}"\`. ` +
              'README, "VM troubleshooting" covers addresses, memory and the firewall.',
          },
        );
      }
    }),
  );
}

/**
 * Creates the topics and tables from the host, through the VM's address (the same provisioning as `lab up`).
 * The database is provisioned inside the VM (its root logs in over the VM's local socket only): services.sh.
 */
export async function provisionFromHost(cfg: LabConfig, jars: Record<JvmServiceName, ComponentJars>): Promise<string[]> {
  const done: string[] = [];
  for (const name of JVM_SERVICE_NAMES) {
    const def = JVM_SERVICES[name];
    if (def.provision) done.push(...(await def.provision({ cfg, paths: labPaths(cfg), jars: jars[name] })));
  }
  return done;
}

export interface VmUpResult {
  bundle: Bundle;
  provisioned: string[];
  ms: number;
}

/**
 * `lab up --vm`: render on the host (jars, configs, launch files, units), `vagrant up --provision`, wait for
 * health through the private address, create topics and tables, then start the job and the dashboard here.
 */
export async function vmUp(cfg: LabConfig, opts: { quiet?: boolean; onService?: (r: StartResult) => void } = {}): Promise<VmUpResult> {
  const began = Date.now();
  assertVmTarget(cfg);
  requireVagrant(); // before the jar fetch: say at once what is missing
  const vm = vmSettings();
  const bundle = await renderBundle(cfg, vm, defaultLayout(cfg, vm), { quiet: opts.quiet ?? false });
  await vagrant(cfg, ['up', '--provision'], { quiet: opts.quiet ?? false });
  await waitHealthy(cfg, (service, ms) => opts.onService?.({ service, pid: 0, outcome: 'running', ms, provisioned: [] }));
  const provisioned = await provisionFromHost(cfg, bundle.jars);
  await startPipeline(cfg, began, opts.onService);
  return { bundle, provisioned, ms: Date.now() - began };
}

/**
 * `lab down --vm`: what runs on this machine stops as for the native lab (the same `down`: job, dashboard,
 * notebooks; the VM's services have no pid files here); then the VM halts, stopping its services in order.
 */
export async function vmDown(cfg: LabConfig, opts: { quiet?: boolean } = {}): Promise<DownResult[]> {
  assertVmTarget(cfg);
  const results = (await down(cfg)).filter((r) => !(SERVICE_NAMES as readonly string[]).includes(r.service));
  requireVagrant();
  await vagrant(cfg, ['halt'], { quiet: opts.quiet ?? false });
  results.push({ service: 'vm', outcome: 'terminated' });
  return results;
}
