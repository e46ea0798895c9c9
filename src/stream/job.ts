import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { HBaseClient } from '../hbase';
import { aggregateBatch, mergeBatchResults, type BatchResult } from './batch';
import { applyAtLeastOnce, applyExactlyOnce, RowOffsets, type CounterUpdate, type SinkStats } from './exactly-once';
import { MetricsRecorder, type StreamMetrics } from './metrics';
import { PartitionPipeline } from './partition-pipeline';
import { TransactionalCommitter } from './transactional-commit';

export { aggregateBatch, type BatchResult } from './batch';

/**
 * The streaming job: a Kafka consumer-group member that turns access-log lines into HBase counters.
 *
 * Per micro-batch (one partition's messages, at most `maxBatchLines`, arriving at most `maxWaitMs` after
 * the first): parse → validate → classify → aggregate (one update per distinct row key, never one per line)
 * → HBase (exactly once, see exactly-once.ts) → dead letters and the consumer offset in one Kafka
 * transaction. A batch is written while the next is fetched, and batches that arrive while a write waits join
 * it (partition-pipeline.ts). The job receives its source (a Kafka client), its sink (an HBase client) and its
 * line handler; it constructs none of them, so tests and notebooks can hand it others.
 */
export type LineOutcome =
  | { kind: 'course'; courseRow: string; searchRow: string | null }
  | { kind: 'other' }
  | { kind: 'malformed'; reason: string };

export type LineHandler = (line: string | Buffer) => LineOutcome;

export interface StreamJobOptions {
  kafka: Kafka;
  hbase: HBaseClient;
  handleLine: LineHandler;
  topic: string;
  deadLetterTopic: string;
  courseTable: string;
  searchTable: string;
  groupId?: string;
  workerId?: string;
  /** Micro-batch bounds: lines per batch (and per write, joined batches included), and how long a fetch waits for more data. */
  maxBatchLines?: number;
  maxWaitMs?: number;
  /** `at-least-once` is the course's increment sink, kept for lesson 05's crash drill. */
  delivery?: 'exactly-once' | 'at-least-once';
  onBatch?: (m: StreamMetrics) => void;
  /**
   * Called after a micro-batch's counters are written and before its offsets are committed — the window in
   * which a crash makes an at-least-once sink count lines twice. Lesson 05's crash drill kills the worker here.
   */
  beforeCommit?: (partition: number, lastOffset: string) => void | Promise<void>;
}

export const DEFAULT_GROUP = 'clickstream-stream';
/** A micro-batch's bound, and a write's (batches join a waiting write up to it): 3 fetches' worth at most. */
export const DEFAULT_BATCH_LINES = 500_000;

/** A micro-batch between kafkajs and its write: counted (soon), with what its write reports. */
interface FetchedBatch {
  counted: Promise<BatchResult>;
  last: string;
  began: number;
  highWatermark: string;
}

/**
 * Node flags for a process that runs the job (`lab stream`, and the bench's rounds). kafkajs decodes a 16 MiB
 * fetch into ~170k message objects at once; with a larger young generation more of them die there instead of
 * being copied into the old one (measured: the job +7%, a bare consumer unchanged).
 */
export const JOB_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];

/** Runs `fn` once the current callbacks (and the promise reactions they started) are done. */
function afterThisTurn<T>(fn: () => T): Promise<T> {
  return new Promise((resolve, reject) =>
    setImmediate(() => {
      try {
        resolve(fn());
      } catch (err) {
        reject(err);
      }
    }),
  );
}

/**
 * How the job fetches. Kafka hands a fetch back as soon as it has any data, so at a trickle a batch is a few
 * lines and arrives within milliseconds; under load (a backlog, a burst) a fetch brings up to 16 MiB per
 * partition — ~170k lines — and the per-batch costs (one HBase write per distinct row, one Kafka transaction)
 * are spread over that many lines. A fetch brings at most that much in all: kafkajs decodes a response in one
 * go, and while it does (~0.2 s for 16 MiB) the writes in flight wait for their answers; three partitions'
 * worth in one response held them ~0.6 s. The bench gives its bare consumer the same options.
 */
export function jobConsumerOptions(maxWaitMs = 1000) {
  return {
    maxWaitTimeInMs: maxWaitMs,
    maxBytesPerPartition: 16 * 1024 * 1024,
    maxBytes: 16 * 1024 * 1024,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
  };
}

export class StreamJob {
  private consumer: Consumer | undefined;
  private readonly pipeline = new PartitionPipeline<FetchedBatch>({
    write: (partition, batches) => this.write(partition, batches),
    seek: (partition, offset) => this.consumer?.seek({ topic: this.opts.topic, partition, offset }),
    onError: (partition, err) => {
      console.error(`stream: writing a batch of partition ${partition} failed, reading it again: ${String(err)}`);
    },
  });
  /** Per input partition, the rows' next offsets this worker wrote (see exactly-once.ts); reset on rebalance. */
  private rowOffsets = new Map<number, RowOffsets>();
  readonly metrics: MetricsRecorder;
  private readonly groupId: string;
  private readonly workerId: string;
  /** Dead letters and offsets, one transaction per batch (transactional-commit.ts). */
  private readonly committer: TransactionalCommitter;

  constructor(private readonly opts: StreamJobOptions) {
    this.groupId = opts.groupId ?? DEFAULT_GROUP;
    this.workerId = opts.workerId ?? `${process.pid}`;
    this.metrics = new MetricsRecorder(this.workerId);
    this.committer = new TransactionalCommitter(opts.kafka, this.groupId, opts.topic, opts.deadLetterTopic);
  }

  async start(): Promise<void> {
    const { kafka, topic } = this.opts;
    const consumer = kafka.consumer({ groupId: this.groupId, ...jobConsumerOptions(this.opts.maxWaitMs) });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      const assigned = e.payload.memberAssignment[topic] ?? [];
      this.metrics.assigned(assigned);
      // Partitions may have been written by another worker meanwhile: what we believed may be stale.
      this.rowOffsets = new Map();
      this.pipeline.reassigned(assigned);
      // A transactional producer takes ~0.5 s to initialise: do it while the first fetch is under way.
      for (const partition of assigned) this.committer.producerFor(partition).catch(() => undefined);
    });
    await consumer.connect();
    // A new group starts at the beginning of the topic: every line ever shipped is counted once.
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false, // offsets are committed inside the dead-letter transaction
      partitionsConsumedConcurrently: 3,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  /** Called when the consumer fails for good (kafkajs restarts it itself after retriable errors). */
  onCrash(cb: (err: unknown) => void): void {
    const consumer = this.consumer;
    if (!consumer) throw new Error('start() the job before registering onCrash');
    consumer.on(consumer.events.CRASH, (e) => {
      if (!e.payload.restart) cb(e.payload.error);
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    await this.pipeline.drain(); // writes in flight finish (or fail) before their producers go
    await this.consumer?.disconnect();
    await this.committer.close();
  }

  private rowOffsetsOf(partition: number): RowOffsets {
    let state = this.rowOffsets.get(partition);
    if (!state) {
      state = new RowOffsets(partition);
      this.rowOffsets.set(partition, state);
    }
    return state;
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const size = this.opts.maxBatchLines ?? DEFAULT_BATCH_LINES;
    const partition = batch.partition;
    for (let i = 0; i < batch.messages.length; i += size) {
      const chunk = batch.messages.slice(i, i + size);
      const first = chunk[0]?.offset as string;
      const last = chunk[chunk.length - 1]?.offset as string;
      // Counted right after this call returns: kafkajs then has its next fetch on the way, and the broker
      // reads and sends it while this thread counts (counting here would hold the fetch back). Counting does
      // not wait for the partition's previous write, so the messages are garbage long before this batch's
      // turn to write.
      const counted = afterThisTurn(() => aggregateBatch(chunk, this.opts.handleLine, this.opts.courseTable, this.opts.searchTable));
      counted.catch(() => undefined); // a batch skipped after a failed write is never awaited
      const fetched: FetchedBatch = { counted, last, began: Date.now(), highWatermark: batch.highWatermark };
      // Behind on this partition? The batch joins the write still waiting for its turn (partition-pipeline.ts).
      if (!this.pipeline.join(partition, fetched, chunk.length, size)) {
        // Waits while two of this partition's writes are in flight; false = skip, a rewind is pending.
        if (!(await this.pipeline.admit(partition, first))) return;
        if (!isRunning() || isStale()) return;
        this.pipeline.start(partition, first, fetched, chunk.length);
      }
      // Fetching goes on from here while the write runs; what is committed is decided by the write alone.
      resolveOffset(last);
    }
    await heartbeat();
  }

  /**
   * One write: a partition's batch, or several that joined while they waited, counted and merged in offset
   * order. Counters to HBase, then dead letters and the offset in one transaction.
   */
  private async write(partition: number, batches: FetchedBatch[]): Promise<void> {
    const r = mergeBatchResults(await Promise.all(batches.map((b) => b.counted)));
    const { last, highWatermark } = batches[batches.length - 1] as FetchedBatch;
    const began = (batches[0] as FetchedBatch).began;
    const apply = (updates: CounterUpdate[]): Promise<SinkStats> =>
      this.opts.delivery === 'at-least-once'
        ? applyAtLeastOnce(this.opts.hbase, updates)
        : applyExactlyOnce(this.opts.hbase, partition, updates, this.rowOffsetsOf(partition));
    // Each course line touches exactly one course row: that table's applied lines are the clicks counted now.
    const [courseStats] = await Promise.all([
      apply(r.updates.filter((u) => u.table === this.opts.courseTable)),
      apply(r.updates.filter((u) => u.table !== this.opts.courseTable)),
    ]);
    await this.opts.beforeCommit?.(partition, last);
    await this.committer.commit(partition, last, r.deadLetters);
    const counted = courseStats.linesApplied;
    this.metrics.batch({
      lines: r.lines,
      counted,
      filtered: r.filtered,
      malformed: r.deadLetters.length,
      replayed: r.courseLines - counted,
      latencyMs: Date.now() - began,
    });
    this.metrics.lag(partition, Math.max(0, Number(highWatermark) - Number(last) - 1));
    this.opts.onBatch?.(this.metrics.snapshot());
  }
}
