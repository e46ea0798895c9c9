import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabConfig } from '../config';
import { DependencyError, LabError } from '../errors';

/**
 * The notebook environment: a virtual environment in the checkout (`.venv`) with JupyterLab from PyPI, and
 * the tslab TypeScript kernel registered inside it only — never in the user's global Jupyter.
 */
export interface NotebookEnv {
  venv: string;
  python: string;
  jupyter: string;
  /** The folder Jupyter reads kernelspecs from (inside the venv). */
  kernelsDir: string;
}

export function notebookEnv(cfg: LabConfig): NotebookEnv {
  const venv = path.join(cfg.projectRoot, '.venv');
  const bin = path.join(venv, process.platform === 'win32' ? 'Scripts' : 'bin');
  return {
    venv,
    python: path.join(bin, 'python'),
    jupyter: path.join(bin, 'jupyter'),
    kernelsDir: path.join(venv, 'share', 'jupyter', 'kernels'),
  };
}

function run(command: string, args: string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: string[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => out.push(d.toString()));
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new DependencyError(`\`${command}\` is not installed; it is needed to ${what}`, {
              hint: 'Install Python 3.9+ with venv support (Debian/Ubuntu: `sudo apt-get install python3-venv`).',
            })
          : err,
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new LabError(`Could not ${what} (exit code ${code})`, { hint: out.join('').split('\n').slice(-12).join('\n') })),
    );
  });
}

/** The kernelspec, with absolute paths: Jupyter finds the kernel without node_modules/.bin on its PATH. */
export function tslabKernelSpec(cfg: LabConfig): object {
  return {
    argv: [process.execPath, path.join(cfg.projectRoot, 'node_modules', 'tslab', 'bin', 'tslab'), 'kernel', '--config-path', '{connection_file}'],
    display_name: 'TypeScript (clickstream-lab)',
    language: 'typescript',
    // No env here: the kernel inherits LAB_HOME and the LAB_*_PORT settings from whoever starts it
    // (`lab notebook`, or the notebook tests' own lab), so one kernelspec serves every lab.
  };
}

/**
 * Creates the venv and installs the pinned Jupyter packages when notebooks/requirements.txt changed since
 * the last install (a stamp holds its hash), and (re)writes the kernelspec. Idempotent and offline when
 * nothing changed.
 */
export async function ensureNotebookEnv(cfg: LabConfig, log: (line: string) => void = () => undefined): Promise<NotebookEnv> {
  const env = notebookEnv(cfg);
  const requirements = path.join(cfg.projectRoot, 'notebooks', 'requirements.txt');
  const digest = crypto.createHash('sha256').update(fs.readFileSync(requirements)).digest('hex');
  const stamp = path.join(env.venv, '.clickstream-lab-requirements');
  if (!fs.existsSync(env.python)) {
    log('creating .venv for Jupyter');
    await run(process.env.LAB_PYTHON || 'python3', ['-m', 'venv', env.venv], 'create the notebook virtual environment');
  }
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== digest) {
    log('installing JupyterLab into .venv (first time only, ~20 s)');
    await run(env.python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements], 'install JupyterLab from PyPI');
    fs.writeFileSync(stamp, digest);
  }
  const dir = path.join(env.kernelsDir, 'tslab');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'kernel.json'), `${JSON.stringify(tslabKernelSpec(cfg), null, 2)}\n`);
  linkSelf(cfg);
  return env;
}

/**
 * tslab compiles cells with the notebook's folder as rootDir, so `import '../src/x'` fails; notebooks
 * import the built package by name instead. This links the checkout into its own node_modules.
 */
export function linkSelf(cfg: LabConfig): void {
  const link = path.join(cfg.projectRoot, 'node_modules', 'clickstream-lab');
  try {
    if (fs.realpathSync(link) === fs.realpathSync(cfg.projectRoot)) return;
    fs.rmSync(link, { recursive: true, force: true });
  } catch {
    /* no link yet */
  }
  fs.symlinkSync(path.relative(path.dirname(link), cfg.projectRoot) || '.', link, 'dir');
}
