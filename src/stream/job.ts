import type { Batch, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { aggregateBatch, mergeBatchResults, type BatchResult } from './batch';
import { FilePositions } from './file-positions';
import { MetricsRecorder, type StreamMetrics } from './metrics';
import { PartitionPipeline } from './partition-pipeline';
import type { PartitionWriter, Sink } from './sink';
import { isFenced, TransactionalCommitter } from './transactional-commit';
import { sleep } from '../util/wait';
import { onCrashForGood } from '../kafka';

export { aggregateBatch, type BatchResult } from './batch';

/**
 * The streaming job: a Kafka consumer-group member that turns access-log lines into HBase counters.
 *
 * Per micro-batch (one partition's messages, at most `maxBatchLines`, arriving at most `maxWaitMs` after
 * the first): skip lines Flume shipped again (file-positions.ts) → parse → validate → classify → aggregate
 * (one update per distinct row key, never one per line) → HBase (exactly once, see exactly-once.ts) → dead
 * letters, the consumer offset and the file positions in one Kafka transaction. A batch is written while the
 * next is fetched, and batches that arrive while a write waits join it (partition-pipeline.ts). The job
 * receives its source (a Kafka client), its sink (sink.ts: what it promises a sink, and what a sink promises)
 * and its line handler; it constructs none of them, so tests, lessons and other stores hand it others.
 */
export type LineOutcome =
  | { kind: 'course'; courseRow: string; searchRow: string | null }
  | { kind: 'other' }
  | { kind: 'malformed'; reason: string };

export type LineHandler = (line: string | Buffer) => LineOutcome;

export interface StreamJobOptions {
  kafka: Kafka;
  sink: Sink;
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
  onBatch?: (m: StreamMetrics) => void;
}

export const DEFAULT_GROUP = 'clickstream-stream';
/** A micro-batch's bound, and a write's (batches join a waiting write up to it): 3 fetches' worth at most. */
export const DEFAULT_BATCH_LINES = 500_000;

/** A batch counted, with the partition's file positions after it. */
type Counted = BatchResult & { positions: FilePositions };

/**
 * What this worker knows of one partition it was assigned; a new one at every assignment. Messages are taken
 * in strictly in offset order: `next` is where the next one must be, `positions` the file positions there.
 */
interface PartitionState {
  /** Settles once the partition may be read: earlier writes settled, committed position read. */
  ready: Promise<void>;
  /** Settles once every earlier owner is fenced and the position read still holds: before the first commit. */
  confirmed: Promise<void>;
  next: number;
  /** The file positions at `next` (counting runs behind taking in, hence a promise). */
  positions: Promise<FilePositions>;
  /** The sink's writer for this partition, opened at the take-over. */
  writer: PartitionWriter;
}

/** A micro-batch between kafkajs and its write: counted (soon), with what its write reports. */
interface FetchedBatch {
  state: PartitionState;
  counted: Promise<Counted>;
  first: number;
  last: string;
  began: number;
  highWatermark: string;
}


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
    seek: (partition, offset) => {
      if (this.partitions.has(partition)) this.consumer?.seek({ topic: this.opts.topic, partition, offset });
    },
    onError: (partition, err, batches) => {
      if (isFenced(err)) {
        // Another worker took the partition over: this one must not fence it back (the two would take turns),
        // so it waits for the group to hand out partitions again.
        console.error(`stream: partition ${partition} was taken over by another worker; waiting for the group to reassign it`);
        return;
      }
      console.error(`stream: writing a batch of partition ${partition} failed, reading it again: ${String(err)}`);
      // Where to read again from is the committed offset, not the failed batch: when the failure was in the
      // commit itself (Kafka went away before it answered) the transaction may have committed all the same,
      // and reading its batch again would dead-letter its lines twice. Taking the partition over again
      // settles that: the new producer completes or aborts the open transaction, then the offset is read.
      if (this.partitions.get(partition) === (batches[0] as FetchedBatch).state) this.startOver(partition);
    },
  });
  /** The partitions this worker was last assigned. */
  private partitions = new Map<number, PartitionState>();
  private stopping = false;
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
    consumer.on(consumer.events.GROUP_JOIN, (e) => this.assigned(e.payload.memberAssignment[topic] ?? []));
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
    onCrashForGood(this.consumer, cb);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.stop();
    await this.pipeline.drain(); // writes in flight finish (or fail) before their producers go
    await this.consumer?.disconnect();
    await this.committer.close();
  }

  /**
   * A (re)join's assignment. Every partition starts over, kept ones too: another worker may have owned it in
   * between (this one frozen past its session timeout), and kafkajs reads each from the committed offset again.
   */
  private assigned(partitions: readonly number[]): void {
    this.metrics.assigned(partitions);
    const previous = this.partitions;
    this.partitions = new Map();
    for (const partition of partitions) this.startOver(partition);
    // A partition that moved away: its writes in flight may still commit (until the new owner fences them).
    for (const partition of previous.keys()) {
      if (this.partitions.has(partition)) continue;
      void this.pipeline.drainPartition(partition).then(() => {
        if (!this.partitions.has(partition)) this.committer.drop(partition);
      });
    }
  }

  /** Forgets what this worker knew of the partition and takes it over again (below). */
  private startOver(partition: number): void {
    const state: PartitionState = {
      ready: Promise.resolve(),
      confirmed: Promise.resolve(),
      next: -1,
      positions: Promise.resolve(FilePositions.empty()),
      writer: this.opts.sink.openPartition(this.opts.topic, partition),
    };
    this.partitions.set(partition, state);
    state.ready = this.takeOver(partition, state);
  }

  /**
   * Makes the partition this worker's, in this order: its own writes from before settle (they commit, or fail
   * and are dropped); a fresh transactional producer fences every earlier owner (a zombie's open transaction is
   * aborted, a committing one completed); the committed offset, with the file positions stored beside it, is
   * read after that, so it is final. The partition is then read from exactly there.
   *
   * Fencing takes a few hundred milliseconds, so the offset is also read while it runs, and reading starts from
   * that; `confirmed` reads it again once the fencing is done, and the first commit waits for it. Had the offset
   * moved meanwhile (the previous owner's last commit landed), nothing read from the early one is committed: the
   * write fails and the partition is taken over again. HBase writes before that are harmless (their row offsets).
   */
  private async takeOver(partition: number, state: PartitionState): Promise<void> {
    for (;;) {
      if (this.stopping || this.partitions.get(partition) !== state) return;
      try {
        await this.pipeline.drainPartition(partition);
        if (this.stopping || this.partitions.get(partition) !== state) return;
        const fenced = this.committer.fence(partition);
        fenced.catch(() => undefined);
        const early = await this.committer.committedPosition(partition);
        state.confirmed = fenced
          .then(() => this.committer.committedPosition(partition))
          .then((final) => {
            if (final.offset !== early.offset || final.metadata !== early.metadata) {
              throw new Error(`the committed offset of partition ${partition} moved from ${early.offset} to ${final.offset} while this worker fenced its previous owner`);
            }
          });
        state.confirmed.catch(() => undefined);
        state.next = early.offset;
        state.positions = Promise.resolve(FilePositions.parse(early.metadata));
        this.pipeline.forgetRewind(partition);
        if (early.offset >= 0) {
          this.pipeline.rewind(partition, String(early.offset));
          this.consumer?.seek({ topic: this.opts.topic, partition, offset: String(early.offset) });
        }
        return;
      } catch (err) {
        console.error(`stream: taking over partition ${partition} failed, trying again in 1 s: ${String(err)}`);
        await sleep(1000);
      }
    }
  }

  /** The batch's messages this worker has not taken in yet, in order; none when the batch must be skipped. */
  private takeIn(state: PartitionState, batch: Batch): KafkaMessage[] {
    const fetchedOffset = (batch as Batch & { fetchedOffset?: string | number }).fetchedOffset ?? batch.firstOffset() ?? '0';
    if (!this.pipeline.acceptsFetch(batch.partition, String(fetchedOffset))) return [];
    const messages = batch.messages;
    if (state.next < 0 || messages.length === 0 || Number((messages[0] as KafkaMessage).offset) >= state.next) return messages;
    // Fetched from an earlier offset (kafkajs re-reads from the committed offset after a rejoin): those
    // messages are already taken in, their writes queued or done.
    return messages.filter((m) => Number(m.offset) >= state.next);
  }

  /** Takes a chunk in: counted (after this turn, behind the partition's previous chunk) into a batch to write. */
  private countChunk(state: PartitionState, chunk: KafkaMessage[], highWatermark: string): FetchedBatch {
    const positionsBefore = state.positions;
    // Counted right after this call returns: kafkajs then has its next fetch on the way, and the broker
    // reads and sends it while this thread counts (counting here would hold the fetch back). Counting does
    // not wait for the partition's previous write, so the messages are garbage long before this batch's
    // turn to write.
    const counted = positionsBefore.then((before) =>
      afterThisTurn((): Counted => {
        const positions = before.copy();
        return { ...aggregateBatch(chunk, this.opts.handleLine, this.opts.courseTable, this.opts.searchTable, positions), positions };
      }),
    );
    counted.catch(() => undefined); // a batch skipped after a failed write is never awaited
    const last = (chunk[chunk.length - 1] as KafkaMessage).offset;
    state.next = Number(last) + 1;
    state.positions = counted.then((c) => c.positions);
    state.positions.catch(() => undefined);
    return { state, counted, first: Number((chunk[0] as KafkaMessage).offset), last, began: Date.now(), highWatermark };
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const size = this.opts.maxBatchLines ?? DEFAULT_BATCH_LINES;
    const partition = batch.partition;
    const state = this.partitions.get(partition);
    if (!state) return;
    await state.ready;
    // Taken over again meanwhile (a failed write): kafkajs fetches again from where that put it.
    if (this.partitions.get(partition) !== state || !isRunning() || isStale()) return;
    if (!this.committer.owns(partition)) {
      // Fenced by a newer owner: nothing to do until the group assigns partitions again.
      await sleep(200);
      await heartbeat();
      return;
    }
    const messages = this.takeIn(state, batch);
    for (let i = 0; i < messages.length; i += size) {
      const chunk = messages.slice(i, i + size);
      const generation = this.pipeline.generation(partition);
      const fetched = this.countChunk(state, chunk, batch.highWatermark);
      // Behind on this partition? The batch joins the write still waiting for its turn (partition-pipeline.ts).
      if (!this.pipeline.join(partition, fetched, chunk.length, size)) {
        // Waits while two of this partition's writes are in flight; false = skip, a rewind is pending.
        if (!(await this.pipeline.admit(partition, generation))) return;
        if (!isRunning() || isStale() || this.partitions.get(partition) !== state) return;
        this.pipeline.start(partition, String(fetched.first), fetched, chunk.length);
      }
      // Fetching goes on from here while the write runs; what is committed is decided by the write alone.
      resolveOffset(fetched.last);
    }
    const lastMessage = batch.messages.at(-1);
    // Everything was taken in before (a re-read after a rejoin): let kafkajs fetch on from past it.
    if (messages.length === 0 && lastMessage && state.next > Number(lastMessage.offset)) resolveOffset(lastMessage.offset);
    await heartbeat();
  }

  /**
   * One write: a partition's batch, or several that joined while they waited, counted and merged in offset
   * order. Counters to HBase, then dead letters and the offset in one transaction.
   */
  private async write(partition: number, batches: FetchedBatch[]): Promise<void> {
    const results = await Promise.all(batches.map((b) => b.counted));
    const r = mergeBatchResults(results);
    const { last, highWatermark, state } = batches[batches.length - 1] as FetchedBatch;
    const positions = (results[results.length - 1] as Counted).positions;
    const began = (batches[0] as FetchedBatch).began;
    const applied = await state.writer.write({ partition, lastOffset: last, updates: r.updates });
    await state.confirmed;
    await this.committer.commit(partition, last, r.deadLetters, positions.serialize());
    // Each course line touches exactly one course row: that table's applied lines are the clicks counted now.
    const counted = applied.get(this.opts.courseTable)?.linesApplied ?? 0;
    this.metrics.batch({
      lines: r.lines,
      counted,
      filtered: r.filtered,
      malformed: r.deadLetters.length,
      replayed: r.courseLines - counted,
      resends: r.resends,
      latencyMs: Date.now() - began,
    });
    this.metrics.lag(partition, Math.max(0, Number(highWatermark) - Number(last) - 1));
    this.opts.onBatch?.(this.metrics.snapshot());
  }
}
