/**
 * Lets the job write one batch while kafkajs fetches the next. kafkajs fetches, hands every partition's batch
 * to the job, waits until all return, then fetches again; a job that wrote to HBase and committed inside that
 * call left the fetcher idle for the whole write. Here a batch's write starts, the call returns, and the
 * partition's next batch waits only for the previous write — so writes stay in order per partition, at most
 * one in flight each, while fetching and decoding go on.
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
  private readonly tails = new Map<number, Promise<void>>();
  /** Partition → the offset its next accepted batch must start at (or before). */
  private readonly rewinds = new Map<number, string>();

  constructor(private readonly hooks: PipelineHooks) {}

  /**
   * Waits for the partition's previous write. False when this batch must be skipped: a write failed and the
   * partition is being read again from an earlier offset.
   */
  async admit(partition: number, firstOffset: string): Promise<boolean> {
    await this.tails.get(partition);
    const rewindTo = this.rewinds.get(partition);
    if (rewindTo === undefined) return true;
    if (BigInt(firstOffset) > BigInt(rewindTo)) return false; // fetched before the seek took effect
    this.rewinds.delete(partition);
    return true;
  }

  /** Starts writing an admitted batch; the partition's next batch is admitted once this settles. */
  start(partition: number, firstOffset: string, write: () => Promise<void>): void {
    const run = write().catch(async (err: unknown) => {
      this.hooks.onError(partition, err);
      await sleep(this.hooks.retryDelayMs ?? 1000);
      this.rewinds.set(partition, firstOffset);
      this.hooks.seek(partition, firstOffset);
    });
    this.tails.set(partition, run);
  }

  /** Waits until no write is in flight. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.tails.values()]);
  }

  /** Forget rewinds of partitions no longer assigned here: their next owner starts at the committed offset. */
  reassigned(partitions: readonly number[]): void {
    for (const p of [...this.rewinds.keys()]) if (!partitions.includes(p)) this.rewinds.delete(p);
  }
}
