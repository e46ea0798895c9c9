import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateBulk } from '../generator';
import { aggregateBatch } from '../stream/job';
import { createLineHandler } from '../stream/lines';

/** Generator bulk speed, and its ratio to a raw write of the same bytes to the same disk. */
export async function benchGenerator(projectRoot: string, lines: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clickstream-bench-'));
  const file = path.join(dir, 'gen.log');
  let t = process.hrtime.bigint();
  await generateBulk({ seed: 'bench', lines, startDay: '2026-11-20', days: 7, malformedRate: 0.02, projectRoot }, file);
  const genSec = Number(process.hrtime.bigint() - t) / 1e9;
  const bytes = fs.readFileSync(file);
  t = process.hrtime.bigint();
  fs.writeFileSync(path.join(dir, 'raw.log'), bytes);
  const rawSec = Number(process.hrtime.bigint() - t) / 1e9;
  fs.rmSync(dir, { recursive: true, force: true });
  return { lines, bytes: bytes.length, linesPerSec: Math.round(lines / genSec), ratioToRawWrite: +(rawSec / genSec).toFixed(3), file: bytes };
}

/** Parse + validate + classify + aggregate, in this process (one core), over generated lines. */
export function benchParse(projectRoot: string, bytes: Buffer) {
  const values = bytes.toString('utf8').split('\n').slice(0, -1);
  const messages = values.map((v, i) => ({ offset: String(i), value: Buffer.from(v) }));
  const handle = createLineHandler({ projectRoot });
  aggregateBatch(messages.slice(0, 20_000), handle, 'c', 's'); // warm up
  const t = process.hrtime.bigint();
  for (let i = 0; i < messages.length; i += 20_000) aggregateBatch(messages.slice(i, i + 20_000), handle, 'c', 's');
  const sec = Number(process.hrtime.bigint() - t) / 1e9;
  return { lines: messages.length, linesPerSec: Math.round(messages.length / sec) };
}
