import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import { vmSettings, type LabConfig, type VmSettings } from '../config';
import type { DoctorCheck } from '../stack/doctor';
import { formatBytes } from '../util/progress';
import { findOnPath } from './vagrant';

/** VirtualBox 6.1.28+ accepts host-only addresses only in 192.168.56.0/21 unless /etc/vbox/networks.conf says more. */
export function inVirtualBoxDefaultRange(address: string): boolean {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return false;
  return parts[0] === 192 && parts[1] === 168 && parts[2]! >= 56 && parts[2]! <= 63;
}

function firstLine(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 }).split('\n')[0]?.trim();
  } catch {
    return undefined;
  }
}

/** `lab doctor --vm`: what the VM target needs from this machine (the services' ports are the VM's, not checked here). */
export function vmDoctorChecks(cfg: LabConfig, vm: VmSettings = vmSettings(), totalMemory = os.totalmem()): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  const vagrant = findOnPath('vagrant');
  checks.push(
    vagrant
      ? { name: 'vagrant', level: 'ok', detail: firstLine(vagrant, ['--version']) ?? vagrant, fix: '' }
      : { name: 'vagrant', level: 'fail', detail: 'no `vagrant` on PATH', fix: 'Install Vagrant (https://developer.hashicorp.com/vagrant/install; Debian/Ubuntu: `sudo apt-get install vagrant`).' },
  );
  checks.push(
    findOnPath('VBoxManage')
      ? { name: 'virtualbox', level: 'ok', detail: `VirtualBox ${firstLine('VBoxManage', ['--version']) ?? ''}`.trim(), fix: '' }
      : { name: 'virtualbox', level: 'warn', detail: 'no VBoxManage on PATH', fix: 'Install VirtualBox 7 (or 6.1): the VM is made for it; another Vagrant provider needs its own synced-folder setup (LAB_VM_SYNC=nfs).' },
  );
  const need = vm.memoryMb * 1024 ** 2 + 1.5 * 1024 ** 3;
  checks.push(
    totalMemory >= need
      ? { name: 'memory (VM)', level: 'ok', detail: `${formatBytes(totalMemory)} in this machine; the VM takes ${vm.memoryMb} MB`, fix: '' }
      : {
          name: 'memory (VM)',
          level: 'warn',
          detail: `${formatBytes(totalMemory)} in this machine; a ${vm.memoryMb} MB VM plus Node, Jupyter and a browser need ${formatBytes(need)}`,
          fix: 'Give the VM less: LAB_VM_MEMORY_MB=4096 (the stack needs ~1.5 GB), or run the stack natively (`npx lab up`).',
        },
  );
  checks.push(
    inVirtualBoxDefaultRange(cfg.stack.host)
      ? { name: 'vm address', level: 'ok', detail: `${cfg.stack.host} (host-only network, within VirtualBox's default 192.168.56.0/21)`, fix: '' }
      : {
          name: 'vm address',
          level: 'warn',
          detail: `${cfg.stack.host} is outside 192.168.56.0/21, the only host-only range VirtualBox 6.1.28+ allows by default`,
          fix: 'Use an address in 192.168.56.0/21 (LAB_STACK_HOST), or allow yours in /etc/vbox/networks.conf (e.g. `* 10.0.0.0/8 192.168.0.0/16`).',
        },
  );
  return checks;
}
