import * as fs from 'node:fs';
import { courseRowKey, searchRowKey } from '../schema';

/**
 * The ground truth of a generated log: what the generator chose to write, counted as it chose it — never by
 * parsing its own output, so a parser bug shows up as a difference instead of hiding in both.
 */
export interface TruthSummary {
  seed: string;
  lines: number;
  /** Course clicks (well-formed lines on /class/<id>.html). */
  counted: number;
  searchClicks: number;
  /** Well-formed lines that are not course clicks. */
  other: number;
  malformed: number;
  days: string[];
  /** Expected `info:click_count` per row key of course_clickcount / course_search_clickcount. */
  course: Record<string, number>;
  search: Record<string, number>;
}

/** A TruthCounter's state as plain data: totals [lines, counted, searchClicks, other, malformed] and per-day arrays. */
export interface TruthCounts {
  totals: [number, number, number, number, number];
  days: string[];
  course: Uint32Array[];
  search: Uint32Array[];
}

export class TruthCounter {
  readonly summary: TruthSummary;
  private readonly dayIdx = new Map<string, number>();
  private readonly courseCounts: Uint32Array[] = [];
  private readonly searchCounts: Uint32Array[] = [];

  constructor(
    seed: string,
    private readonly courseIds: readonly number[],
    private readonly engineHosts: readonly string[],
  ) {
    this.summary = { seed, lines: 0, counted: 0, searchClicks: 0, other: 0, malformed: 0, days: [], course: {}, search: {} };
  }

  /** Index of a `yyyyMMdd` day, registering it on first use. */
  day(day: string): number {
    let i = this.dayIdx.get(day);
    if (i === undefined) {
      i = this.courseCounts.length;
      this.dayIdx.set(day, i);
      this.courseCounts.push(new Uint32Array(this.courseIds.length));
      this.searchCounts.push(new Uint32Array(this.courseIds.length * this.engineHosts.length));
    }
    return i;
  }

  courseClick(dayIndex: number, courseIndex: number, engineIndex: number): void {
    this.summary.lines++;
    this.summary.counted++;
    (this.courseCounts[dayIndex] as Uint32Array)[courseIndex]++;
    if (engineIndex >= 0) {
      this.summary.searchClicks++;
      (this.searchCounts[dayIndex] as Uint32Array)[engineIndex * this.courseIds.length + courseIndex]++;
    }
  }

  other(): void {
    this.summary.lines++;
    this.summary.other++;
  }

  malformed(): void {
    this.summary.lines++;
    this.summary.malformed++;
  }

  /** The counts so far, as plain data (to send from a worker thread). */
  counts(): TruthCounts {
    const { lines, counted, searchClicks, other, malformed } = this.summary;
    return { totals: [lines, counted, searchClicks, other, malformed], days: [...this.dayIdx.keys()], course: this.courseCounts, search: this.searchCounts };
  }

  /** Adds another counter's counts (same courses and engines), e.g. one chunk generated on another thread. */
  add(c: TruthCounts): void {
    const s = this.summary;
    s.lines += c.totals[0];
    s.counted += c.totals[1];
    s.searchClicks += c.totals[2];
    s.other += c.totals[3];
    s.malformed += c.totals[4];
    c.days.forEach((day, i) => {
      const d = this.day(day);
      const course = c.course[i] as Uint32Array;
      const search = c.search[i] as Uint32Array;
      course.forEach((n, k) => ((this.courseCounts[d] as Uint32Array)[k] += n));
      search.forEach((n, k) => ((this.searchCounts[d] as Uint32Array)[k] += n));
    });
  }

  /** The summary with per-row-key totals filled in. */
  finish(): TruthSummary {
    const s = this.summary;
    s.days = [...this.dayIdx.keys()].sort();
    s.course = {};
    s.search = {};
    for (const [day, d] of this.dayIdx) {
      this.courseIds.forEach((id, c) => {
        const n = (this.courseCounts[d] as Uint32Array)[c] as number;
        if (n > 0) s.course[courseRowKey(day, id)] = n;
        this.engineHosts.forEach((host, e) => {
          const m = (this.searchCounts[d] as Uint32Array)[e * this.courseIds.length + c] as number;
          if (m > 0) s.search[searchRowKey(day, host, id)] = m;
        });
      });
    }
    return s;
  }
}

export function writeTruth(file: string, t: TruthSummary): void {
  fs.writeFileSync(file, `${JSON.stringify(t, null, 1)}\n`);
}

export function readTruth(file: string): TruthSummary {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as TruthSummary;
}
