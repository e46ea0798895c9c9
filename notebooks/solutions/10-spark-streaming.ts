import { kafkaFor, measureFreshness, sparkCheckpoint, sparkTablesConfig, startSparkJob, stopSparkJob, untilSparkCaughtUp, type HBaseClient, type LabConfig, type SteadyFreshness } from 'clickstream-lab';

/**
 * Exercise 10.1: runs the Spark job with the trigger interval `triggerMs` (restarted, so that the new interval
 * applies), waits until it has caught up with access-log, then measures its freshness at 1,000 lines/s for 10 s
 * from the Spark job's tables, and returns that measurement.
 */
export async function freshnessAtTrigger(cfg: LabConfig, hbase: HBaseClient, triggerMs: number): Promise<SteadyFreshness> {
  // A running job keeps the trigger it was started with: stop it first.
  await stopSparkJob(cfg);
  await startSparkJob(cfg, { triggerMs });
  await untilSparkCaughtUp(kafkaFor(cfg, 'lesson-10-exercise'), sparkCheckpoint(cfg), cfg.topics.accessLog, 120_000);
  // The same measurement as lesson 08's, but reading the Spark job's tables.
  return measureFreshness(sparkTablesConfig(cfg), hbase, 1000, 10);
}
