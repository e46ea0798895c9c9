import { parseLine, type MalformedReason } from '../src/logformat';
import { ByDayCourse } from '../src/stream/by-day';
import { classify } from '../src/schema/counting-rules';
import type { SearchEngines } from '../src/schema/search-engines';
import { courseRowKey, dayString, searchRowKey } from '../src/schema/row-keys';
import { newScanResult, scanLine, SCAN_COURSE, SCAN_OTHER } from '../src/stream/scan';

/**
 * One micro-batch's counting, as plain functions of its lines — no Kafka, no HBase: lines in, per-row-key
 * totals for `course_clickcount` and `course_search_clickcount` and the batch's counters out. A line is decided
 * by the byte fast path (scan.ts) when it is canonical, else by parseLine + classify; both give the same answer.
 */
export type LineKind = 'course' | 'other' | 'malformed';

export interface ClickTotals {
  /** Lines seen. */
  lines: number;
  /** Course clicks (rows of course_clickcount incremented). */
  counted: number;
  /** Course clicks that came from a search engine (rows of course_search_clickcount incremented). */
  searchClicks: number;
  /** Well-formed lines that are not course clicks. */
  filtered: number;
  malformed: number;
  malformedByReason: Partial<Record<MalformedReason, number>>;
}

export interface AggregatorOptions {
  /** Told about each malformed line (e.g. to send it to the dead-letter topic with its reason). */
  onMalformed?: (line: string, reason: MalformedReason, detail: string) => void;
}

const NEWLINE = 10;

export class ClickAggregator {
  /** Per (day, course): [clicks, clicks from engine 0, engine 1, …]. */
  private readonly counts: ByDayCourse<Float64Array>;
  private readonly scan = newScanResult();
  private readonly t: ClickTotals = { lines: 0, counted: 0, searchClicks: 0, filtered: 0, malformed: 0, malformedByReason: {} };

  constructor(
    private readonly engines: SearchEngines,
    private readonly options: AggregatorOptions = {},
  ) {
    const slots = 1 + engines.hosts.length;
    this.counts = new ByDayCourse(() => new Float64Array(slots));
  }

  /** One line, without its newline: bytes [start, end) of `b`, or a string. */
  addLine(line: Uint8Array | string, start = 0, end = line.length): LineKind {
    this.t.lines++;
    if (typeof line !== 'string') {
      const kind = scanLine(line, start, end, this.engines, this.scan);
      if (kind === SCAN_COURSE) {
        this.click(this.scan.day, this.scan.courseId, this.scan.engine);
        return 'course';
      }
      if (kind === SCAN_OTHER) {
        this.t.filtered++;
        return 'other';
      }
    }
    const text = typeof line === 'string' ? line.slice(start, end) : Buffer.from(line.buffer, line.byteOffset + start, end - start).toString('utf8');
    return this.addParsed(text);
  }

  /**
   * Newline-separated lines, e.g. a file chunk or a Kafka batch joined. Each `\n` ends a line; text after the
   * last `\n` is a line too (an empty tail is not), so a chunk must end on a line boundary.
   */
  addChunk(chunk: Uint8Array): void {
    const n = chunk.length;
    let start = 0;
    while (start < n) {
      let nl = chunk.indexOf(NEWLINE, start);
      if (nl < 0) nl = n;
      this.addLine(chunk, start, nl);
      start = nl + 1;
    }
  }

  /** The slow path: every variant, and the reason of a malformed line. */
  private addParsed(text: string): LineKind {
    const parsed = parseLine(text);
    if (!parsed.ok) {
      const t = this.t;
      t.malformed++;
      t.malformedByReason[parsed.reason] = (t.malformedByReason[parsed.reason] ?? 0) + 1;
      this.options.onMalformed?.(text, parsed.reason, parsed.detail);
      return 'malformed';
    }
    const c = classify(parsed.record, this.engines);
    if (c.kind === 'other') {
      this.t.filtered++;
      return 'other';
    }
    this.click(Number(c.day), c.courseId, c.searchEngine === null ? -1 : this.engines.indexOf(c.searchEngine));
    return 'course';
  }

  private click(day: number, courseId: number, engine: number): void {
    const slots = this.counts.get(day, courseId);
    slots[0]++;
    this.t.counted++;
    if (engine >= 0) {
      (slots[engine + 1] as number)++;
      this.t.searchClicks++;
    }
  }

  totals(): ClickTotals {
    return { ...this.t, malformedByReason: { ...this.t.malformedByReason } };
  }

  /** course_clickcount: row key → clicks in this batch. */
  courseCounts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [day, id, slots] of this.counts.entries()) out.set(courseRowKey(dayString(day), id), slots[0] as number);
    return out;
  }

  /** course_search_clickcount: row key → clicks in this batch (rows with no clicks are left out). */
  searchCounts(): Map<string, number> {
    const out = new Map<string, number>();
    const hosts = this.engines.hosts;
    for (const [day, id, slots] of this.counts.entries()) {
      for (let e = 0; e < hosts.length; e++) {
        const n = slots[e + 1] as number;
        if (n > 0) out.set(searchRowKey(dayString(day), hosts[e] as string, id), n);
      }
    }
    return out;
  }
}

/** Counts a whole buffer of newline-separated lines in one call. */
export function aggregateChunk(chunk: Uint8Array, engines: SearchEngines, options?: AggregatorOptions): ClickAggregator {
  const agg = new ClickAggregator(engines, options);
  agg.addChunk(chunk);
  return agg;
}
