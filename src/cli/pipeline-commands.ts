import * as fs from 'node:fs';
import * as path from 'node:path';
import { labPaths, type LabConfig } from '../config';
import { dashboardUrl } from '../dashboard';
import { LabError } from '../errors';
import { generateBulk, generateLive, readTruth, writeTruth, type TruthSummary } from '../generator';
import { HBaseClient } from '../hbase';
import { verifyTotals } from '../stream/verify';
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
    });
    const truthFile = path.join(labPaths(cfg).run, `truth-live-${a.seed}-${Date.now()}.json`);
    writeTruth(truthFile, truth);
    console.error(`${summary(truth)}\nground truth: ${truthFile} (check it with \`lab verify ${truthFile}\`)`);
    return 0;
  }
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

export async function verifyCommand(cfg: LabConfig, truthFile: string | undefined): Promise<number> {
  if (!truthFile || !fs.existsSync(truthFile)) {
    throw new LabError(`Expected a ground-truth file, got \`${truthFile ?? ''}\``, { hint: '`lab generate` writes one and prints its path.' });
  }
  const truth = readTruth(truthFile);
  const hbase = await HBaseClient.forLab(cfg);
  try {
    const diffs = await verifyTotals(hbase, cfg, truth);
    if (diffs.length === 0) {
      console.log(`exact: HBase holds ${truth.counted} course clicks and ${truth.searchClicks} search clicks over ${truth.days.length} day(s), as generated`);
      return 0;
    }
    for (const d of diffs.slice(0, 50)) console.log(`${d.table} ${d.row}: expected ${d.expected}, HBase has ${d.actual} (${d.actual > d.expected ? '+' : ''}${d.actual - d.expected})`);
    if (diffs.length > 50) console.log(`… and ${diffs.length - 50} more`);
    const m = pipelineMetrics(cfg);
    console.log(`${diffs.length} row(s) differ. If the job is still catching up (lag ${m.lag}), wait and run verify again.`);
    return 1;
  } finally {
    hbase.close();
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
