import * as fs from 'node:fs';
import { loadConfig } from '../config';
import { HBaseClient } from '../hbase';
import { kafkaFor } from '../kafka';
import { StreamJob } from './job';
import { createLineHandler } from './lines';

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

async function main(opts: DrillWorkerOptions): Promise<void> {
  const cfg = loadConfig();
  const hbase = await HBaseClient.forLab(cfg);
  let batches = 0;
  const job = new StreamJob({
    kafka: kafkaFor(cfg, 'crash-drill-victim'),
    hbase,
    handleLine: createLineHandler(cfg),
    topic: opts.topic,
    deadLetterTopic: opts.deadLetterTopic,
    courseTable: cfg.tables.courseClicks,
    searchTable: cfg.tables.searchClicks,
    groupId: opts.groupId,
    delivery: opts.delivery,
    maxBatchLines: opts.maxBatchLines,
    beforeCommit: (partition, lastOffset) => {
      if (++batches < opts.crashAfterBatches) return;
      const note: CrashNote = { partition, lastOffset: Number(lastOffset), batches, pid: process.pid };
      fs.writeFileSync(opts.crashFile, JSON.stringify(note));
      process.kill(process.pid, 'SIGKILL');
    },
  });
  await job.start();
}

if (require.main === module) {
  main(JSON.parse(process.argv[2] ?? '{}') as DrillWorkerOptions).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
