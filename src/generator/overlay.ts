import { formatLine } from '../logformat';
import { OTHER_SITES, type Course } from './catalog';
import { burstErrorShare, type BotIncident, type ErrorBurstIncident, type Incident } from './incidents';
import type { LineModel } from './model';
import { Random } from './random';
import type { TruthCounter } from './truth';

const STATUS_5XX = Buffer.from('503', 'ascii');

/**
 * Writes planned incidents (incidents.ts) into a stream of generated lines (issue #19). The background stays the
 * model's own draw, line for line; the overlay draws from a sequence of its own, so the same seed gives the same
 * people with or without incidents:
 * - during an error burst, a line of the burst's course is answered 503 with the burst's share (its status is
 *   rewritten in place: every status is three digits). Every status counts, so the ground truth is unchanged;
 * - a bot's requests are added as lines of their own, `rate` a second from its start, counted in the truth like
 *   any course click (without a search engine).
 */
export class IncidentOverlay {
  private readonly bots: BotIncident[];
  private readonly bursts: ErrorBurstIncident[];
  /** Requests each bot has written so far. */
  private readonly sent = new Map<string, number>();
  private readonly rng: Random;

  constructor(
    readonly incidents: readonly Incident[],
    private readonly courses: readonly Course[],
    seed: string,
  ) {
    this.bots = incidents.filter((i): i is BotIncident => i.kind === 'bot');
    this.bursts = incidents.filter((i): i is ErrorBurstIncident => i.kind === 'error-burst');
    this.rng = new Random(`${seed}/overlay`);
  }

  /** After `model` wrote a line into `buf` stamped at event time `t`: a burst running for its course fails it. */
  afterLine(buf: Buffer, model: LineModel, t: number): void {
    if (this.bursts.length === 0 || model.lastCourseIndex < 0) return;
    const share = burstErrorShare(this.bursts, (this.courses[model.lastCourseIndex] as Course).id, t);
    if (share !== null && this.rng.float() < share) buf.set(STATUS_5XX, model.lastStatusOffset);
  }

  /**
   * The bots' requests due by event time `t` (ms) and not written yet, stamped `stamp` (`yyyy-MM-dd HH:mm:ss`),
   * each with its newline, counted in `truth` for day `dayIndex`.
   */
  botLines(t: number, stamp: string, dayIndex: number, truth: TruthCounter): string {
    let out = '';
    for (const bot of this.bots) {
      if (t < bot.start) continue;
      const due = Math.floor((Math.min(t, bot.end) - bot.start) / 1000 * bot.rate);
      let n = this.sent.get(bot.id) ?? 0;
      for (; n < due; n++) {
        // A crawler walks the catalogue in order; a scraper picks pages at random and says where it came from.
        const c = bot.variant === 'crawler' ? n % this.courses.length : this.rng.int(this.courses.length);
        const referer = bot.variant === 'crawler' ? null : (OTHER_SITES[this.rng.int(OTHER_SITES.length)] as string);
        out += `${formatLine({ ip: bot.ip, time: stamp, method: 'GET', path: `/class/${(this.courses[c] as Course).id}.html`, protocol: 'HTTP/1.1', status: 200, referer })}\n`;
        truth.courseClick(dayIndex, c, -1);
      }
      this.sent.set(bot.id, n);
    }
    return out;
  }
}
