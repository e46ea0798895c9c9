/**
 * Event-time sliding windows for the detector (issue #19): every window is `lengthMs` long and a new one starts
 * every `slideMs`, so a line falls in `lengthMs / slideMs` windows. A window closes once the watermark — the
 * oldest of the partitions' newest event times, less the allowed lateness — has passed its end: a partition that
 * is behind holds every window open, so lines read out of order across partitions still land in their windows.
 */

export interface WindowSpec {
  lengthMs: number;
  slideMs: number;
  /** How far behind the newest line of its partition a line may be and still count. */
  latenessMs: number;
}

/** Per IP: a minute, to see how an IP browses. */
export const DETECTOR_WINDOWS: WindowSpec = { lengthMs: 60_000, slideMs: 5_000, latenessMs: 2_000 };
/** Per course: 20 s, so that a burst fills most of a window soon after it starts. */
export const COURSE_WINDOWS: WindowSpec = { lengthMs: 20_000, slideMs: 5_000, latenessMs: 2_000 };

/** The starts of the windows that contain `t`, oldest first. */
export function windowStarts(t: number, spec: WindowSpec): number[] {
  const last = Math.floor(t / spec.slideMs) * spec.slideMs;
  const out: number[] = [];
  for (let start = last - spec.lengthMs + spec.slideMs; start <= last; start += spec.slideMs) out.push(start);
  return out;
}

/** The start of the oldest window a watermark at `watermark` leaves open (windows ending at or before it close). */
export function firstOpenStart(watermark: number, spec: WindowSpec): number {
  return Math.floor((watermark - spec.lengthMs) / spec.slideMs) * spec.slideMs + spec.slideMs;
}

/** The oldest of the partitions' newest event times, less the lateness: no window ending after it may close. */
export class Watermark {
  private readonly newest = new Map<number, number>();

  constructor(private readonly latenessMs: number) {}

  observe(partition: number, t: number): void {
    if (t > (this.newest.get(partition) ?? -Infinity)) this.newest.set(partition, t);
  }

  /** Null until every partition in `partitions` has delivered a line. */
  value(partitions: readonly number[]): number | null {
    let min = Infinity;
    for (const p of partitions) {
      const t = this.newest.get(p);
      if (t === undefined) return null;
      min = Math.min(min, t);
    }
    return partitions.length === 0 ? null : min - this.latenessMs;
  }

  toJSON(): [number, number][] {
    return [...this.newest];
  }

  static from(latenessMs: number, state: [number, number][]): Watermark {
    const w = new Watermark(latenessMs);
    for (const [p, t] of state) w.observe(p, t);
    return w;
  }
}

export interface WindowsState<A> {
  open: [number, [string, A][]][];
  closedBefore: number | null;
  late: number;
}

export interface ClosedWindow<A> {
  start: number;
  end: number;
  key: string;
  acc: A;
}

/**
 * Keyed sliding windows, each holding an accumulator `A` that `add` folds a line into. `closeReady` hands back
 * the windows the watermark has passed, oldest first, once each. A line whose windows have all closed is late:
 * not added, only counted.
 */
export class SlidingWindows<A> {
  /** window start → key → accumulator, for windows not yet closed. */
  private readonly open = new Map<number, Map<string, A>>();
  /** Every window starting before this has been closed. */
  private closedBefore = -Infinity;
  late = 0;

  constructor(
    private readonly spec: WindowSpec,
    private readonly newAcc: () => A,
  ) {}

  /** Folds a line at event time `t` into each still-open window of `key` that contains it. */
  add(key: string, t: number, fold: (acc: A) => void): 'added' | 'late' {
    let added = false;
    for (const start of windowStarts(t, this.spec)) {
      if (start < this.closedBefore) continue;
      let byKey = this.open.get(start);
      if (!byKey) this.open.set(start, (byKey = new Map()));
      let acc = byKey.get(key);
      if (acc === undefined) byKey.set(key, (acc = this.newAcc()));
      fold(acc);
      added = true;
    }
    if (!added) this.late++;
    return added ? 'added' : 'late';
  }

  /** Removes and returns the windows that end at or before `watermark`, ordered by start, then key. */
  closeReady(watermark: number | null): ClosedWindow<A>[] {
    if (watermark === null) return [];
    const ready = [...this.open.keys()].filter((start) => start + this.spec.lengthMs <= watermark).sort((a, b) => a - b);
    const out: ClosedWindow<A>[] = [];
    for (const start of ready) {
      const byKey = this.open.get(start) as Map<string, A>;
      for (const key of [...byKey.keys()].sort()) out.push({ start, end: start + this.spec.lengthMs, key, acc: byKey.get(key) as A });
      this.open.delete(start);
    }
    // Windows that had no line are closed too: a late line must not open one behind the watermark.
    this.closedBefore = Math.max(this.closedBefore, firstOpenStart(watermark, this.spec));
    return out;
  }

  /** Plain data: the open windows, what has closed, the late count. */
  toJSON(): WindowsState<A> {
    return { open: [...this.open].map(([start, byKey]) => [start, [...byKey]]), closedBefore: Number.isFinite(this.closedBefore) ? this.closedBefore : null, late: this.late };
  }

  static from<A>(spec: WindowSpec, newAcc: () => A, state: WindowsState<A>): SlidingWindows<A> {
    const w = new SlidingWindows(spec, newAcc);
    for (const [start, entries] of state.open) w.open.set(start, new Map(entries));
    w.closedBefore = state.closedBefore ?? -Infinity;
    w.late = state.late;
    return w;
  }

  /** Every window starting before this has closed (null: none yet). */
  get closedFrom(): number | null {
    return Number.isFinite(this.closedBefore) ? this.closedBefore : null;
  }

  /** Windows that carry on after `closedBefore`, empty: the lines of the open ones are read again (detect/job.ts). */
  static resumed<A>(spec: WindowSpec, newAcc: () => A, closedBefore: number | null, late: number): SlidingWindows<A> {
    return SlidingWindows.from(spec, newAcc, { open: [], closedBefore, late });
  }

  /** How many windows (start, key) are open. */
  get size(): number {
    let n = 0;
    for (const byKey of this.open.values()) n += byKey.size;
    return n;
  }
}
