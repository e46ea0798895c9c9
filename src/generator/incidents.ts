import { LabError } from '../errors';
import { Random } from './random';

/**
 * Labelled incidents the generator can inject (issue #19), with their ground truth: what a detector should find.
 * Each kind has a few variants, so that a model trained on some has something to learn and something to miss.
 *
 * - Bots: one IP requesting course pages at a steady rate well above a person's, for minutes. The `crawler`
 *   walks the catalogue in order with no referer; the `scraper` picks pages at random, slower, and sends a
 *   referer from another site like a person following a link (the hard one).
 * - Error bursts: one course's requests fail with 5xx for a minute or two: an `outage` fails almost all of them,
 *   a `degraded` service about half.
 */
export type IncidentKind = 'bot' | 'error-burst';
export type BotVariant = 'crawler' | 'scraper';
export type ErrorBurstVariant = 'outage' | 'degraded';

interface IncidentBase {
  /** Stable within a run: `bot-1`, `error-burst-2`. */
  id: string;
  /** Event time (the written wall clock read as UTC, ms), start included, end excluded. */
  start: number;
  end: number;
}

export interface BotIncident extends IncidentBase {
  kind: 'bot';
  variant: BotVariant;
  ip: string;
  /** Requests per second. */
  rate: number;
}

export interface ErrorBurstIncident extends IncidentBase {
  kind: 'error-burst';
  variant: ErrorBurstVariant;
  courseId: number;
  /** Share of the course's requests answered with a 5xx during the burst. */
  errorShare: number;
}

export type Incident = BotIncident | ErrorBurstIncident;

export interface IncidentPlanOptions {
  seed: string;
  /** The stretch of event time incidents are placed in (ms, as Incident.start). */
  from: number;
  to: number;
  bots: number;
  errorBursts: number;
  courseIds: readonly number[];
  lengths?: IncidentLengths;
}

/** How long incidents last, and the time left free at both ends of a run (windows around every incident). */
export interface IncidentLengths {
  botSeconds: { min: number; max: number };
  burstSeconds: { min: number; max: number };
  marginMs: number;
}

/** Bots browse for minutes, bursts last a minute or two; a minute free at each end. */
export const USUAL_INCIDENTS: IncidentLengths = { botSeconds: { min: 90, max: 240 }, burstSeconds: { min: 60, max: 150 }, marginMs: 60_000 };
/** Half-minute incidents in a run of under two minutes: a lesson's live demonstration, not a model's training data. */
export const SHORT_INCIDENTS: IncidentLengths = { botSeconds: { min: 30, max: 40 }, burstSeconds: { min: 30, max: 40 }, marginMs: 20_000 };

const between = (rng: Random, min: number, max: number) => min + rng.float() * (max - min);

/**
 * Where and what the incidents are, from the seed alone. Each bot gets its own 10.x address (an IP names one
 * incident at most), and each burst its own course.
 */
export function planIncidents(opts: IncidentPlanOptions): Incident[] {
  const rng = new Random(`${opts.seed}/incidents`);
  const { botSeconds: BOT_SECONDS, burstSeconds: BURST_SECONDS, marginMs: MARGIN_MS } = opts.lengths ?? USUAL_INCIDENTS;
  const span = opts.to - opts.from - 2 * MARGIN_MS;
  const longest = Math.max(opts.bots > 0 ? BOT_SECONDS.max : 0, opts.errorBursts > 0 ? BURST_SECONDS.max : 0) * 1000;
  if (longest > 0 && longest > span) {
    const needed = Math.ceil((longest + 2 * MARGIN_MS) / 1000);
    throw new LabError(`Incidents need a run of at least ${needed} s (${MARGIN_MS / 1000} s free at each end), got ${Math.round((opts.to - opts.from) / 1000)} s`, { hint: `Give --duration ${needed} or more.` });
  }
  const out: Incident[] = [];
  for (let i = 0; i < opts.bots; i++) {
    const seconds = Math.round(between(rng, BOT_SECONDS.min, BOT_SECONDS.max));
    const start = opts.from + MARGIN_MS + Math.floor(rng.float() * Math.max(0, span - seconds * 1000) / 1000) * 1000;
    const variant: BotVariant = rng.float() < 0.6 ? 'crawler' : 'scraper';
    out.push({
      id: `bot-${i + 1}`,
      kind: 'bot',
      variant,
      ip: `10.${(i >> 8) & 255}.${i & 255}.${1 + rng.int(254)}`,
      rate: variant === 'crawler' ? Math.round(between(rng, 4, 8)) : Math.round(between(rng, 2, 3)),
      start,
      end: start + seconds * 1000,
    });
  }
  const courses = [...opts.courseIds];
  for (let i = 0; i < opts.errorBursts && courses.length > 0; i++) {
    const seconds = Math.round(between(rng, BURST_SECONDS.min, BURST_SECONDS.max));
    const start = opts.from + MARGIN_MS + Math.floor(rng.float() * Math.max(0, span - seconds * 1000) / 1000) * 1000;
    const variant: ErrorBurstVariant = rng.float() < 0.5 ? 'outage' : 'degraded';
    const courseId = courses.splice(rng.int(courses.length), 1)[0] as number;
    out.push({ id: `error-burst-${i + 1}`, kind: 'error-burst', variant, courseId, errorShare: variant === 'outage' ? between(rng, 0.85, 0.95) : between(rng, 0.4, 0.6), start, end: start + seconds * 1000 });
  }
  return out.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
}

/** How many requests a bot makes in the second starting at `t` (ms): its rate while it runs, else 0. */
export function botRequestsAt(bot: BotIncident, t: number): number {
  return t >= bot.start && t < bot.end ? bot.rate : 0;
}

/** The error share of `courseId` at `t` under the bursts running then (the highest), or null for none. */
export function burstErrorShare(bursts: readonly ErrorBurstIncident[], courseId: number, t: number): number | null {
  let share: number | null = null;
  for (const b of bursts) if (b.courseId === courseId && t >= b.start && t < b.end) share = Math.max(share ?? 0, b.errorShare);
  return share;
}
