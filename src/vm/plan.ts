import * as path from 'node:path';
import { JVM_SERVICE_NAMES, SERVICE_NAMES, type LabConfig, type PortConfig, type ServiceName, type VmSettings } from '../config';
import { renderServiceFiles, templateVars, type StackLocation } from '../stack/render';
import { SERVICES } from '../stack/services';
import { mariadbdArgs } from '../stack/mariadb';
import { labMarker } from '../process/pid-process';
import { provisionStatements, sqlEndpointFor } from '../sql';
import { ConfigError } from '../errors';
import { toVmPath, vmPaths, type VmLayout } from './layout';

/**
 * Every decision `vagrant up` will take, computed on the host from the one config: the Vagrantfile and the
 * provisioning scripts read it (plan.json / plan.env) instead of repeating values, and `lab vm plan` shows it.
 */
export interface VmPlan {
  box: string;
  boxOverrideVariable: string;
  memoryMb: number;
  cpus: number;
  hostname: string;
  /** The host-only private address: services bind it, Kafka advertises it, HBase registers under it. */
  address: string;
  syncType: VmSettings['syncType'];
  projectMount: string;
  serviceUser: string;
  centos: { release: string; repos: { id: string; name: string; baseurl: string }[]; gpgKey: string; repoFile: string };
  jdk: { vendor: string; version: string; major: number; url: string; sha256: string; home: string; source: string };
  /** MariaDB's yum repository and packages; the SQL that provisions the lab's database once it runs. */
  mariadb: { repoFile: string; packages: string[]; provisionSql: string; socket: string };
  /** The native stack's versions, unchanged. */
  versions: LabConfig['versions'];
  heap: LabConfig['heap'];
  ports: PortConfig;
  /** Opened on the private interface only. */
  firewall: { ports: { port: number; protocol: 'tcp'; service: ServiceName; label: string }[] };
  /** Rendered config files (VM paths) and the address-bearing settings read back from their text. */
  configs: { service: ServiceName; file: string; settings: Record<string, string> }[];
  units: { name: string; service: ServiceName; after: string[]; launchFile: string; stopTimeoutSec: number }[];
  /** Ports forwarded to the host: SSH only, on 127.0.0.1. The dashboard and Jupyter run on the host already. */
  forwardedPorts: { id: string; guest: number; host: number; hostIp: string }[];
  paths: ReturnType<typeof vmPathsJson>;
}

const UNIT_PREFIX = 'clickstream-';
export const unitName = (svc: string) => `${UNIT_PREFIX}${svc}.service`;
/** Where provisioning installs the launcher (on the VM's disk: systemd starts units before Vagrant mounts the checkout). */
export const RUNNER_PATH = '/usr/local/libexec/clickstream-lab/run-service.sh';

function vmPathsJson(cfg: LabConfig, layout: VmLayout) {
  const p = vmPaths(cfg, layout);
  return {
    home: p.home,
    logs: p.logs,
    flumeLogDir: p.flumeLogDir,
    cacheDir: p.cacheDir,
    dataDir: p.dataDir,
    generated: p.generated,
    planEnv: p.planEnv,
    launchDir: p.launchDir,
    unitDir: p.unitDir,
    provisionDir: p.provisionDir,
    runner: RUNNER_PATH,
  };
}

/** Where the services run in the VM: the rendered configs carry these. */
export function vmLocation(cfg: LabConfig, layout: VmLayout): StackLocation {
  const p = vmPaths(cfg, layout);
  return { bindHost: cfg.stack.bindHost, advertisedHost: cfg.stack.host, dataDir: p.dataDir, flumeLogDir: p.flumeLogDir, hostname: layout.hostname };
}

/** Each service's rendered config files for the VM (host-side output path → text). */
export function renderVmConfigs(cfg: LabConfig, layout: VmLayout): { service: ServiceName; hostFile: string; text: string }[] {
  const vars = templateVars(cfg, vmLocation(cfg, layout));
  const jvm = JVM_SERVICE_NAMES.flatMap((service) =>
    renderServiceFiles(cfg, service, vars).map((f) => ({ service, hostFile: path.join(layout.generatedDir, 'conf', service, f.name), text: f.text })),
  );
  const sql = provisionStatements(sqlEndpointFor(cfg), vmClientHosts(cfg.stack.host));
  const provision = { service: 'mariadb' as const, hostFile: path.join(layout.generatedDir, 'conf', 'mariadb', MARIADB_PROVISION_FILE), text: `${sql.join(';\n')};\n` };
  return [...jvm, provision];
}

/** The SQL that makes the VM's fresh database server the lab's; services.sh runs it as root over the socket. */
export const MARIADB_PROVISION_FILE = 'provision.sql';

/** The host reaches the VM's database from its side of the host-only network (e.g. 192.168.56.1): the /24, as MariaDB writes it. */
export function vmClientHosts(vmAddress: string): string {
  const octets = vmAddress.split('.');
  if (octets.length !== 4) throw new ConfigError(`The VM's address must be an IPv4 address, got ${vmAddress}`);
  return `${octets.slice(0, 3).join('.')}.%`;
}

/** In a directory of its own that the launcher makes private to the service user (root logs in over this socket). */
const vmMariaDbSocket = (dataDir: string) => path.posix.join(dataDir, 'mariadb-run', 'mariadb.sock');

/** mariadbd's arguments in the VM: the native stack's settings with the VM's data directory, run by the service user. */
export function vmMariaDbArgs(cfg: LabConfig, layout: VmLayout): string[] {
  const data = vmPaths(cfg, layout).dataDir;
  return mariadbdArgs({
    dataDir: path.posix.join(data, 'mariadb'),
    port: cfg.ports.mariadb,
    host: cfg.stack.bindHost,
    socket: vmMariaDbSocket(data),
    pidFile: path.posix.join(data, 'mariadbd.pid'),
    marker: labMarker('mariadb', cfg.home),
    runAsRoot: false,
    filesDir: path.posix.join(data, 'mariadb-files'),
  });
}

/** The settings in a rendered file that carry an address: read back from the text, not recomputed. */
const ADDRESS_SETTINGS: Record<string, string[]> = {
  'server.properties': ['listeners', 'advertised.listeners', 'controller.quorum.voters'],
  'hbase-site.xml': ['hbase.unsafe.regionserver.hostname', 'hbase.master.hostname', 'hbase.zookeeper.quorum', 'hbase.regionserver.ipc.address', 'hbase.zookeeper.property.clientPortAddress'],
  'flume.conf': ['a1.channels.c1.kafka.bootstrap.servers', 'a1.sources.r1.filegroups.f1'],
  hosts: ['localhost'],
};

export function readSettings(fileName: string, text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ADDRESS_SETTINGS[fileName] ?? []) {
    const esc = key.replace(/\./g, '\\.');
    const m = fileName.endsWith('.xml')
      ? new RegExp(`<name>${esc}</name>\\s*<value>([^<]*)</value>`).exec(text)
      : fileName === 'hosts'
        ? new RegExp(`^(\\S+)\\s.*\\b${esc}$`, 'm').exec(text)
        : new RegExp(`^${esc}\\s*=\\s*(.*)$`, 'm').exec(text);
    if (m) out[key] = (m[1] ?? '').trim();
  }
  return out;
}

/** The yum repo file for MariaDB's own CentOS 7 packages (written to /etc/yum.repos.d by provisioning). */
export function mariadbRepoFile(vm: VmSettings): string {
  return [
    `# MariaDB ${vm.mariadb.baseUrl.match(/mariadb-([\d.]+)/)?.[1] ?? ''} for CentOS 7, the lab's relational store. Rendered by \`lab vm render\`.`,
    '[clickstream-lab-mariadb]',
    'name=MariaDB (clickstream-lab)',
    `baseurl=${vm.mariadb.baseUrl}`,
    `gpgkey=${vm.mariadb.gpgKey}`,
    'gpgcheck=1',
    'enabled=1',
    '',
  ].join('\n');
}

/** The yum repo file that points CentOS 7 at the vault (written to /etc/yum.repos.d by provisioning). */
export function vaultRepoFile(vm: VmSettings): string {
  const lines = [`# CentOS ${vm.centos.release} is end-of-life: its packages live on ${vm.centos.baseUrl}. Rendered by \`lab vm render\`.`];
  for (const r of vm.centos.repos) {
    lines.push('', `[${r.id}]`, `name=${r.name}`, `baseurl=${vm.centos.baseUrl}/${r.path}/$basearch/`, 'gpgcheck=1', `gpgkey=${vm.centos.gpgKey}`, 'enabled=1');
  }
  return `${lines.join('\n')}\n`;
}

export function buildPlan(cfg: LabConfig, vm: VmSettings, layout: VmLayout): VmPlan {
  const paths = vmPaths(cfg, layout);
  const firewall = SERVICE_NAMES.flatMap((service) =>
    SERVICES[service]
      .ports(cfg)
      // The KRaft controller listener is for the broker itself; nothing on the host talks to it.
      .filter((p) => p.label !== 'controller')
      .map((p) => ({ port: p.port, protocol: 'tcp' as const, service, label: p.label })),
  );
  const configs = renderVmConfigs(cfg, layout)
    .filter((f) => ADDRESS_SETTINGS[path.basename(f.hostFile)])
    .map((f) => ({ service: f.service, file: toVmPath(layout, f.hostFile), settings: readSettings(path.basename(f.hostFile), f.text) }));
  const units = SERVICE_NAMES.map((service) => ({
    name: unitName(service),
    service,
    after: SERVICES[service].after.map(unitName),
    launchFile: paths.launch(service),
    stopTimeoutSec: Math.ceil(SERVICES[service].stopGraceMs / 1000),
  }));
  return {
    box: vm.box,
    boxOverrideVariable: 'LAB_VM_BOX',
    memoryMb: vm.memoryMb,
    cpus: vm.cpus,
    hostname: vm.hostname,
    address: cfg.stack.host,
    syncType: vm.syncType,
    projectMount: layout.projectMount,
    serviceUser: vm.serviceUser,
    centos: {
      release: vm.centos.release,
      repos: vm.centos.repos.map((r) => ({ id: r.id, name: r.name, baseurl: `${vm.centos.baseUrl}/${r.path}/$basearch/` })),
      gpgKey: vm.centos.gpgKey,
      repoFile: paths.yumRepo,
    },
    jdk: { ...vm.jdk, major: Number(vm.jdk.version.split('.')[0]), home: layout.javaHome },
    mariadb: {
      repoFile: paths.mariadbRepo,
      packages: [...vm.mariadb.packages],
      provisionSql: path.posix.join(paths.confDir('mariadb'), MARIADB_PROVISION_FILE),
      socket: vmMariaDbSocket(paths.dataDir),
    },
    versions: { ...cfg.versions },
    heap: { ...cfg.heap },
    ports: { ...cfg.ports },
    firewall: { ports: firewall },
    configs,
    units,
    forwardedPorts: [{ id: 'ssh', guest: 22, host: 2222, hostIp: '127.0.0.1' }],
    paths: vmPathsJson(cfg, layout),
  };
}

const shellQuote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

/** plan.env: the plan as bash variables for the provisioning scripts (sourced, never edited by hand). */
export function planEnv(plan: VmPlan): string {
  const scalar: Record<string, string | number> = {
    LAB_VM_ADDRESS: plan.address,
    LAB_VM_HOSTNAME: plan.hostname,
    LAB_VM_PROJECT_MOUNT: plan.projectMount,
    LAB_VM_SERVICE_USER: plan.serviceUser,
    LAB_VM_DATA_DIR: plan.paths.dataDir,
    LAB_VM_LOG_DIR: plan.paths.logs,
    LAB_VM_FLUME_LOG_DIR: plan.paths.flumeLogDir,
    LAB_VM_LAUNCH_DIR: plan.paths.launchDir,
    LAB_VM_UNIT_DIR: plan.paths.unitDir,
    LAB_VM_RUNNER: plan.paths.runner,
    LAB_VM_CENTOS_RELEASE: plan.centos.release,
    LAB_VM_YUM_REPO_FILE: plan.centos.repoFile,
    LAB_VM_JAVA_HOME: plan.jdk.home,
    LAB_VM_JDK_VERSION: plan.jdk.version,
    LAB_VM_JDK_MAJOR: plan.jdk.major,
    LAB_VM_JDK_URL: plan.jdk.url,
    LAB_VM_JDK_SHA256: plan.jdk.sha256,
    LAB_VM_MARIADB_REPO_FILE: plan.mariadb.repoFile,
    LAB_VM_MARIADB_PROVISION_SQL: plan.mariadb.provisionSql,
    LAB_VM_MARIADB_SOCKET: plan.mariadb.socket,
  };
  const arrays: Record<string, string[]> = {
    LAB_VM_FIREWALL_PORTS: plan.firewall.ports.map((p) => `${p.port}/${p.protocol}`),
    LAB_VM_UNITS: plan.units.map((u) => u.name),
    LAB_VM_MARIADB_PACKAGES: plan.mariadb.packages,
  };
  const lines = ['# Rendered by `lab vm render` from src/config (do not edit: re-render instead). Sourced by vagrant/provision/*.sh.'];
  for (const [k, v] of Object.entries(scalar)) lines.push(`${k}=${shellQuote(String(v))}`);
  for (const [k, v] of Object.entries(arrays)) lines.push(`${k}=(${v.map(shellQuote).join(' ')})`);
  return `${lines.join('\n')}\n`;
}
