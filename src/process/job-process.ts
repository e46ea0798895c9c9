import * as path from 'node:path';

/**
 * How a process that runs the streaming job is started (`lab up`'s workers, the crash drill's victim, the
 * bench's job rounds): Node flags for its heap, and the preload that puts the lab's faster kafkajs parts in
 * place before kafkajs loads (kafka/preload.ts). No other process gets the preload.
 *
 * Heap: kafkajs decodes a 16 MiB fetch into ~170k message objects at once; with a larger young generation more
 * of them die there instead of being copied into the old one. The old generation is capped so that a worker
 * stays inside its memory cap (stack/memory-caps.ts) under any backlog: the job holds at most two batches per
 * partition, so its live data is bounded; the cap makes a leak fail loudly. docs/benchmarks.md has the sizes
 * that were measured.
 */
export const JOB_HEAP_FLAGS: readonly string[] = ['--max-semi-space-size=32', '--max-old-space-size=1024'];

/** The compiled preload next to this file's layer (dist/src/kafka/preload.js). */
export const KAFKAJS_PRELOAD = path.join(__dirname, '..', 'kafka', 'preload.js');

/** Node arguments, before the script, of a process that runs the job. */
export function jobNodeArgs(): string[] {
  return [...JOB_HEAP_FLAGS, '--require', KAFKAJS_PRELOAD];
}
