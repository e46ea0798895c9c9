import { ConfigError } from '../errors';
import type { Env } from './env';

/**
 * The Vagrant VM's own settings, declared once: the Vagrantfile and the provisioning scripts read them from
 * the plan `lab vm render` writes (vagrant/.generated/plan.json and plan.env), never from copies of their own.
 * Component versions, ports and heaps are NOT here: the VM runs exactly the native stack's (src/config/defaults.ts).
 */
export interface VmSettings {
  /** Vagrant box; CentOS 7 is what the original course ran. LAB_VM_BOX=bento/rockylinux-9 (or an Alma box) swaps it. */
  box: string;
  memoryMb: number;
  cpus: number;
  /**
   * How the checkout reaches the VM: `virtualbox` (needs the box's guest additions) or `nfs` (needs an NFS
   * server on the host). Not rsync, the centos/7 box's own default: it copies once at `vagrant up`, so the
   * generator's lines would never reach Flume and the VM's logs never come back.
   */
  syncType: 'virtualbox' | 'nfs';
  hostname: string;
  /** Where the checkout appears inside the VM (jars, rendered configs, launch files, logs, the generator's output). */
  projectMount: string;
  /** Kafka log dirs, HBase root and ZooKeeper data: on the VM's own disk, never on the synced folder (no mmap/fsync there). */
  dataDir: string;
  /** The services run as the box's `vagrant` user: it owns the synced folder, so the logs it writes there are readable on the host. */
  serviceUser: string;
  jdk: JdkPin;
  centos: CentosVault;
  mariadb: MariaDbRepo;
}

/** The relational store in the VM: MariaDB's own yum repository for CentOS 7 (CentOS 7 ships MariaDB 5.5 only). */
export interface MariaDbRepo {
  baseUrl: string;
  gpgKey: string;
  packages: string[];
}

export interface JdkPin {
  vendor: string;
  /** Full version, e.g. 17.0.11+9; the major must be 17 (Kafka 4 brokers need 17). */
  version: string;
  url: string;
  sha256: string;
  /** Where the tarball is unpacked in the VM (one directory per version, so a bump never mixes files). */
  home: string;
  /** Where the URL and checksum were taken from, for the next person who bumps them. */
  source: string;
}

export interface CentosVault {
  /** CentOS 7 is end-of-life: mirror.centos.org is gone, its last release lives on vault.centos.org. */
  release: string;
  baseUrl: string;
  repos: { id: string; name: string; path: string }[];
  gpgKey: string;
}

const JDK_VERSION = '17.0.11+9';

/**
 * Eclipse Temurin 17 JRE, Linux x64. Temurin's x64 Linux builds target glibc 2.17, and Adoptium's own CentOS 7
 * image installs exactly this tarball: URL and SHA-256 are those of adoptium/containers, 17/jre/centos/Dockerfile
 * (`FROM centos:7`, ENV JAVA_VERSION jdk-17.0.11+9, the amd64 ESUM/BINARY_URL pair) at commit 06573c64459d.
 */
const TEMURIN_17: JdkPin = {
  vendor: 'Eclipse Temurin (JRE)',
  version: JDK_VERSION,
  url: 'https://github.com/adoptium/temurin17-binaries/releases/download/jdk-17.0.11%2B9/OpenJDK17U-jre_x64_linux_hotspot_17.0.11_9.tar.gz',
  sha256: 'bcb1b7b8ad68c93093f09b591b7cb17161d39891f7d29d33a586f5a328603707',
  home: `/opt/clickstream-lab-jdk/jdk-${JDK_VERSION}-jre`,
  source: 'github.com/adoptium/containers 17/jre/centos/Dockerfile @ 06573c64459d88cecad8fbc7d4ea00976f9c3b5f',
};

export function defaultVmSettings(): VmSettings {
  return {
    box: 'centos/7',
    memoryMb: 8192,
    cpus: 4,
    syncType: 'virtualbox',
    hostname: 'clickstream-lab',
    projectMount: '/opt/clickstream-lab',
    dataDir: '/var/lib/clickstream-lab',
    serviceUser: 'vagrant',
    jdk: TEMURIN_17,
    centos: {
      release: '7.9.2009',
      baseUrl: 'https://vault.centos.org/7.9.2009',
      repos: [
        { id: 'base', name: 'CentOS-7.9.2009 - Base (vault)', path: 'os' },
        { id: 'updates', name: 'CentOS-7.9.2009 - Updates (vault)', path: 'updates' },
        { id: 'extras', name: 'CentOS-7.9.2009 - Extras (vault)', path: 'extras' },
      ],
      gpgKey: 'file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7',
    },
    // The 10.11 series, as on the host (config versions.mariadb); the archive keeps the CentOS 7 builds after EOL.
    mariadb: {
      baseUrl: 'https://archive.mariadb.org/mariadb-10.11/yum/centos7-amd64',
      gpgKey: 'https://archive.mariadb.org/PublicKey',
      packages: ['MariaDB-server', 'MariaDB-client'],
    },
  };
}

/** The VM's environment allow-list (read on the host by `lab`, and by the Vagrantfile for the box). */
export const VM_ENV = {
  box: 'LAB_VM_BOX',
  memoryMb: 'LAB_VM_MEMORY_MB',
  cpus: 'LAB_VM_CPUS',
  syncType: 'LAB_VM_SYNC',
} as const;

function wholeNumber(name: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw new ConfigError(`Expected ${name} to be a whole number of at least ${min}, got \`${raw}\``, {
      hint: `Unset ${name} to use the default.`,
    });
  }
  return n;
}

export function vmSettings(env: Env = process.env): VmSettings {
  const s = defaultVmSettings();
  const get = (k: string) => (env[k]?.trim() ? env[k]!.trim() : undefined);
  const box = get(VM_ENV.box);
  if (box) s.box = box;
  const mem = get(VM_ENV.memoryMb);
  // Kafka, HBase and Flume need ~1.5 GB; below 3 GB the OS and page cache starve them.
  if (mem) s.memoryMb = wholeNumber(VM_ENV.memoryMb, mem, 3072);
  const cpus = get(VM_ENV.cpus);
  if (cpus) s.cpus = wholeNumber(VM_ENV.cpus, cpus, 1);
  const sync = get(VM_ENV.syncType);
  if (sync) {
    if (sync !== 'virtualbox' && sync !== 'nfs') {
      throw new ConfigError(`Expected ${VM_ENV.syncType} to be virtualbox or nfs, got \`${sync}\``, {
        hint: 'virtualbox needs the box\'s guest additions; nfs needs an NFS server on the host (Linux, macOS).',
      });
    }
    s.syncType = sync;
  }
  return s;
}
