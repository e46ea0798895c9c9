/**
 * The most resident memory each long-running process of the lab may use, in MB (checked by the burst test,
 * stated in the README). The JVMs' heaps are capped by -Xmx (config heap: Kafka 512m, HBase 640m, Flume 256m);
 * the rest is metaspace, code, thread stacks and buffers. The streaming worker's heap is capped by
 * JOB_HEAP_FLAGS (process/job-process.ts: --max-old-space-size). Together they keep the lab inside a 4 GB VM with room to spare.
 */
export const RSS_CAPS_MB = {
  kafka: 1024,
  hbase: 1024,
  flume: 512,
  worker: 1280,
} as const;
