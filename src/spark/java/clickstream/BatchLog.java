package clickstream;

import org.apache.spark.sql.streaming.StreamingQueryListener;

/**
 * One log line per micro-batch that read lines: its id, how many, and how long it took from trigger to commit.
 * `lab spark status` and lesson 10 read these lines; Spark's own progress JSON is far too long for a learner's log.
 */
final class BatchLog extends StreamingQueryListener {
  static final String PREFIX = "clickstream-spark: batch ";

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    long rows = event.progress().numInputRows();
    if (rows == 0) return;
    Long ms = event.progress().durationMs().get("triggerExecution");
    System.out.println(PREFIX + event.progress().batchId() + " rows " + rows + " ms " + (ms == null ? -1 : ms) + " at " + event.progress().timestamp());
  }

  @Override
  public void onQueryIdle(QueryIdleEvent event) {}

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}
}
