import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Pool, PoolConnection } from 'mariadb';
import { applyBatchOnce, isRetriableConflict, PositionMovedError, readPosition, type StoredPosition } from '../sql';
import { sleep } from '../util/wait';
import { aggregateBatch } from './batch';
import { FilePositions } from './file-positions';
import { jobConsumerOptions, type LineHandler } from './job';
import { onCrashForGood } from '../kafka';
import { MetricsRecorder, type StreamMetrics } from './metrics';

/** How often one batch runs again after deadlocks before the partition is read again from Kafka. */
const MAX_CONFLICT_RETRIES = 8;

/**
 * The streaming job for the relational store (issue #17): a consumer group of its own on `access-log` whose
 * positions live in the database, not in Kafka. Per micro-batch of one partition: skip Flume's re-sends (the
 * same file positions as the HBase job), count with the same line handler and aggregation, and write counts and
 * the new position in ONE database transaction (sql/exactly-once.ts). On assignment, and whenever a write finds
 * the stored position moved (a zombie, or this worker's own earlier life), the partition is read again from the
 * stored position. Kafka offsets are never committed. Malformed lines are only counted here: the HBase job
 * dead-letters them, once.
 */
export interface SqlJobOptions {
  kafka: Kafka;
  pool: Pool;
  handleLine: LineHandler;
  topic: string;
  groupId: string;
  maxWaitMs?: number;
  /** Named in the metrics (`lab status`). */
  workerId?: string;
  /** Called after each batch is committed. */
  onBatch?: (m: StreamMetrics) => void;
}

/** What this worker knows of one partition it was assigned; replaced at every (re)take. */
interface PartitionState {
  ready: Promise<void>;
  from: StoredPosition;
  files: FilePositions;
}

export class SqlStreamJob {
  private consumer: Consumer | undefined;
  private partitions = new Map<number, PartitionState>();
  private stopping = false;
  /** Batches run again after a deadlock or lock-wait timeout (see writeRetryingConflicts). */
  conflictRetries = 0;
  /** The same metrics as the HBase job's workers: `replayed` counts lines fetched from before the stored position. */
  readonly metrics: MetricsRecorder;

  constructor(private readonly opts: SqlJobOptions) {
    this.metrics = new MetricsRecorder(opts.workerId ?? 'sql');
  }

  async start(): Promise<void> {
    const { kafka, topic } = this.opts;
    const consumer = kafka.consumer({ groupId: this.opts.groupId, ...jobConsumerOptions(this.opts.maxWaitMs) });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      const assigned = e.payload.memberAssignment[topic] ?? [];
      this.partitions = new Map();
      for (const p of assigned) this.takeOver(p);
      this.metrics.assigned(assigned);
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false, // the positions are in the database, moved with the counts
      partitionsConsumedConcurrently: 3,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  /** Called when the consumer fails for good (kafkajs restarts it itself after retriable errors). */
  onCrash(cb: (err: unknown) => void): void {
    onCrashForGood(this.consumer, cb);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.stop();
    await this.consumer?.disconnect();
  }

  /** Reads the partition's stored position and seeks there; retried until it works or the partition moves away. */
  private takeOver(partition: number): void {
    const state: PartitionState = { ready: Promise.resolve(), from: { next: 0, filePositions: null }, files: FilePositions.empty() };
    this.partitions.set(partition, state);
    state.ready = (async () => {
      for (;;) {
        if (this.stopping || this.partitions.get(partition) !== state) return;
        try {
          const stored = await this.withConnection((c) => readPosition(c, this.opts.topic, partition));
          state.from = stored;
          state.files = FilePositions.parse(stored.filePositions);
          this.consumer?.seek({ topic: this.opts.topic, partition, offset: String(stored.next) });
          return;
        } catch (err) {
          console.error(`sql job: reading the stored position of partition ${partition} failed, trying again in 1 s: ${String(err)}`);
          await sleep(1000);
        }
      }
    })();
  }

  private async withConnection<T>(fn: (c: PoolConnection) => Promise<T>): Promise<T> {
    const c = await this.opts.pool.getConnection();
    try {
      return await fn(c);
    } finally {
      await c.release();
    }
  }

  /**
   * Partitions written at once touch the same (day, course) rows: despite the key-ordered upserts, InnoDB can pick
   * one of two transactions as a deadlock victim and roll it back. Nothing of it was written and the position it
   * read still holds, so the same batch simply runs again (after a short random pause, so the two do not collide
   * again); only a conflict that persists goes back to Kafka.
   */
  private async writeRetryingConflicts(write: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await write();
        return;
      } catch (err) {
        if (!isRetriableConflict(err) || attempt >= MAX_CONFLICT_RETRIES) throw err;
        this.conflictRetries++;
        await sleep(10 + Math.random() * 40 * attempt);
      }
    }
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const partition = batch.partition;
    const state = this.partitions.get(partition);
    if (!state) return;
    await state.ready;
    if (this.partitions.get(partition) !== state || !isRunning() || isStale()) return;
    // Fetched from before the stored position (a fetch in flight when it was sought): those lines are counted.
    const messages = batch.messages.filter((m: KafkaMessage) => Number(m.offset) >= state.from.next);
    const before = batch.messages.length - messages.length;
    if (messages.length === 0) return;
    const began = Date.now();
    const files = state.files.copy();
    const r = aggregateBatch(messages, this.opts.handleLine, 'course', 'search', files);
    const course = new Map<string, number>();
    const search = new Map<string, number>();
    for (const u of r.updates) (u.table === 'course' ? course : search).set(u.row, u.offsets.length);
    const last = Number((messages[messages.length - 1] as KafkaMessage).offset);
    const filePositions = files.serialize();
    try {
      await this.writeRetryingConflicts(() => this.withConnection((c) => applyBatchOnce(c, { topic: this.opts.topic, partition, from: state.from, lastOffset: last, course, search, filePositions })));
    } catch (err) {
      if (err instanceof PositionMovedError) console.error(`sql job: ${err.message}; reading partition ${partition} again from the stored position`);
      else console.error(`sql job: writing a batch of partition ${partition} failed, reading it again: ${String(err)}`);
      if (this.partitions.get(partition) === state) this.takeOver(partition);
      return;
    }
    state.from = { next: last + 1, filePositions };
    state.files = files;
    resolveOffset(String(last));
    this.metrics.batch({ lines: r.lines, counted: r.courseLines, filtered: r.filtered, malformed: r.deadLetters.length, replayed: before, resends: r.resends, latencyMs: Date.now() - began });
    this.metrics.lag(partition, Math.max(0, Number(batch.highWatermark) - last - 1));
    this.opts.onBatch?.(this.metrics.snapshot());
    await heartbeat();
  }
}
