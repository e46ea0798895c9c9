import type { Admin, Kafka, PartitionOffset, Producer } from 'kafkajs';
import { sleep } from '../util/wait';

export interface DeadLetter {
  value: Buffer;
  reason: string;
  offset: string;
}

/** A broker answer that means "not yet": the previous transaction's commit markers are still being written. */
function isConcurrentTransactions(err: unknown): boolean {
  return (err as { type?: string } | null)?.type === 'CONCURRENT_TRANSACTIONS';
}

/** The broker's answers that mean a newer producer with the same transactional id has taken over. */
const FENCING = /^(PRODUCER_FENCED|INVALID_PRODUCER_EPOCH|TRANSACTIONAL_ID_AUTHORIZATION_FAILED)$/;

/**
 * Whether `err` says this worker's producer was fenced (or it holds none): another worker owns the partition
 * now. kafkajs wraps broker errors in retry errors, so the causes are looked at too.
 */
export function isFenced(err: unknown): boolean {
  for (let e = err as { type?: string; name?: string; originalError?: unknown; cause?: unknown } | null | undefined, depth = 0; e && depth < 5; depth++) {
    if (e instanceof NotOwnerError || FENCING.test(e.type ?? '')) return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}

const MAX_ATTEMPTS = 30;
/**
 * Dead letters per produce request. kafkajs groups a send's messages by partition by copying the partition's
 * list once per message, which is quadratic: a 1M-line run's 20k dead letters cost ~90 ms of CPU in one send
 * per batch (~2,000 each), ~50 ms in sends of 1,000, and about a quarter of that in sends of 250 — for a few
 * more round trips per batch.
 */
const DEAD_LETTERS_PER_SEND = 250;
/** Bytes of dead letters per send: a send is one record batch, and the broker takes batches up to 8 MiB. */
const DEAD_LETTER_BYTES_PER_SEND = 1024 * 1024;

/** Dead letters in sends of at most DEAD_LETTERS_PER_SEND, and of DEAD_LETTER_BYTES_PER_SEND unless one line alone is larger. */
export function deadLetterSends(deadLetters: readonly DeadLetter[]): DeadLetter[][] {
  const sends: DeadLetter[][] = [];
  let current: DeadLetter[] = [];
  let bytes = 0;
  for (const d of deadLetters) {
    if (current.length > 0 && (current.length === DEAD_LETTERS_PER_SEND || bytes + d.value.length > DEAD_LETTER_BYTES_PER_SEND)) {
      sends.push(current);
      current = [];
      bytes = 0;
    }
    current.push(d);
    bytes += d.value.length;
  }
  if (current.length > 0) sends.push(current);
  return sends;
}

/** The next offset to read, and what the job stores with it (its file positions, file-positions.ts). */
export interface CommittedPosition {
  /** -1 when the group has committed nothing for the partition. */
  offset: number;
  metadata: string | null;
}

/** Thrown by `commit` for a partition this worker holds no producer for: it was fenced, or never owned it. */
export class NotOwnerError extends Error {
  readonly name = 'NotOwnerError';
}

/**
 * Dead letters and consumer offsets, committed atomically per input partition: one transactional producer per
 * partition (`<group>-<topic>-<partition>`), so a restarted or moved partition fences its zombie.
 *
 * Ownership rules that keep that fencing sound (kafkajs's TxnOffsetCommit carries no group generation):
 *   - a producer is made only by `fence()`, which the job calls for a partition it was just assigned, after its
 *     own writes of that partition have finished and BEFORE it reads the committed offset: initialising the
 *     producer aborts or completes the previous owner's open transaction, so the offset read next is final;
 *   - a fenced producer is dropped and not made again by `commit()`: a worker that lost the partition must not
 *     fence its rightful owner back (the two would take turns fencing each other);
 *   - offsets only move forward: a commit below one this worker already committed is refused.
 *
 * A transaction begun right after the previous commit can meet CONCURRENT_TRANSACTIONS while the broker still
 * writes the commit markers (milliseconds). kafkajs retries that for sends but not for AddOffsetsToTxn, which
 * is the first call of a batch without dead letters — so the whole transaction is aborted and tried again here.
 */
export class TransactionalCommitter {
  private readonly producers = new Map<number, Promise<Producer>>();
  /** Per partition, the highest next-offset this worker has committed since it was last fenced in. */
  private readonly committed = new Map<number, number>();
  private admin: Promise<Admin> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    private readonly topic: string,
    private readonly deadLetterTopic: string,
  ) {}

  /**
   * Takes the partition over: drops this worker's old producer for it and initialises a new one, which fences
   * every earlier producer of the partition (a zombie's open transaction is aborted, a committing one completed).
   */
  async fence(partition: number): Promise<void> {
    this.drop(partition);
    const producer = this.kafka.producer({
      transactionalId: `${this.groupId}-${this.topic}-${partition}`,
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { initialRetryTime: 10, maxRetryTime: 500, retries: 30 },
    });
    // kafkajs's connect() initialises only an idempotent producer id; the transactional id is registered (and
    // every earlier producer of it fenced) when the first transaction begins. Begin one now and end it at once
    // (nothing sent, so nothing goes to the broker): the fencing happens here, before the offset is read.
    const ready = producer.connect().then(async () => {
      await (await producer.transaction()).abort();
      return producer;
    });
    this.producers.set(partition, ready);
    ready.catch(() => {
      if (this.producers.get(partition) === ready) this.producers.delete(partition);
    });
    await ready;
  }

  /** Whether this worker holds a live producer for the partition. */
  owns(partition: number): boolean {
    return this.producers.has(partition);
  }

  /** The group's committed position of the partition, read after `fence()` so no transaction is still open. */
  async committedPosition(partition: number): Promise<CommittedPosition> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(() => admin);
      this.admin.catch(() => (this.admin = undefined));
    }
    const [topic] = await (await this.admin).fetchOffsets({ groupId: this.groupId, topics: [this.topic] });
    const p = topic?.partitions.find((x) => x.partition === partition);
    const offset = Number(p?.offset ?? -1);
    if (offset >= 0) this.committed.set(partition, offset);
    else this.committed.delete(partition);
    return { offset, metadata: p?.metadata ?? null };
  }

  /**
   * Commits the dead letters and the partition's next offset (`lastOffset` + 1, with `metadata`) in one
   * transaction. Throws NotOwnerError without a producer, and refuses to move the offset backwards.
   */
  async commit(partition: number, lastOffset: string, deadLetters: readonly DeadLetter[], metadata: string | null = null): Promise<void> {
    const pending = this.producers.get(partition);
    if (!pending) throw new NotOwnerError(`partition ${partition} of ${this.topic} is not this worker's (fenced, or not assigned): nothing committed`);
    const next = Number(lastOffset) + 1;
    const before = this.committed.get(partition);
    if (before !== undefined && next < before) {
      throw new Error(`refusing to move the committed offset of ${this.topic}/${partition} back from ${before} to ${next}`);
    }
    const producer = await pending;
    for (let attempt = 1; ; attempt++) {
      const txn = await producer.transaction();
      try {
        for (const send of deadLetterSends(deadLetters)) {
          await txn.send({
            topic: this.deadLetterTopic,
            messages: send.map((d) => ({
              value: d.value,
              headers: { reason: d.reason, source: `${this.topic}/${partition}/${d.offset}` },
            })),
          });
        }
        await txn.sendOffsets({
          consumerGroupId: this.groupId,
          // kafkajs sends a partition's `metadata` with TxnOffsetCommit; its typings only leave it out.
          topics: [{ topic: this.topic, partitions: [{ partition, offset: String(next), metadata } as PartitionOffset] }],
        });
        await txn.commit();
        this.committed.set(partition, Math.max(next, this.committed.get(partition) ?? next));
        return;
      } catch (err) {
        const abortError = await txn.abort().then(
          () => undefined,
          (e: unknown) => e ?? new Error('abort failed'),
        );
        if (abortError === undefined && isConcurrentTransactions(err) && attempt < MAX_ATTEMPTS) {
          await sleep(Math.min(5 * attempt, 100));
          continue;
        }
        // The abort can be what tells: a producer frozen past its transaction's life learns it was fenced from
        // EndTxn. And kafkajs leaves a producer whose abort failed stuck (every later transaction is refused),
        // so it is dropped either way; only a fenced one is reported as fenced, so the job does not take the
        // partition back from its new owner.
        if (abortError !== undefined || isFenced(err)) this.drop(partition);
        throw !isFenced(err) && isFenced(abortError) ? abortError : err;
      }
    }
  }

  /** Forgets a partition's producer (fenced, broken, or the partition moved): commits fail until `fence()`. */
  drop(partition: number): void {
    const p = this.producers.get(partition);
    this.producers.delete(partition);
    this.committed.delete(partition);
    void p?.then((producer) => producer.disconnect()).catch(() => undefined);
  }

  async close(): Promise<void> {
    for (const p of this.producers.values()) await p.then((producer) => producer.disconnect()).catch(() => undefined);
    this.producers.clear();
    await this.admin?.then((a) => a.disconnect()).catch(() => undefined);
    this.admin = undefined;
  }
}
