// Wrong on purpose (10.1 the trigger interval and the freshness it gives): restarts Spark with the trigger, then
// measures with the lab's own config, so it reads the lab job's tables: the trigger interval changes nothing there.
import { kafkaFor, measureFreshness, sparkCheckpoint, startSparkJob, stopSparkJob, untilSparkCaughtUp, type HBaseClient, type LabConfig, type SteadyFreshness } from 'clickstream-lab';

/**
 * Exercise 10.1: runs the Spark job with the trigger interval `triggerMs` (restarted, so that the new interval
 * applies), waits until it has caught up with access-log, then measures its freshness at 1,000 lines/s for 10 s
 * from the Spark job's tables, and returns that measurement.
 */
export async function freshnessAtTrigger(cfg: LabConfig, hbase: HBaseClient, triggerMs: number): Promise<SteadyFreshness> {
  await stopSparkJob(cfg);
  await startSparkJob(cfg, { triggerMs });
  await untilSparkCaughtUp(kafkaFor(cfg, 'lesson-10-exercise'), sparkCheckpoint(cfg), cfg.topics.accessLog, 120_000);
  return measureFreshness(cfg, hbase, 1000, 10);
}
