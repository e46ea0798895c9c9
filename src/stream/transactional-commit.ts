import type { Kafka, Producer } from 'kafkajs';

export interface DeadLetter {
  value: Buffer;
  reason: string;
  offset: string;
}

/** A broker answer that means "not yet": the previous transaction's commit markers are still being written. */
function isConcurrentTransactions(err: unknown): boolean {
  return (err as { type?: string } | null)?.type === 'CONCURRENT_TRANSACTIONS';
}

/** Errors after which a producer must not be used again: another producer with its id has taken over. */
function isFenced(err: unknown): boolean {
  const e = err as { type?: string; name?: string } | null;
  return /FENCED|INVALID_PRODUCER_EPOCH|INVALID_TXN_STATE/.test(e?.type ?? '') || e?.name === 'KafkaJSNonRetriableError';
}

const MAX_ATTEMPTS = 30;
/**
 * Dead letters per produce request. kafkajs groups a send's messages by partition by copying the partition's
 * list once per message, which is quadratic: a 1M-line run's 20k dead letters cost ~90 ms of CPU in one send
 * per batch (~2,000 each), ~50 ms in sends of 1,000, and about a quarter of that in sends of 250 — for a few
 * more round trips per batch.
 */
const DEAD_LETTERS_PER_SEND = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Dead letters and consumer offsets, committed atomically per input partition: one transactional producer per
 * partition (`<group>-<topic>-<partition>`), so a restarted or moved partition fences its zombie.
 *
 * A transaction begun right after the previous commit can meet CONCURRENT_TRANSACTIONS while the broker still
 * writes the commit markers (milliseconds). kafkajs retries that for sends but not for AddOffsetsToTxn, which
 * is the first call of a batch without dead letters — so the whole transaction is aborted and tried again here.
 */
export class TransactionalCommitter {
  private readonly producers = new Map<number, Promise<Producer>>();

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    private readonly topic: string,
    private readonly deadLetterTopic: string,
  ) {}

  /** Starts the partition's producer (its initialisation takes ~0.5 s: worth doing before the first batch). */
  producerFor(partition: number): Promise<Producer> {
    let p = this.producers.get(partition);
    if (!p) {
      const producer = this.kafka.producer({
        transactionalId: `${this.groupId}-${this.topic}-${partition}`,
        idempotent: true,
        maxInFlightRequests: 1,
        retry: { initialRetryTime: 10, maxRetryTime: 500, retries: 30 },
      });
      p = producer.connect().then(() => producer);
      this.producers.set(partition, p);
    }
    return p;
  }

  async commit(partition: number, lastOffset: string, deadLetters: readonly DeadLetter[]): Promise<void> {
    const producer = await this.producerFor(partition);
    for (let attempt = 1; ; attempt++) {
      const txn = await producer.transaction();
      try {
        for (let i = 0; i < deadLetters.length; i += DEAD_LETTERS_PER_SEND) {
          await txn.send({
            topic: this.deadLetterTopic,
            messages: deadLetters.slice(i, i + DEAD_LETTERS_PER_SEND).map((d) => ({
              value: d.value,
              headers: { reason: d.reason, source: `${this.topic}/${partition}/${d.offset}` },
            })),
          });
        }
        await txn.sendOffsets({
          consumerGroupId: this.groupId,
          topics: [{ topic: this.topic, partitions: [{ partition, offset: String(Number(lastOffset) + 1) }] }],
        });
        await txn.commit();
        return;
      } catch (err) {
        await txn.abort().catch(() => undefined);
        if (isConcurrentTransactions(err) && attempt < MAX_ATTEMPTS) {
          await sleep(Math.min(5 * attempt, 100));
          continue;
        }
        if (isFenced(err)) this.drop(partition);
        throw err;
      }
    }
  }

  /** Forgets a partition's producer (fenced or broken): the next commit initialises a fresh one. */
  drop(partition: number): void {
    const p = this.producers.get(partition);
    this.producers.delete(partition);
    void p?.then((producer) => producer.disconnect()).catch(() => undefined);
  }

  async close(): Promise<void> {
    for (const p of this.producers.values()) await (await p).disconnect().catch(() => undefined);
    this.producers.clear();
  }
}
