import { sleep } from '../util/wait';

/**
 * Lets the job write one batch while kafkajs fetches the next. kafkajs fetches, hands every partition's batch
 * to the job, waits until all return, then fetches again; a job that wrote to HBase and committed inside that
 * call left the fetcher idle for the whole write. Here a batch is queued, the call returns, and fetching and
 * decoding go on. Writes stay in order per partition, one at a time; the partition's next write is counted
 * while the previous one is written, and only a third waits (a bounded queue: memory stays flat).
 *
 * Under a backlog the queued write takes in the batches that arrive while it waits its turn: one write
 * and one Kafka transaction for several fetches. A write's cost is mostly per row and per request, not per line
 * (a batch touches the same few hundred rows whatever its size), so the job catches up in fewer, larger writes;
 * at a trickle nothing waits and nothing changes.
 *
 * A failed write loses nothing: its partition is rewound to the batch's first offset (everything before it
 * was written by earlier, successful batches) after a pause, and batches fetched before the rewind took effect
 * are skipped until the partition's data comes again from that offset (a fetch from an offset at or before it).
 * What the failed write did apply is found applied on the retry (the exactly-once sink's offsets) and not
 * counted twice.
 */
export interface PipelineHooks<B> {
  /** Writes a partition's batches (one, or several joined while they waited), in offset order, as one. */
  write(partition: number, batches: B[]): Promise<void>;
  /** Point the partition's next fetch at `offset` (kafkajs `consumer.seek`). */
  seek(partition: number, offset: string): void;
  /** A write failed: `batches` are read again from the first one's offset. */
  onError(partition: number, err: unknown, batches: readonly B[]): void;
  /** Pause before a rewind, so a service that is down is not hammered (default 1 s). */
  retryDelayMs?: number;
}

/** A queued write: its batches, and whether it has begun (then nothing more joins it). */
interface Entry<B> {
  run: Promise<void>;
  batches: B[];
  lines: number;
  generation: number;
  begun: boolean;
}


export class PartitionPipeline<B> {
  /** Per partition: admitted writes not yet settled, oldest first (each settles after the one before). */
  private readonly queues = new Map<number, Entry<B>[]>();
  /** Partition → the offset its next accepted batch must start at (or before). */
  private readonly rewinds = new Map<number, string>();
  /** Per partition: how many writes failed. A batch admitted before a failure is skipped, not written. */
  private readonly failures = new Map<number, number>();

  /** `depth`: batches per partition admitted at once — one being written, the next being counted meanwhile. */
  constructor(
    private readonly hooks: PipelineHooks<B>,
    private readonly depth = 2,
  ) {}

  private queue(partition: number): Entry<B>[] {
    let q = this.queues.get(partition);
    if (!q) {
      q = [];
      this.queues.set(partition, q);
    }
    return q;
  }

  /** Counts failed writes: a batch taken in before a failure carries an older generation and is skipped. */
  generation(partition: number): number {
    return this.failures.get(partition) ?? 0;
  }

  /**
   * Whether a batch fetched from `fetchedOffset` may be taken in. While a rewind is pending only a fetch from
   * the rewind's offset (or before it) may: later ones were fetched before the seek took effect.
   */
  acceptsFetch(partition: number, fetchedOffset: string): boolean {
    const rewindTo = this.rewinds.get(partition);
    if (rewindTo === undefined) return true;
    if (BigInt(fetchedOffset) > BigInt(rewindTo)) return false;
    this.rewinds.delete(partition);
    return true;
  }

  /** The partition's next fetch will be from `offset` (the caller seeks): skip batches fetched before that. */
  rewind(partition: number, offset: string): void {
    this.rewinds.set(partition, offset);
  }

  /**
   * Waits until the partition has room (fewer than `depth` writes in flight). False when the batch must be
   * skipped: a write failed since it was taken in (`generation`), and the partition is read again.
   */
  async admit(partition: number, generation: number): Promise<boolean> {
    const q = this.queue(partition);
    while (q.length >= this.depth) await (q[0] as Entry<B>).run;
    return this.generation(partition) === generation;
  }

  /**
   * Adds the batch to the partition's queued write if that write waits behind another, has room for `lines`
   * more (at most `maxLines` in all), and no rewind is pending (then the batch directly follows the queued
   * ones). False: admit it and start a write of its own.
   */
  join(partition: number, batch: B, lines: number, maxLines: number): boolean {
    const q = this.queue(partition);
    const last = q.at(-1);
    const generation = this.failures.get(partition) ?? 0;
    if (q.length < 2 || !last || last.begun || last.generation !== generation || this.rewinds.has(partition)) return false;
    if (last.lines + lines > maxLines) return false;
    last.batches.push(batch);
    last.lines += lines;
    return true;
  }

  /** Queues an admitted batch's write: it runs once the partition's previous write has succeeded. */
  start(partition: number, firstOffset: string, batch: B, lines: number): void {
    const q = this.queue(partition);
    const generation = this.failures.get(partition) ?? 0;
    const previous = q.at(-1)?.run ?? Promise.resolve();
    const entry: Entry<B> = { run: previous, batches: [batch], lines, generation, begun: false };
    entry.run = previous
      .then(async () => {
        entry.begun = true;
        // An earlier batch failed after this one was admitted: this one comes again after the rewind.
        if ((this.failures.get(partition) ?? 0) !== generation) return;
        await this.hooks.write(partition, entry.batches);
      })
      .catch(async (err: unknown) => {
        // From now on, batches after this one are skipped: queued ones by the count, new ones by the rewind.
        this.failures.set(partition, generation + 1);
        this.rewinds.set(partition, firstOffset);
        this.hooks.onError(partition, err, entry.batches);
        await sleep(this.hooks.retryDelayMs ?? 1000);
        this.hooks.seek(partition, firstOffset);
      })
      .finally(() => q.splice(q.indexOf(entry), 1));
    q.push(entry);
  }

  /** Waits until no write is in flight. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].flat().map((e) => e.run));
  }

  /** Waits until the partition's writes in flight have settled (each settles after the one before it). */
  async drainPartition(partition: number): Promise<void> {
    await this.queue(partition).at(-1)?.run;
  }

  /** Forget a partition's pending rewind: it was (re)assigned and starts over from the committed offset. */
  forgetRewind(partition: number): void {
    this.rewinds.delete(partition);
  }
}
