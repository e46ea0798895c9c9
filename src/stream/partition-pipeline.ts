/**
 * Lets the job write one batch while kafkajs fetches the next. kafkajs fetches, hands every partition's batch
 * to the job, waits until all return, then fetches again; a job that wrote to HBase and committed inside that
 * call left the fetcher idle for the whole write. Here a batch is queued, the call returns, and fetching and
 * decoding go on. Writes stay in order per partition, one at a time; the partition's next batch is counted
 * while the previous one is written, and only a third waits (a bounded queue: memory stays flat).
 *
 * A failed write loses nothing: its partition is rewound to the batch's first offset (everything before it
 * was written by earlier, successful batches) after a pause, and batches fetched before the rewind took effect
 * are skipped until the partition's data comes again from that offset. What the failed write did apply is
 * found applied on the retry (the exactly-once sink's offsets) and not counted twice.
 */
export interface PipelineHooks {
  /** Point the partition's next fetch at `offset` (kafkajs `consumer.seek`). */
  seek(partition: number, offset: string): void;
  onError(partition: number, err: unknown): void;
  /** Pause before a rewind, so a service that is down is not hammered (default 1 s). */
  retryDelayMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PartitionPipeline {
  /** Per partition: admitted writes not yet settled, oldest first (each settles after the one before). */
  private readonly queues = new Map<number, Promise<void>[]>();
  /** Partition → the offset its next accepted batch must start at (or before). */
  private readonly rewinds = new Map<number, string>();
  /** Per partition: how many writes failed. A batch admitted before a failure is skipped, not written. */
  private readonly failures = new Map<number, number>();

  /** `depth`: batches per partition admitted at once — one being written, the next being counted meanwhile. */
  constructor(
    private readonly hooks: PipelineHooks,
    private readonly depth = 2,
  ) {}

  private queue(partition: number): Promise<void>[] {
    let q = this.queues.get(partition);
    if (!q) {
      q = [];
      this.queues.set(partition, q);
    }
    return q;
  }

  /**
   * Waits until the partition has room (fewer than `depth` batches in flight). False when this batch must be
   * skipped: a write failed and the partition is being read again from an earlier offset.
   */
  async admit(partition: number, firstOffset: string): Promise<boolean> {
    const q = this.queue(partition);
    while (q.length >= this.depth) await q[0];
    const rewindTo = this.rewinds.get(partition);
    if (rewindTo === undefined) return true;
    if (BigInt(firstOffset) > BigInt(rewindTo)) return false; // fetched before the seek took effect
    this.rewinds.delete(partition);
    return true;
  }

  /** Queues an admitted batch's write: it runs once the partition's previous write has succeeded. */
  start(partition: number, firstOffset: string, write: () => Promise<void>): void {
    const q = this.queue(partition);
    const generation = this.failures.get(partition) ?? 0;
    const previous = q[q.length - 1] ?? Promise.resolve();
    const run: Promise<void> = previous
      .then(async () => {
        // An earlier batch failed after this one was admitted: this one comes again after the rewind.
        if ((this.failures.get(partition) ?? 0) !== generation) return;
        await write();
      })
      .catch(async (err: unknown) => {
        // From now on, batches after this one are skipped: queued ones by the count, new ones by the rewind.
        this.failures.set(partition, generation + 1);
        this.rewinds.set(partition, firstOffset);
        this.hooks.onError(partition, err);
        await sleep(this.hooks.retryDelayMs ?? 1000);
        this.hooks.seek(partition, firstOffset);
      })
      .finally(() => q.splice(q.indexOf(run), 1));
    q.push(run);
  }

  /** Waits until no write is in flight. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].flat());
  }

  /** Forget rewinds of partitions no longer assigned here: their next owner starts at the committed offset. */
  reassigned(partitions: readonly number[]): void {
    for (const p of [...this.rewinds.keys()]) if (!partitions.includes(p)) this.rewinds.delete(p);
  }
}
