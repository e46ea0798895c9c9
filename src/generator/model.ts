import { FIELD_SEPARATOR, formatReferer, formatRequest } from '../logformat';
import { COURSE_PAGE_SHARE, coursePopularity, KEYWORDS, METHODS, OTHER_PAGES, OTHER_SITES, REFERER_SHARES, STATUSES, type Course, type Engine } from './catalog';
import { malformedLine } from './malformed';
import { Random, WeightedPicker } from './random';
import type { TruthCounter } from './truth';

/**
 * Draws one request at a time and writes it as a log line straight into a byte buffer. Every piece that
 * repeats is encoded once up front — the ip, the request together with each status, the referer — so a line
 * is three block copies plus the date and clock written byte by byte: that is what lets bulk generation keep
 * up with the disk. Copies use Uint8Array#set: Buffer#copy builds a view per call, which cost a third of the
 * generator's time.
 */
const enc = (s: string) => Buffer.from(s, 'utf8');
/** Bulk generation's people: a power of two, drawn with a mask (bulk output depends on it: do not change). */
const IP_POOL = 4096;

/**
 * Seconds between two requests of one person, on average, in the clock-ordered modes (live, history with
 * incidents): a busier site has more people, not faster ones, so a person's window looks the same at 100 and at
 * 5,000 lines/s and a bot model trained at one rate reads the other (issue #19).
 */
export const SECONDS_BETWEEN_REQUESTS = 8;

/** The people behind `rate` lines a second, each browsing at human pace. */
export const peopleFor = (rate: number) => Math.max(16, Math.round(rate * SECONDS_BETWEEN_REQUESTS));

interface Page {
  /** Per status: `\t"GET /class/112.html HTTP/1.1"\t200\t`. */
  withStatus: Buffer[];
  courseIndex: number; // -1 for other pages
}

export class LineModel {
  private readonly ips: Buffer[];
  private readonly pages: Page[][]; // [method][page]
  private readonly pagePick: WeightedPicker;
  private readonly methodPick = new WeightedPicker(METHODS.map((m) => m.share));
  private readonly statusPick = new WeightedPicker(STATUSES.map((s) => s.share));
  private readonly refererKindPick = new WeightedPicker([REFERER_SHARES.none, REFERER_SHARES.search, REFERER_SHARES.site]);
  private readonly enginePick: WeightedPicker;
  private readonly engineReferers: Buffer[][]; // [engine][keyword] `https://host/s?wd=kw\n`
  private readonly siteReferers = OTHER_SITES.map((s) => enc(`${formatReferer(s)}\n`));
  private readonly noReferer = enc(`${formatReferer(null)}\n`);
  /** Of the line writeLine wrote last: its course's index (-1: not a course page, or malformed) and where its 3-digit status starts. */
  lastCourseIndex = -1;
  lastStatusOffset = -1;

  constructor(
    private rng: Random,
    courses: readonly Course[],
    engines: readonly Engine[],
    private readonly malformedRate: number,
    /** How many IPs the people have (default: bulk's IP_POOL). */
    private readonly people = IP_POOL,
  ) {
    if (!(malformedRate >= 0 && malformedRate < 1)) throw new RangeError(`Expected malformedRate in [0, 1), got ${malformedRate}`);
    const T = FIELD_SEPARATOR;
    this.ips = Array.from({ length: people }, () => enc(`${1 + rng.int(223)}.${rng.int(256)}.${rng.int(256)}.${1 + rng.int(254)}${T}`));
    const coursePaths = courses.map((c) => `/class/${c.id}.html`);
    const paths = [...coursePaths, ...OTHER_PAGES];
    this.pages = METHODS.map((m) =>
      paths.map((p, i) => ({
        withStatus: STATUSES.map((s) => enc(`${T}${formatRequest(m.method, p, 'HTTP/1.1')}${T}${s.status}${T}`)),
        courseIndex: i < courses.length ? i : -1,
      })),
    );
    const popularity = coursePopularity(courses.length);
    const popSum = popularity.reduce((s, w) => s + w, 0);
    this.pagePick = new WeightedPicker([
      ...popularity.map((w) => (COURSE_PAGE_SHARE * w) / popSum),
      ...OTHER_PAGES.map(() => (1 - COURSE_PAGE_SHARE) / OTHER_PAGES.length),
    ]);
    this.enginePick = new WeightedPicker(engines.map((e) => e.share));
    this.engineReferers = engines.map((e) => KEYWORDS.map((k) => enc(`${formatReferer(`https://${e.host}${e.searchPath}${k}`)}\n`)));
  }

  /**
   * Draws from `rng` from now on. The ip pool built at construction stays: bulk generation builds one model per
   * thread and gives each chunk of lines its own seeded sequence.
   */
  reseed(rng: Random): void {
    this.rng = rng;
  }

  /**
   * Writes one line (with its newline) at `offset` and returns the new offset. `date` holds the 10 bytes
   * `yyyy-MM-dd`; `second` is the second of that day. The truth records what was chosen.
   */
  writeLine(out: Buffer, offset: number, date: Buffer, second: number, dayIndex: number, truth: TruthCounter): number {
    const rng = this.rng;
    const ip = this.ips[this.people === IP_POOL ? rng.next() & (IP_POOL - 1) : rng.int(this.people)] as Buffer;
    const page = (this.pages[this.methodPick.pick(rng)] as Page[])[this.pagePick.pick(rng)] as Page;
    const request = page.withStatus[this.statusPick.pick(rng)] as Buffer;
    const kind = this.refererKindPick.pick(rng);
    let engine = -1;
    let referer: Buffer;
    if (kind === 0) referer = this.noReferer;
    else if (kind === 1) {
      engine = this.enginePick.pick(rng);
      const kws = this.engineReferers[engine] as Buffer[];
      referer = kws[rng.int(kws.length)] as Buffer;
    } else referer = this.siteReferers[rng.int(this.siteReferers.length)] as Buffer;

    let o = offset;
    out.set(ip, o);
    o += ip.length;
    for (let i = 0; i < 10; i++) out[o + i] = date[i] as number; // yyyy-MM-dd
    out[o + 10] = 32; // space
    o = writeClock(out, o + 11, second);
    out.set(request, o);
    o += request.length;
    this.lastStatusOffset = o - 4; // request ends `\t<status>\t`
    this.lastCourseIndex = page.courseIndex;
    out.set(referer, o);
    o += referer.length;

    if (this.malformedRate > 0 && rng.float() < this.malformedRate) {
      const good = out.toString('utf8', offset, o - 1);
      const bad = enc(`${malformedLine(good, rng)}\n`);
      truth.malformed();
      this.lastCourseIndex = -1;
      return offset + bad.copy(out, offset);
    }
    if (page.courseIndex >= 0) truth.courseClick(dayIndex, page.courseIndex, engine);
    else truth.other();
    return o;
  }

  /** The same draw as a string, for callers that want one line at a time (tests, notebooks). */
  line(date: string, second: number, dayIndex: number, truth: TruthCounter): string {
    const buf = Buffer.alloc(4096);
    const end = this.writeLine(buf, 0, enc(date), second, dayIndex, truth);
    return buf.toString('utf8', 0, end - 1);
  }
}

function writeClock(out: Buffer, offset: number, second: number): number {
  const h = Math.floor(second / 3600);
  const m = Math.floor((second % 3600) / 60);
  const s = second % 60;
  out[offset] = 48 + Math.floor(h / 10);
  out[offset + 1] = 48 + (h % 10);
  out[offset + 2] = 58;
  out[offset + 3] = 48 + Math.floor(m / 10);
  out[offset + 4] = 48 + (m % 10);
  out[offset + 5] = 58;
  out[offset + 6] = 48 + Math.floor(s / 10);
  out[offset + 7] = 48 + (s % 10);
  return offset + 8;
}
