/**
 * Per partition, where the worker must read again after a crash to rebuild the windows still open (issue #19).
 * A line is needed while its last window is open; lines arrive almost in event-time order, so the offsets are
 * kept per last-window start (one entry per slide), not per line.
 */
export class NeededOffsets {
  /** partition → last window start → the smallest offset of a line with that last window. */
  private readonly byPartition = new Map<number, Map<number, number>>();

  record(partition: number, lastWindowStart: number, offset: number): void {
    let starts = this.byPartition.get(partition);
    if (!starts) this.byPartition.set(partition, (starts = new Map()));
    const known = starts.get(lastWindowStart);
    if (known === undefined || offset < known) starts.set(lastWindowStart, offset);
  }

  /**
   * The offset to read `partition` again from: its oldest line whose last window starts at or after
   * `oldestOpen` (null: no window has closed, every line is needed), else `next` (nothing is needed). Forgets
   * the lines no longer needed.
   */
  readFrom(partition: number, oldestOpen: number | null, next: number): number {
    const starts = this.byPartition.get(partition);
    let from = next;
    if (!starts) return from;
    for (const [start, offset] of starts) {
      if (oldestOpen !== null && start < oldestOpen) starts.delete(start);
      else from = Math.min(from, offset);
    }
    return from;
  }

  clear(): void {
    this.byPartition.clear();
  }
}
