import * as fs from 'node:fs';
import * as path from 'node:path';
import { labPaths, type LabConfig } from '../config';
import type { FlumeMetrics } from '../stack/services';

/** The agent's configuration exactly as `lab up` rendered it from src/stack/templates/flume/flume.conf. */
export function renderedFlumeConfig(cfg: LabConfig): string {
  return fs.readFileSync(path.join(labPaths(cfg).serviceConf('flume'), 'flume.conf'), 'utf8');
}

// The parser of Flume's config format lives with the Flume service; lessons read configs with it too.
export { parseProperties } from '../stack/services';

/**
 * The figures that tell whether events flow: what the source took in, what the Kafka channel delivered to
 * Kafka (a put succeeds once Kafka acknowledged it), and how many channel transactions were rolled back
 * (Kafka unreachable: TAILDIR then reads those lines again).
 */
export interface FlumeFlow {
  sourceAccepted: number;
  deliveredToKafka: number;
  rollbacks: number;
}

export function flumeFlow(m: FlumeMetrics): FlumeFlow {
  const n = (component: string, attr: string) => Number(m[component]?.[attr] ?? 0);
  return {
    sourceAccepted: n('SOURCE.r1', 'EventAcceptedCount'),
    deliveredToKafka: n('CHANNEL.c1', 'EventPutSuccessCount'),
    rollbacks: n('CHANNEL.c1', 'RollbackCount'),
  };
}

/**
 * Appends lines to `<name>.log` in the directory Flume tails, as the generator does; returns the file.
 * One write, so TAILDIR sees whole lines.
 */
export function shipLines(cfg: LabConfig, name: string, lines: readonly string[]): string {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new RangeError(`Expected a plain file name, got \`${name}\``);
  const dir = labPaths(cfg).flumeLogDir;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.log`);
  fs.appendFileSync(file, lines.map((l) => `${l}\n`).join(''));
  return file;
}

/** One entry of TAILDIR's position file: how far into which file (by inode, so a renamed file keeps its place). */
export interface TaildirPosition {
  inode: number;
  pos: number;
  file: string;
}

/** TAILDIR's position file as it is now (Flume rewrites it every 3 s by default); empty before the first file. */
export function taildirPositions(cfg: LabConfig): TaildirPosition[] {
  const file = path.join(labPaths(cfg).serviceData('flume'), 'taildir_position.json');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
  return text ? (JSON.parse(text) as TaildirPosition[]) : [];
}
