import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { LabConfig } from '../config';
import { LabError } from '../errors';
import { ensureComponent, type ComponentJars } from './fetch';
import { HBASE_JDK17_FLAGS, javaBin } from './java';
import { ensureJavaTool } from './java-tools';
import { labMarker } from '../process/pid-process';

const run = promisify(execFile);

/**
 * HBase's Admin API from TypeScript, through src/stack/java/LabAdmin.java (the HBase shell is not published
 * for 2.6). Each call is one short JVM (~2 s): fine for creating tables and reading region metrics, not for
 * anything per row.
 */
export async function runLabAdmin(cfg: LabConfig, args: string[], jars?: ComponentJars): Promise<string[]> {
  const hbaseJars = jars ?? (await ensureComponent(cfg, 'hbase', { quiet: true }));
  const tool = await ensureJavaTool(cfg, 'LabAdmin', hbaseJars);
  const javaArgs = [
    ...HBASE_JDK17_FLAGS,
    '-Xmx256m',
    `-D${labMarker('hbase-admin', cfg.home)}`,
    '-cp',
    [tool, hbaseJars.classpath].join(path.delimiter),
    'LabAdmin',
    cfg.stack.host,
    String(cfg.ports.zookeeper),
    ...args,
  ];
  try {
    const { stdout } = await run(javaBin(), javaArgs, { maxBuffer: 16 << 20, timeout: 120_000 });
    return stdout.split('\n').filter((l) => l.trim() !== '');
  } catch (err) {
    const e = err as { stderr?: string };
    const said = (e.stderr ?? '').split('\n').filter((l) => /Exception|ERROR/.test(l)).slice(0, 5).join('\n');
    throw new LabError(`HBase admin command \`${args.slice(0, 3).join(' ')}\` failed`, {
      cause: err,
      hint: `HBase said: ${said || 'nothing'}\nIs HBase up? \`lab status\` shows it, \`lab logs hbase\` shows why not.`,
    });
  }
}

/** Creates each table that does not exist (family `info`); `name@a,b` pre-splits into [,a) [a,b) [b,). */
export async function createLabTables(cfg: LabConfig, specs: string[]): Promise<string[]> {
  const lines = await runLabAdmin(cfg, ['create-tables', cfg.tables.family, ...specs]);
  return lines.filter((l) => /^(created|exists) /.test(l));
}

/** Disables and deletes each table that exists (lessons clean up the tables they create). */
export async function dropTables(cfg: LabConfig, tables: string[]): Promise<string[]> {
  if (tables.length === 0) return [];
  const lines = await runLabAdmin(cfg, ['drop-tables', ...tables]);
  return lines.filter((l) => /^(dropped|absent) /.test(l));
}
