import { eventTimeMs, formatEventTime } from '../logformat';
import { fileSink } from './bulk';
import { loadCatalog } from './catalog';
import { planIncidents, type Incident } from './incidents';
import { LineModel, peopleFor } from './model';
import { IncidentOverlay } from './overlay';
import { Random } from './random';
import { TruthCounter, type TruthSummary } from './truth';

export interface TimelineOptions {
  seed: string;
  /** The first second, `yyyy-MM-dd HH:mm:ss`. */
  start: string;
  seconds: number;
  /** Background lines per simulated second. */
  rate: number;
  bots?: number;
  errorBursts?: number;
  malformedRate?: number;
  projectRoot: string;
}

/** A run's ground truth with the incidents written into it, and the event time the run covered (ms). */
export type TimelineTruth = TruthSummary & { incidents: Incident[]; span: { from: number; to: number } };

/**
 * History with incidents (issue #19), in time order: `rate` lines stamped with each simulated second from `start`,
 * then the bots' requests of that second, written as fast as the disk takes them. Unlike bulk output (whose lines
 * fall anywhere in their days), the lines follow the clock, as live ones do, so windows over them are what a
 * detector would have seen live: the history a model is trained on.
 */
export async function generateTimeline(opts: TimelineOptions, file: string): Promise<TimelineTruth> {
  const { courses, engines } = loadCatalog(opts.projectRoot);
  const model = new LineModel(new Random(opts.seed), courses, engines, opts.malformedRate ?? 0, peopleFor(opts.rate));
  const truth = new TruthCounter(opts.seed, courses.map((c) => c.id), engines.map((e) => e.host));
  const from = eventTimeMs(opts.start);
  const incidents = planIncidents({ seed: opts.seed, from, to: from + opts.seconds * 1000, bots: opts.bots ?? 0, errorBursts: opts.errorBursts ?? 0, courseIds: courses.map((c) => c.id) });
  const overlay = new IncidentOverlay(incidents, courses, opts.seed);
  const out = await fileSink(file);
  const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
  // The sink has written a buffer once its write settles: it is filled again from the start.
  const flush = async (o: number) => {
    if (o > 0) await out.write(buf.subarray(0, o));
    return 0;
  };
  try {
    let o = 0;
    for (let s = 0; s < opts.seconds; s++) {
      const t = from + s * 1000;
      const stamp = formatEventTime(t);
      const date = Buffer.from(stamp.slice(0, 10), 'ascii');
      const second = Math.floor((t % 86_400_000) / 1000);
      const dayIndex = truth.day(stamp.slice(0, 10).replace(/-/g, ''));
      for (let k = 0; k < opts.rate; k++) {
        if (o > buf.length - 4096) o = await flush(o);
        o = model.writeLine(buf, o, date, second, dayIndex, truth);
        overlay.afterLine(buf, model, t);
      }
      const bots = overlay.botLines(t + 1000, stamp, dayIndex, truth);
      if (bots.length > 0) {
        o = await flush(o);
        await out.write(Buffer.from(bots));
      }
    }
    await flush(o);
  } finally {
    await out.close();
  }
  return { ...truth.finish(), incidents, span: { from, to: from + opts.seconds * 1000 } };
}
