import * as fs from 'node:fs';
import * as path from 'node:path';
import { labPaths, type LabConfig } from '../config';
import { dashboardUrl } from '../dashboard';
import { LabError } from '../errors';
import { generateBulk, generateLive, generateTimeline, readTruth, writeTruth, type TruthSummary } from '../generator';
import { formatEventTime } from '../logformat';
import { verifyTotals } from '../stream/verify';
import { HBASE_JOB, SQL_JOB } from '../stream/workers';
import { compareStores, isStoreName, openStore, STORE_NAMES, type StoreName } from '../stores';
import { checkDay } from '../dashboard/queries';
import { pipelineMetrics } from '../dashboard/pipeline-metrics';
import { ProgressBar } from '../util/progress';

export interface GenerateArgs {
  live: boolean;
  lines: number;
  rate: number;
  durationSec: number | undefined;
  seed: string;
  start: string;
  days: number;
  malformed: number;
  out: string | undefined;
  /** Incidents to inject (issue #19): with either, and without --live, a time-ordered history is written. */
  bots: number;
  errorBursts: number;
}

function summary(t: TruthSummary): string {
  return `${t.lines} lines: ${t.counted} course clicks (${t.searchClicks} from search engines), ${t.other} other, ${t.malformed} malformed`;
}

/** Parses a positive number option, with a message that says what was expected. */
export function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new LabError(`Expected --${name} to be a number > 0, got \`${raw}\``);
  return n;
}

/** A whole number ≥ 0 (0 when absent). */
export function count(name: string, raw: string | undefined): number {
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new LabError(`Expected --${name} to be a whole number ≥ 0, got \`${raw}\``);
  return n;
}

/**
 * Flume's directory is append-only: the job knows a shipped line by its file and byte offset, so a file written
 * anew under a name Flume already shipped would have its lines taken for re-sends (docs/architecture.md, "Delivery guarantees").
 */
function refuseToRewriteShippedFile(cfg: LabConfig, out: string): void {
  if (path.resolve(path.dirname(out)) !== path.resolve(labPaths(cfg).flumeLogDir) || !fs.existsSync(out)) return;
  throw new LabError(`${out} already exists in Flume's directory: its lines were shipped, and writing it anew would lose the new ones`, {
    hint: 'Use another --seed (the file is named bulk-<seed>.log), or --out <file> elsewhere; append to a log file, never rewrite it.',
  });
}

export async function generateCommand(cfg: LabConfig, a: GenerateArgs): Promise<number> {
  const projectRoot = cfg.projectRoot;
  if (a.live) {
    const dir = labPaths(cfg).flumeLogDir;
    const file = `live-${a.seed}.log`;
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    console.error(`writing ${a.rate} lines/s to ${path.join(dir, file)}${a.durationSec ? ` for ${a.durationSec} s` : ' until Ctrl-C'}; dashboard: ${dashboardUrl(cfg)}`);
    const truth = await generateLive({
      seed: a.seed,
      rate: a.rate,
      durationMs: a.durationSec === undefined ? undefined : a.durationSec * 1000,
      signal: controller.signal,
      dir,
      file,
      malformedRate: a.malformed,
      projectRoot,
      bots: a.bots,
      errorBursts: a.errorBursts,
    });
    const truthFile = path.join(labPaths(cfg).run, `truth-live-${a.seed}-${Date.now()}.json`);
    writeTruth(truthFile, truth);
    const incidents = truth.incidents.length > 0 ? `; the detector's alerts: \`lab verify-alerts ${truthFile}\`` : '';
    console.error(`${summary(truth)}\nground truth: ${truthFile} (check it with \`lab verify ${truthFile}\`${incidents})`);
    return 0;
  }
  if (a.bots > 0 || a.errorBursts > 0) return historyCommand(cfg, a);
  const toStdout = a.out === '-';
  const out = toStdout ? process.stdout : (a.out ?? path.join(labPaths(cfg).flumeLogDir, `bulk-${a.seed}.log`));
  if (typeof out === 'string') {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    refuseToRewriteShippedFile(cfg, out);
  }
  const bar = new ProgressBar({ label: 'generate', total: a.lines, unit: 'lines' });
  const began = Date.now();
  const truth = await generateBulk(
    { seed: a.seed, lines: a.lines, startDay: a.start, days: a.days, malformedRate: a.malformed, projectRoot, onProgress: (n) => bar.update(n) },
    out,
  );
  bar.done(`${Math.round((a.lines / Math.max(1, Date.now() - began)) * 1000)} lines/s`);
  const truthFile = toStdout ? path.join(labPaths(cfg).run, `truth-bulk-${a.seed}.json`) : `${out as string}.truth.json`;
  fs.mkdirSync(path.dirname(truthFile), { recursive: true });
  writeTruth(truthFile, truth);
  console.error(`${summary(truth)}\nground truth: ${truthFile}`);
  return 0;
}

/** `lab generate --bots N --error-bursts M`: a time-ordered history with incidents (generateTimeline). */
async function historyCommand(cfg: LabConfig, a: GenerateArgs): Promise<number> {
  const out = a.out ?? path.join(labPaths(cfg).flumeLogDir, `history-${a.seed}.log`);
  if (out === '-') throw new LabError('A history with incidents is written to a file', { hint: 'Leave out --out (Flume\'s directory) or give a file name.' });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  refuseToRewriteShippedFile(cfg, out);
  const start = /^\d{4}-\d{2}-\d{2}$/.test(a.start) ? `${a.start} 00:00:00` : a.start;
  const seconds = a.durationSec ?? 3600;
  // Written aside and renamed into place: Flume must see the file whole, not while it grows.
  const staging = `${out}.partial`;
  const truth = await generateTimeline({ seed: a.seed, start, seconds, rate: a.rate, bots: a.bots, errorBursts: a.errorBursts, malformedRate: a.malformed, projectRoot: cfg.projectRoot }, staging);
  const truthFile = `${out}.truth.json`;
  writeTruth(truthFile, truth);
  fs.renameSync(staging, out);
  console.error(`${summary(truth)}\n${truth.incidents.map((i) => `  ${i.id} (${i.variant}) ${i.kind === 'bot' ? i.ip : `course ${i.courseId}`} ${formatEventTime(i.start)} – ${formatEventTime(i.end)}`).join('\n')}\nground truth: ${truthFile}`);
  return 0;
}

/** `--store hbase|sql`, or both stores when absent. */
export function storesOption(raw: string | undefined): StoreName[] {
  if (raw === undefined) return [...STORE_NAMES];
  if (!isStoreName(raw)) throw new LabError(`Expected --store to be ${STORE_NAMES.join(' or ')}, got \`${raw}\``, { hint: 'Leave it out to check both stores.' });
  return [raw];
}

const STORE_LABEL: Record<StoreName, string> = { hbase: 'HBase', sql: 'the SQL store' };

/** `lab verify <truth> [--store]`: each store against the ground truth; exit 1 if any differs. */
export async function verifyCommand(cfg: LabConfig, truthFile: string | undefined, store: string | undefined): Promise<number> {
  if (!truthFile || !fs.existsSync(truthFile)) {
    throw new LabError(`Expected a ground-truth file, got \`${truthFile ?? ''}\``, { hint: '`lab generate` writes one and prints its path.' });
  }
  const truth = readTruth(truthFile);
  let differ = 0;
  for (const name of storesOption(store)) {
    const opened = await openStore(cfg, name);
    try {
      const diffs = await verifyTotals(opened.totals, cfg, truth);
      const label = STORE_LABEL[name];
      if (diffs.length === 0) {
        console.log(`exact: ${label} holds ${truth.counted} course clicks and ${truth.searchClicks} search clicks over ${truth.days.length} day(s), as generated`);
        continue;
      }
      differ++;
      for (const d of diffs.slice(0, 50)) console.log(`${name} ${d.table} ${d.row}: expected ${d.expected}, ${label} has ${d.actual} (${d.actual > d.expected ? '+' : ''}${d.actual - d.expected})`);
      if (diffs.length > 50) console.log(`… and ${diffs.length - 50} more`);
      const lag = pipelineMetrics(cfg, name === 'hbase' ? HBASE_JOB : SQL_JOB).lag;
      console.log(`${diffs.length} row(s) of ${label} differ. If its job is still catching up (lag ${lag}), wait and run verify again.`);
    } finally {
      await opened.close();
    }
  }
  return differ === 0 ? 0 : 1;
}

/** `lab compare-stores [--day D]`: HBase and the SQL store, row by row. */
export async function compareStoresCommand(cfg: LabConfig, day: string | undefined): Promise<number> {
  if (day !== undefined && checkDay(day) !== true) throw new LabError(checkDay(day) as string);
  const hbase = await openStore(cfg, 'hbase');
  const sql = await openStore(cfg, 'sql');
  try {
    const c = await compareStores(hbase.totals, sql.totals, day === undefined ? undefined : [day]);
    const scope = day ?? `${c.days.length} day(s)`;
    if (c.differences.length === 0) {
      console.log(`equal: HBase and the SQL store hold the same ${c.rows.course} course rows and ${c.rows.search} search rows over ${scope}`);
      return 0;
    }
    console.log('table  row                                   HBase        SQL');
    for (const d of c.differences.slice(0, 50)) console.log(`${d.table.padEnd(6)} ${d.row.padEnd(36)} ${String(d.left).padStart(8)} ${String(d.right).padStart(10)}`);
    if (c.differences.length > 50) console.log(`… and ${c.differences.length - 50} more`);
    const lags = { hbase: pipelineMetrics(cfg, HBASE_JOB).lag, sql: pipelineMetrics(cfg, SQL_JOB).lag };
    console.log(
      lags.hbase + lags.sql > 0
        ? `${c.differences.length} row(s) differ over ${scope} while the jobs catch up (HBase job lag ${lags.hbase}, SQL job lag ${lags.sql}): run it again when both lags are 0.`
        : `${c.differences.length} row(s) differ over ${scope} with both jobs caught up: rows written into one store directly (a lesson's or a test's), or counted before the other store's job existed. \`lab compare-stores --day <day>\` checks one day; \`lab reset --yes\` starts both stores afresh.`,
    );
    return 1;
  } finally {
    await Promise.all([hbase.close(), sql.close()]);
  }
}

/** `lab demo`: live clicks at a gentle rate, with the running totals printed each second. */
export async function demoCommand(cfg: LabConfig, rate: number): Promise<number> {
  console.log(`Generating ${rate} lines/s into Flume's directory. Watch ${dashboardUrl(cfg)} — Ctrl-C stops.`);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const timer = setInterval(() => {
    const m = pipelineMetrics(cfg);
    console.log(`${new Date().toLocaleTimeString()}  ${m.linesPerSec} lines/s through the job · ${m.counted} counted · ${m.malformed} malformed · lag ${m.lag}`);
  }, 1000);
  try {
    await generateLive({ seed: `demo-${Date.now()}`, rate, signal: controller.signal, dir: labPaths(cfg).flumeLogDir, file: 'demo.log', malformedRate: 0.01, projectRoot: cfg.projectRoot });
  } finally {
    clearInterval(timer);
  }
  return 0;
}
