import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { labPaths, PORT_ENV, type LabConfig } from '../config';
import { PortInUseError } from '../errors';
import { isPortFree } from '../process/health';
import { runningManaged, startManaged, stopManaged } from '../process/managed-process';
import { ensureNotebookEnv } from './env';

/** JupyterLab on 127.0.0.1 with a token, serving notebooks/, run by `lab notebook` and `npm start`. */
function tokenFile(cfg: LabConfig): string {
  return path.join(labPaths(cfg).run, 'jupyter.token');
}

/** The token survives restarts, so a bookmarked URL keeps working. */
export function notebookToken(cfg: LabConfig): string {
  const file = tokenFile(cfg);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(24).toString('hex'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

export function notebookUrl(cfg: LabConfig): string {
  return `http://127.0.0.1:${cfg.ports.jupyter}/lab?token=${notebookToken(cfg)}`;
}

export async function startNotebook(cfg: LabConfig, log: (line: string) => void = () => undefined) {
  if (!runningManaged(cfg, 'jupyter') && !(await isPortFree('127.0.0.1', cfg.ports.jupyter))) {
    throw new PortInUseError('jupyter', '127.0.0.1', cfg.ports.jupyter, PORT_ENV.jupyter);
  }
  const env = await ensureNotebookEnv(cfg, log);
  const token = notebookToken(cfg);
  const paths = labPaths(cfg);
  return startManaged(cfg, {
    name: 'jupyter',
    command: env.jupyter,
    args: [
      'lab',
      '--no-browser',
      '--ServerApp.ip=127.0.0.1',
      `--ServerApp.port=${cfg.ports.jupyter}`,
      '--ServerApp.port_retries=0',
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${path.join(cfg.projectRoot, 'notebooks')}`,
      // Jupyter refuses to run as root unless told (containers, CI); it still binds loopback only.
      ...(process.getuid?.() === 0 ? ['--ServerApp.allow_root=True'] : []),
    ],
    // Jupyter takes only its own options: the marker rides on an option it ignores with a warning.
    markerArg: (marker) => `--ClickstreamLab.marker=${marker}`,
    env: {
      // Keep Jupyter's state with the lab's, not in the user's home.
      JUPYTER_CONFIG_DIR: path.join(paths.conf, 'jupyter'),
      JUPYTER_RUNTIME_DIR: path.join(paths.run, 'jupyter'),
      LAB_HOME: cfg.home,
    },
    ready: async () => {
      const res = await fetch(`http://127.0.0.1:${cfg.ports.jupyter}/api/status?token=${token}`, { signal: AbortSignal.timeout(1000) });
      return res.ok ? true : `HTTP ${res.status}`;
    },
  });
}

export function stopNotebook(cfg: LabConfig) {
  return stopManaged(cfg, 'jupyter', 10_000);
}
