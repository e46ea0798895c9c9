import * as fs from 'node:fs';
import * as path from 'node:path';
import { labPaths, type LabConfig } from '../config';
import { generateBulk } from '../generator/bulk';
import type { TruthSummary } from '../generator/truth';
import { parseLine } from '../logformat';
import { classify, loadSearchEngines } from '../schema';

export interface SampleOptions {
  seed: string | number;
  lines: number;
  /** First day, yyyy-MM-dd. */
  startDay: string;
  days?: number;
  malformedRate?: number;
}

export interface Sample {
  file: string;
  lines: string[];
  truth: TruthSummary;
}

/**
 * A generated sample for exploring in a notebook: written under `<lab home>/samples/` — not Flume's
 * directory, so nothing is shipped — and read back as lines, with the generator's ground truth.
 */
export async function generateSample(cfg: LabConfig, opts: SampleOptions): Promise<Sample> {
  const dir = path.join(labPaths(cfg).home, 'samples');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `sample-${opts.seed}.log`);
  const bulk: Parameters<typeof generateBulk>[0] = { seed: opts.seed, lines: opts.lines, startDay: opts.startDay, projectRoot: cfg.projectRoot };
  if (opts.days !== undefined) bulk.days = opts.days;
  if (opts.malformedRate !== undefined) bulk.malformedRate = opts.malformedRate;
  const truth = await generateBulk(bulk, file);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return { file, lines, truth };
}

/** One line as a table row: the parsed fields plus what the counting rules make of it. */
export interface SampleRow {
  ip: string;
  time: string;
  day: string;
  hour: number;
  method: string;
  path: string;
  status: number;
  referer: string;
  /** Course id for a course click, else -1. */
  courseId: number;
  /** The search engine's host for a search click, else ''. */
  engine: string;
}

/**
 * Well-formed lines as rows for a data frame (danfojs wants flat, same-typed columns: no nulls), and the
 * malformed ones with their reason code.
 */
export function sampleRows(cfg: Pick<LabConfig, 'projectRoot'>, lines: readonly string[]): { rows: SampleRow[]; malformed: { line: string; reason: string }[] } {
  const engines = loadSearchEngines(cfg.projectRoot);
  const rows: SampleRow[] = [];
  const malformed: { line: string; reason: string }[] = [];
  for (const line of lines) {
    const p = parseLine(line);
    if (!p.ok) {
      malformed.push({ line, reason: p.reason });
      continue;
    }
    const r = p.record;
    const c = classify(r, engines);
    rows.push({
      ip: r.ip,
      time: r.time,
      day: r.time.slice(0, 10),
      hour: Number(r.time.slice(11, 13)),
      method: r.method,
      path: r.path,
      status: r.status,
      referer: r.referer ?? '-',
      courseId: c.kind === 'course' ? c.courseId : -1,
      engine: c.kind === 'course' ? (c.searchEngine ?? '') : '',
    });
  }
  return { rows, malformed };
}
