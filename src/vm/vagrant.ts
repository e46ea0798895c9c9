import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { LabConfig } from '../config';
import { DependencyError, LabError } from '../errors';

/** Runs `vagrant` in the checkout's vagrant/ folder, shows its output, and turns its failures into advice. */
export function vagrantDir(cfg: LabConfig): string {
  return path.join(cfg.projectRoot, 'vagrant');
}

/** The first executable `name` on PATH, or undefined. */
export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

export function requireVagrant(): string {
  const bin = findOnPath('vagrant');
  if (!bin) {
    throw new DependencyError('Vagrant is not installed (no `vagrant` on PATH); the VM target needs it and a hypervisor', {
      hint:
        'Install Vagrant and VirtualBox (https://developer.hashicorp.com/vagrant/install; Debian/Ubuntu: `sudo apt-get install vagrant virtualbox`), ' +
        'then retry `npx lab up --vm`. Or run the stack natively: `npx lab up` (no VM needed).',
    });
  }
  return bin;
}

/** Known failures of learners' first `vagrant up`, matched in its output, and what to do about each. */
const ADVICE: { pattern: RegExp; hint: string }[] = [
  {
    pattern: /No usable default provider|provider .* not installed|VBoxManage.*not found|could not detect VirtualBox/i,
    hint: 'Vagrant found no hypervisor. Install VirtualBox 7 (or 6.1), enable VT-x/AMD-V in the firmware, then retry. Without one, use the native stack: `npx lab up`.',
  },
  {
    pattern: /not within the allowed ranges|host-only network.*range|networks\.conf/i,
    hint:
      'VirtualBox 6.1.28+ allows host-only addresses only in 192.168.56.0/21. Keep the default address (192.168.56.10), ' +
      'or set LAB_STACK_HOST to one inside that range, or allow yours in /etc/vbox/networks.conf (e.g. `* 10.0.0.0/8 192.168.0.0/16`).',
  },
  {
    pattern: /vboxsf|Guest Additions|unknown filesystem type/i,
    hint:
      'The box has no VirtualBox Guest Additions, so the checkout cannot be shared live. Either `vagrant plugin install vagrant-vbguest` and retry, ' +
      'or LAB_VM_SYNC=nfs (Linux/macOS hosts with an NFS server), or a box that ships them: LAB_VM_BOX=bento/centos-7.',
  },
  {
    pattern: /VT-x|AMD-V|VERR_VMX|hardware virtuali[sz]ation/i,
    hint: 'Hardware virtualization is off or taken by another hypervisor (Hyper-V, WSL2, KVM): enable VT-x/AMD-V in the firmware or stop the other hypervisor.',
  },
  {
    pattern: /port.*(collision|in use)|already in use/i,
    hint: 'A forwarded port (SSH, 2222 on 127.0.0.1) is taken; Vagrant normally moves it, so another VM of this checkout may be running: `vagrant global-status`.',
  },
];

export function adviceFor(output: string): string {
  const found = ADVICE.filter((a) => a.pattern.test(output)).map((a) => a.hint);
  return found.length > 0
    ? found.join('\n')
    : 'Read Vagrant\'s output above. `vagrant status` and `vagrant up --debug` in vagrant/ tell more; README, "VM troubleshooting" lists the usual causes.';
}

export interface VagrantRun {
  code: number;
  tail: string[];
}

export async function runVagrant(cfg: LabConfig, args: string[], opts: { quiet?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<VagrantRun> {
  const bin = requireVagrant();
  const child = spawn(bin, args, { cwd: vagrantDir(cfg), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 200) tail.shift();
      if (!opts.quiet) console.log(`vagrant | ${line}`);
    });
  }
  const code = await new Promise<number>((resolve) => {
    child.on('error', () => resolve(127));
    child.on('close', (c) => resolve(c ?? 1));
  });
  return { code, tail };
}

/** Runs vagrant and throws a LabError with advice when it fails. */
export async function vagrant(cfg: LabConfig, args: string[], opts: { quiet?: boolean } = {}): Promise<VagrantRun> {
  const r = await runVagrant(cfg, args, opts);
  if (r.code !== 0) {
    const evidence = r.tail.filter((l) => l.trim() !== '').slice(-6).join('\n');
    throw new LabError(`\`vagrant ${args.join(' ')}\` failed (exit code ${r.code})`, {
      hint: `${adviceFor(r.tail.join('\n'))}\nVagrant said:\n${evidence}`,
    });
  }
  return r;
}
