import * as fs from 'node:fs';
import { loadConfig } from '../config';
import { HBaseClient } from '../hbase';
import { kafkaFor } from '../kafka';
import { hbaseSink } from '../stream/hbase-sinks';
import { StreamJob } from '../stream/job';
import type { Sink } from '../stream/sink';
import { createLineHandler } from '../stream/lines';

/**
 * The crash drill's victim (run by crash-drill.ts in a child process): a streaming worker that kills itself
 * with SIGKILL — no cleanup, no offset commit, exactly like `kill -9` or a power cut — right after its
 * N-th micro-batch reached HBase and before that batch's offsets are committed.
 */
export interface DrillWorkerOptions {
  topic: string;
  deadLetterTopic: string;
  groupId: string;
  delivery: 'exactly-once' | 'at-least-once';
  maxBatchLines: number;
  crashAfterBatches: number;
  /** Where the worker notes the batch it died in, just before dying. */
  crashFile: string;
}

export interface CrashNote {
  partition: number;
  lastOffset: number;
  batches: number;
  pid: number;
}

/**
 * `sink`, except that the process dies right after the N-th batch was written: the lesson's crash, placed in
 * the window between a batch's write and its offset commit where an at-least-once sink counts lines twice.
 */
function dyingAfterWrite(sink: Sink, opts: DrillWorkerOptions): Sink {
  let batches = 0;
  return {
    delivery: sink.delivery,
    openPartition: (topic, partition) => {
      const writer = sink.openPartition(topic, partition);
      return {
        write: async (batch) => {
          const applied = await writer.write(batch);
          if (++batches >= opts.crashAfterBatches) {
            const note: CrashNote = { partition, lastOffset: Number(batch.lastOffset), batches, pid: process.pid };
            fs.writeFileSync(opts.crashFile, JSON.stringify(note));
            process.kill(process.pid, 'SIGKILL');
          }
          return applied;
        },
      };
    },
  };
}

async function main(opts: DrillWorkerOptions): Promise<void> {
  const cfg = loadConfig();
  const hbase = await HBaseClient.forLab(cfg);
  const job = new StreamJob({
    kafka: kafkaFor(cfg, 'crash-drill-victim'),
    sink: dyingAfterWrite(hbaseSink(hbase, opts.delivery), opts),
    handleLine: createLineHandler(cfg),
    topic: opts.topic,
    deadLetterTopic: opts.deadLetterTopic,
    courseTable: cfg.tables.courseClicks,
    searchTable: cfg.tables.searchClicks,
    groupId: opts.groupId,
    maxBatchLines: opts.maxBatchLines,
  });
  await job.start();
}

if (require.main === module) {
  main(JSON.parse(process.argv[2] ?? '{}') as DrillWorkerOptions).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
