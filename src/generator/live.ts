import * as fs from 'node:fs';
import * as path from 'node:path';
import { eventTimeMs, formatLocalTime } from '../logformat';
import { planIncidents, type IncidentLengths } from './incidents';
import type { TimelineTruth } from './timeline';
import { IncidentOverlay } from './overlay';
import { loadCatalog } from './catalog';
import { LineModel, peopleFor } from './model';
import { Random } from './random';
import { TruthCounter } from './truth';
import { sleep } from '../util/wait';

export interface LiveOptions {
  seed: string | number;
  /** Lines per second. */
  rate: number;
  /** Stop after this long; without it, run until `signal` aborts. */
  durationMs?: number;
  signal?: AbortSignal;
  /** Appends to `<dir>/<file>` (Flume ships every *.log file in its directory). */
  dir: string;
  file?: string;
  malformedRate?: number;
  projectRoot: string;
  /** Called after every write with the lines and the course clicks written so far. */
  onTick?: (written: number, courseClicks: number) => void;
  /** Incidents to write in (issue #19), placed by the seed within the run (the next hour when it has no duration). */
  bots?: number;
  errorBursts?: number;
  /** How long incidents last (default USUAL_INCIDENTS). */
  incidentLengths?: IncidentLengths;
}

const TICK_MS = 50;

/**
 * Writes `rate` lines a second, each stamped with the local wall-clock time at which it is written (the
 * course stamped a whole run with one time). Writes every 50 ms, catching up to `rate × elapsed` so the
 * rate holds even when a tick is late.
 */
export async function generateLive(opts: LiveOptions): Promise<TimelineTruth> {
  if (!(opts.rate > 0)) throw new RangeError(`Expected a rate > 0 lines/s, got ${opts.rate}`);
  const { courses, engines } = loadCatalog(opts.projectRoot);
  const rng = new Random(opts.seed);
  const model = new LineModel(rng, courses, engines, opts.malformedRate ?? 0, peopleFor(opts.rate));
  const truth = new TruthCounter(String(opts.seed), courses.map((c) => c.id), engines.map((e) => e.host));
  fs.mkdirSync(opts.dir, { recursive: true });
  const file = path.join(opts.dir, opts.file ?? 'live.log');
  const fd = fs.openSync(file, 'a');
  const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
  const began = Date.now();
  const from = eventTimeMs(formatLocalTime(new Date(began)));
  const incidents = planIncidents({ seed: String(opts.seed), from, to: from + (opts.durationMs ?? 3_600_000), bots: opts.bots ?? 0, errorBursts: opts.errorBursts ?? 0, courseIds: courses.map((c) => c.id), ...(opts.incidentLengths ? { lengths: opts.incidentLengths } : {}) });
  const overlay = incidents.length > 0 ? new IncidentOverlay(incidents, courses, String(opts.seed)) : null;
  let written = 0;
  try {
    for (;;) {
      const now = Date.now();
      const elapsed = now - began;
      const done = (opts.durationMs !== undefined && elapsed >= opts.durationMs) || opts.signal?.aborted === true;
      const target = Math.floor((Math.min(elapsed, opts.durationMs ?? Infinity) * opts.rate) / 1000);
      const stamp = formatLocalTime(new Date(now));
      const date = Buffer.from(stamp.slice(0, 10), 'ascii');
      const second = Number(stamp.slice(11, 13)) * 3600 + Number(stamp.slice(14, 16)) * 60 + Number(stamp.slice(17, 19));
      const dayIndex = truth.day(stamp.slice(0, 10).replace(/-/g, ''));
      // The event time of this tick's lines, to the ms (the stamp has seconds only).
      const t = eventTimeMs(stamp) + (now % 1000);
      let o = 0;
      while (written < target && o < buf.length - 1024) {
        o = model.writeLine(buf, o, date, second, dayIndex, truth);
        overlay?.afterLine(buf, model, t);
        written++;
      }
      const botLines = overlay?.botLines(t, stamp, dayIndex, truth) ?? '';
      if (botLines.length > 0) {
        fs.writeSync(fd, buf, 0, o);
        fs.writeSync(fd, botLines);
        o = 0;
        opts.onTick?.(written, truth.summary.counted);
      }
      if (o > 0) {
        fs.writeSync(fd, buf, 0, o);
        opts.onTick?.(written, truth.summary.counted);
      }
      if (done) break;
      await sleep(TICK_MS);
    }
  } finally {
    fs.closeSync(fd);
  }
  return { ...truth.finish(), incidents, span: { from, to: eventTimeMs(formatLocalTime(new Date())) } };
}
