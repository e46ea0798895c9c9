import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { loadConfig } from '../../src/config';
import { isPortFree } from '../../src/process/health';
import { isAlive, isZombie } from '../../src/process/pid-process';
import { stopNotebook } from '../../src/notebook/server';

/**
 * `lab notebook` against a lab home of its own (no services needed): JupyterLab comes up on 127.0.0.1
 * with a token, refuses requests without it, runs the tslab kernel, shows in `lab status` and stops with `lab down`.
 */
const root = path.resolve(__dirname, '..', '..', '..');
const home = path.join(root, 'test-output', 'notebook-server');
const cfg = loadConfig({ home });
const env = { ...process.env, LAB_HOME: home };
const lab = (args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin', 'lab.js'), ...args], { encoding: 'utf8', env, timeout: 240_000 });

after(async () => {
  await stopNotebook(cfg); // in case an assertion failed before `lab down`
});

test('lab notebook: JupyterLab on 127.0.0.1 with a token, the tslab kernel, listed by status, stopped by down', async () => {
  fs.rmSync(home, { recursive: true, force: true });
  const started = lab(['notebook']);
  assert.strictEqual(started.status, 0, started.stderr + started.stdout);
  const url = /Open the notebooks: (http:\/\/127\.0\.0\.1:(\d+)\/lab\?token=([0-9a-f]+))/.exec(started.stdout);
  assert.ok(url, `no URL printed:\n${started.stdout}`);
  assert.strictEqual(Number(url[2]), cfg.ports.jupyter);
  const base = `http://127.0.0.1:${cfg.ports.jupyter}`;
  const token = url[3];

  const ok = await fetch(`${base}/api/status`, { headers: { Authorization: `token ${token}` } });
  assert.strictEqual(ok.status, 200);
  const anonymous = await fetch(`${base}/api/status`);
  assert.strictEqual(anonymous.status, 403, 'the API answered without the token');
  const wrong = await fetch(`${base}/api/status?token=not-the-token`);
  assert.strictEqual(wrong.status, 403);

  const specs = (await (await fetch(`${base}/api/kernelspecs?token=${token}`)).json()) as { kernelspecs: Record<string, unknown> };
  assert.ok('tslab' in specs.kernelspecs, `kernels: ${Object.keys(specs.kernelspecs).join(', ')}`);
  const nbs = (await (await fetch(`${base}/api/contents?token=${token}`)).json()) as { content: { name: string }[] };
  assert.ok(nbs.content.some((f) => f.name.startsWith('00-') && f.name.endsWith('.ipynb')), 'notebooks/ is not the served folder');

  const again = lab(['notebook']);
  assert.strictEqual(again.status, 0);
  assert.match(again.stdout, /already running/);

  const st = lab(['status', '--json']);
  const s = JSON.parse(st.stdout) as { notebook: { state: string; pid: number; url: string } };
  assert.strictEqual(s.notebook.state, 'running');
  assert.strictEqual(s.notebook.url, url[1]);

  const down = lab(['down']);
  assert.strictEqual(down.status, 0, down.stderr);
  assert.match(down.stdout, /jupyter\s+terminated/);
  assert.ok(await isPortFree('127.0.0.1', cfg.ports.jupyter), 'Jupyter still holds its port after lab down');
  // Gone, or a zombie its new parent has not reaped yet (it was detached from the CLI that started it).
  assert.ok(!isAlive(s.notebook.pid) || isZombie(s.notebook.pid), 'the Jupyter process outlived lab down');
});
