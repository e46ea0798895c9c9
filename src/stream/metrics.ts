/**
 * What the streaming job reports: counters since start, the latest batch, a rate and the consumer lag.
 * Shown by `lab status --json`, the dashboard and the notebooks.
 */
export interface StreamMetrics {
  workerId: string;
  startedAt: string;
  /** Lines read from Kafka. */
  linesIn: number;
  /** Course clicks counted (replayed lines excluded). */
  counted: number;
  /** Well-formed lines that are not course clicks. */
  filtered: number;
  /** Lines sent to the dead-letter topic. */
  malformed: number;
  /** Lines already counted before a restart, skipped now. */
  replayed: number;
  /** Lines Flume shipped again after a crash, recognised by file and byte offset and skipped. */
  resends: number;
  batches: number;
  /** Milliseconds from a batch's arrival to its offsets being committed: last, p50 and p99 of the last 500. */
  batchLatencyMs: { last: number; p50: number; p99: number };
  /** Lines per second over the last 10 seconds. */
  linesPerSec: number;
  /** Messages in access-log not yet read, summed over this worker's partitions. */
  lag: number;
  partitions: number[];
  /** When this worker last joined the consumer group (null until it has). */
  joinedAt: string | null;
}

export class MetricsRecorder {
  private readonly latencies: number[] = [];
  private readonly window: { at: number; lines: number }[] = [];
  private readonly lagByPartition = new Map<number, number>();
  readonly m: StreamMetrics;

  constructor(workerId: string) {
    this.m = {
      workerId,
      startedAt: new Date().toISOString(),
      linesIn: 0,
      counted: 0,
      filtered: 0,
      malformed: 0,
      replayed: 0,
      resends: 0,
      batches: 0,
      batchLatencyMs: { last: 0, p50: 0, p99: 0 },
      linesPerSec: 0,
      lag: 0,
      partitions: [],
      joinedAt: null,
    };
  }

  batch(b: { lines: number; counted: number; filtered: number; malformed: number; replayed: number; resends: number; latencyMs: number }): void {
    const m = this.m;
    m.batches++;
    m.linesIn += b.lines;
    m.counted += b.counted;
    m.filtered += b.filtered;
    m.malformed += b.malformed;
    m.replayed += b.replayed;
    m.resends += b.resends;
    this.latencies.push(b.latencyMs);
    if (this.latencies.length > 500) this.latencies.shift();
    const sorted = [...this.latencies].sort((x, y) => x - y);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    m.batchLatencyMs = { last: b.latencyMs, p50: q(0.5), p99: q(0.99) };
    const now = Date.now();
    this.window.push({ at: now, lines: b.lines });
    this.refreshRate(now);
  }

  lag(partition: number, lag: number): void {
    this.lagByPartition.set(partition, lag);
    this.m.lag = [...this.lagByPartition.values()].reduce((s, v) => s + v, 0);
  }

  assigned(partitions: readonly number[]): void {
    this.m.partitions = [...partitions].sort((a, b) => a - b);
    this.m.joinedAt = new Date().toISOString();
    for (const p of this.lagByPartition.keys()) if (!partitions.includes(p)) this.lagByPartition.delete(p);
  }

  /** The rate decays to 0 when no batch arrives: call before reading. */
  snapshot(): StreamMetrics {
    this.refreshRate(Date.now());
    return structuredClone(this.m);
  }

  private refreshRate(now: number): void {
    while (this.window.length > 0 && now - (this.window[0] as { at: number }).at > 10_000) this.window.shift();
    const lines = this.window.reduce((s, w) => s + w.lines, 0);
    const span = Math.max(1, Math.min(10, (now - Date.parse(this.m.startedAt)) / 1000));
    this.m.linesPerSec = Math.round(lines / span);
  }
}
