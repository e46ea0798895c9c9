import type { Alert } from '../schema';
import { botScores, type BotModel } from './bot-model';
import { BURST_RULE, judgeWindow, newBaseline, type Baseline, type BurstRule } from './error-bursts';
import { foldCourse, foldIp, ipFeatures, newCourseWindow, newIpWindow, windowMeans, type CourseWindow, type IpWindow, type SeenLine } from './features';
import { newLatch, step, type Latch } from './latch';
import { COURSE_WINDOWS, DETECTOR_WINDOWS, firstOpenStart, SlidingWindows, Watermark, type ClosedWindow, type WindowSpec, type WindowsState } from './windows';

/**
 * The detector's logic, without Kafka or HBase (issue #19): lines go in per partition, alerts come out once the
 * watermark closes the windows that prove them. Every key (an IP, a course) has a latch, so an incident is one
 * alert however many windows show it. All of it is plain data between lines, so the worker can save it with its
 * offsets and carry on after a crash where it stopped.
 */

export type { Alert, AlertKind } from '../schema';

export interface DetectorState {
  ips: WindowsState<IpWindow>;
  courses: WindowsState<CourseWindow>;
  watermark: [number, number][];
  baselines: [number, Baseline][];
  latches: [string, Latch][];
}

/**
 * What the worker saves with its offsets (detect/job.ts): everything but the open windows, which it rebuilds by
 * reading their lines again. Small: latches are kept only while open, baselines one per course.
 */
export interface DetectorCheckpoint {
  watermark: [number, number][];
  baselines: [number, Baseline][];
  latches: [string, Latch][];
  ipsClosedBefore: number | null;
  coursesClosedBefore: number | null;
  late: number;
}

export interface DetectorOptions {
  partitions: number[];
  model: BotModel | null;
  /** The IP windows (the bot model is trained on windows of this shape). */
  spec?: WindowSpec;
  /** The course windows, shorter: a burst shows in a course's error share within seconds. */
  courseSpec?: WindowSpec;
  burstRule?: BurstRule;
  /** Windows in a row without an alert that end an incident. */
  quietWindows?: number;
}

export class Detector {
  readonly spec: WindowSpec;
  readonly courseSpec: WindowSpec;
  private ips: SlidingWindows<IpWindow>;
  private courses: SlidingWindows<CourseWindow>;
  private watermark: Watermark;
  private baselines = new Map<number, Baseline>();
  private latches = new Map<string, Latch>();
  private readonly rule: BurstRule;
  private readonly quietWindows: number;
  private model: BotModel | null;
  /** The watermark at which drainDue next has windows to close. */
  private nextDue = -Infinity;

  constructor(private readonly opts: DetectorOptions) {
    this.spec = opts.spec ?? DETECTOR_WINDOWS;
    this.ips = new SlidingWindows(this.spec, newIpWindow);
    this.courseSpec = opts.courseSpec ?? COURSE_WINDOWS;
    if (this.courseSpec.latenessMs !== this.spec.latenessMs) throw new RangeError('IP and course windows must allow the same lateness: they share one watermark');
    this.courses = new SlidingWindows(this.courseSpec, newCourseWindow);
    this.watermark = new Watermark(this.spec.latenessMs);
    this.rule = opts.burstRule ?? BURST_RULE;
    this.model = opts.model;
    // An incident ends once a whole IP window length has passed without an alert.
    this.quietWindows = opts.quietWindows ?? this.spec.lengthMs / this.spec.slideMs;
  }

  /** Windows closed from now on are judged by `model` (a model deployed while the detector runs). */
  setModel(model: BotModel | null): void {
    this.model = model;
  }

  /** Event time up to which windows close: the oldest partition's newest line, less the lateness. */
  get closingAt(): number | null {
    return this.watermark.value(this.opts.partitions);
  }

  /** Lines too late for any of their windows. */
  get late(): number {
    return this.ips.late;
  }

  add(partition: number, line: SeenLine): void {
    this.watermark.observe(partition, line.t);
    this.ips.add(line.ip, line.t, (w) => foldIp(w, line));
    if (line.courseId !== null) this.courses.add(String(line.courseId), line.t, (w) => foldCourse(w, line));
  }

  /**
   * A line read again after `resume`: it goes into the windows still open, as it did before the checkpoint. It
   * was counted late then if it was late, so it is not counted again.
   */
  addAgain(partition: number, line: SeenLine): void {
    const late = this.ips.late;
    this.add(partition, line);
    this.ips.late = late;
  }

  /** The start of the last window (of either kind) a line at `t` falls in: the line is needed while it is open. */
  lastWindowStart(t: number): number {
    return Math.min(Math.floor(t / this.spec.slideMs) * this.spec.slideMs, Math.floor(t / this.courseSpec.slideMs) * this.courseSpec.slideMs);
  }

  /** The oldest window start still open: a line whose last window starts before it is needed no more. */
  get oldestOpen(): number | null {
    const ips = this.ips.closedFrom;
    const courses = this.courses.closedFrom;
    return ips === null || courses === null ? null : Math.min(ips, courses);
  }

  /**
   * `drain()` when the watermark has reached the end of a window still open, else nothing: cheap enough to call
   * after every line, so a verdict is made as soon as its window closes (and `detectedAt` says when that was),
   * whatever the size of the batches lines are read in.
   */
  drainDue(): Alert[] {
    const wm = this.closingAt;
    if (wm === null || wm < this.nextDue) return [];
    const alerts = this.drain();
    // The next drain is due when the oldest window left open (of either kind) ends.
    this.nextDue = Math.min(firstOpenStart(wm, this.spec) + this.spec.lengthMs, firstOpenStart(wm, this.courseSpec) + this.courseSpec.lengthMs);
    return alerts;
  }

  /** The alerts of the windows the watermark has closed since the last call, in window order. */
  drain(): Alert[] {
    const wm = this.watermark.value(this.opts.partitions);
    if (wm === null) return [];
    return [...this.judgeIps(this.ips.closeReady(wm), wm), ...this.judgeCourses(this.courses.closeReady(wm), wm)].sort((a, b) => a.windowStart - b.windowStart || (a.id < b.id ? -1 : 1));
  }

  private judgeIps(closed: ClosedWindow<IpWindow>[], wm: number): Alert[] {
    const model = this.model;
    if (!model || closed.length === 0) return [];
    const means = windowMeans(closed);
    const scores = botScores(model, closed.map((c) => ipFeatures(c.acc, means.get(c.start) as number)));
    return closed.flatMap((c, i) => {
      const score = +(scores[i] as number).toFixed(3);
      return this.latch(`bot:${c.key}`, score >= model.threshold) ? [{ id: `bot:${c.key}:${c.start}`, kind: 'bot' as const, ip: c.key, windowStart: c.start, windowEnd: c.end, score, detectedAt: wm + this.spec.latenessMs }] : [];
    });
  }

  private judgeCourses(closed: ClosedWindow<CourseWindow>[], wm: number): Alert[] {
    return closed.flatMap((c) => {
      const courseId = Number(c.key);
      const verdict = judgeWindow(this.baselines.get(courseId) ?? newBaseline(this.rule), c.acc.requests, c.acc.errors, this.rule);
      this.baselines.set(courseId, verdict.next);
      if (!this.latch(`error-burst:${c.key}`, verdict.burst)) return [];
      return [{ id: `error-burst:${c.key}:${c.start}`, kind: 'error-burst' as const, courseId, windowStart: c.start, windowEnd: c.end, score: +verdict.score.toFixed(2), detectedAt: wm + this.spec.latenessMs }];
    });
  }

  /** Everything the detector holds between lines, as plain data (saved with the offsets it has read up to). */
  snapshot(): DetectorState {
    return { ips: this.ips.toJSON(), courses: this.courses.toJSON(), watermark: this.watermark.toJSON(), baselines: [...this.baselines], latches: [...this.latches] };
  }

  /** Everything but the open windows (see DetectorCheckpoint). */
  checkpoint(): DetectorCheckpoint {
    return { watermark: this.watermark.toJSON(), baselines: [...this.baselines], latches: [...this.latches], ipsClosedBefore: this.ips.closedFrom, coursesClosedBefore: this.courses.closedFrom, late: this.ips.late };
  }

  /** A detector from a checkpoint, its open windows empty: feed it their lines again with `addAgain`. */
  static resume(opts: DetectorOptions, cp: DetectorCheckpoint): Detector {
    const d = new Detector(opts);
    d.ips = SlidingWindows.resumed(d.spec, newIpWindow, cp.ipsClosedBefore, cp.late);
    d.courses = SlidingWindows.resumed(d.courseSpec, newCourseWindow, cp.coursesClosedBefore, 0);
    d.watermark = Watermark.from(d.spec.latenessMs, cp.watermark);
    d.baselines = new Map(cp.baselines);
    d.latches = new Map(cp.latches);
    return d;
  }

  /** A detector that carries on from `state` exactly as the one that saved it would have. */
  static restore(opts: DetectorOptions, state: DetectorState): Detector {
    const d = new Detector(opts);
    d.ips = SlidingWindows.from(d.spec, newIpWindow, state.ips);
    d.courses = SlidingWindows.from(d.courseSpec, newCourseWindow, state.courses);
    d.watermark = Watermark.from(d.spec.latenessMs, state.watermark);
    d.baselines = new Map(state.baselines);
    d.latches = new Map(state.latches);
    return d;
  }

  /** A key's windows without lines are not fed: an IP that went quiet keeps its latch (each bot has its own IP). */
  private latch(key: string, alerting: boolean): boolean {
    let l = this.latches.get(key);
    if (!l) this.latches.set(key, (l = newLatch()));
    const opened = step(l, alerting, this.quietWindows);
    // A closed latch is a new one: only open latches are kept, so the state stays as small as the incidents.
    if (!l.open) this.latches.delete(key);
    return opened;
  }
}
